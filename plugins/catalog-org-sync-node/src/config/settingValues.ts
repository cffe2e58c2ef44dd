import type { Config } from '@backstage/config';

/**
 * A text setting as written (not trimmed: PEMs, DNs and filters may need their spaces); undefined when absent or
 * null. A value that is not a string, or only blanks, fails naming the setting: left as is it would be read as "no value".
 *
 * @public
 */
export function readOptionalText(config: Config, key: string, configPath: string): string | undefined {
  const value = config.getOptional(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${configPath}.${key} must be a string, got ${typeof value}`);
  if (!value.trim()) throw new Error(`${configPath}.${key} is empty; remove it or give it a value`);
  return value;
}

/** A text setting that must be there; `example` (e.g. `https://your-org.okta.com`) is shown when it is missing. @public */
export function readRequiredText(config: Config, key: string, configPath: string, example?: string): string {
  const value = readOptionalText(config, key, configPath);
  if (value === undefined) throw new Error(`${configPath}.${key} is required${example ? ` (e.g. ${example})` : ''}`);
  return value;
}

/** The inclusive range a whole-number setting must be in. @public */
export interface WholeNumberBounds {
  min: number;
  max: number;
}

/** A whole-number setting within `bounds`; undefined when absent. Anything else fails naming the setting and the range. @public */
export function readOptionalWholeNumber(config: Config, key: string, configPath: string, bounds: WholeNumberBounds): number | undefined {
  const value = config.getOptional(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new Error(`${configPath}.${key} must be a whole number from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
