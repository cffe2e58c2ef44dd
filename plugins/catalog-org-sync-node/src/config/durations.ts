import { readDurationFromConfig, type Config } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** What a duration setting may be: from `min` to `max`, both included. @public */
export interface DurationBounds {
  min: HumanDuration;
  max: HumanDuration;
  /** Shown in errors, in the config's own forms, e.g. `{ seconds: 30 } or "PT30S"`. */
  example: string;
}

/**
 * The longest timer: Node fires a `setTimeout` longer than 2^31-1 ms (about 24.8 days) after 1 ms,
 * so a longer timeout would abort at once and a longer interval would spin.
 *
 * @public
 */
export const MAX_TIMER: HumanDuration = { days: 24 };

/**
 * The duration at `key`, a duration object (`{ seconds: 30 }`), an ISO 8601 string (`PT30S`) or a
 * string like `30s`, in milliseconds. Refused unless within `bounds`; errors name the full path, the bounds and the value given.
 *
 * @public
 */
export function readBoundedDurationMs(config: Config, key: string, configPath: string, bounds: DurationBounds): number {
  const path = `${configPath}.${key}`;
  const raw = config.getOptional(key);
  const ms = readDurationMs(config, key, path);
  if (!(ms >= durationMs(bounds.min) && ms <= durationMs(bounds.max))) {
    throw new Error(`${path} must be a duration from ${inWords(bounds.min)} to ${inWords(bounds.max)}, like ${bounds.example}; got ${JSON.stringify(raw)}`);
  }
  return ms;
}

function readDurationMs(config: Config, key: string, path: string): number {
  try {
    return durationMs(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new Error(`${path} is not a duration: ${(error as Error).message}`);
  }
}

function durationMs(duration: HumanDuration): number {
  return Duration.fromObject(duration).as('milliseconds');
}

function inWords(duration: HumanDuration): string {
  return Duration.fromObject(duration).toHuman();
}
