import { readDurationFromConfig, type Config } from '@backstage/config';
import { Duration } from 'luxon';

/**
 * A positive duration at `key`: a duration object (`{ seconds: 30 }`) or an ISO 8601 string (`PT30S`); errors name
 * the full path and show `example` in the config's own form.
 */
export function readPositiveDurationMs(config: Config, key: string, configPath: string, example = '{ seconds: 30 } or "PT30S"'): number {
  const raw = config.getOptional(key);
  let ms: number;
  try {
    const duration = typeof raw === 'string' ? Duration.fromISO(raw) : Duration.fromObject(readDurationFromConfig(config, { key }));
    ms = duration.as('milliseconds');
  } catch (error) {
    throw new Error(`${configPath}.${key} is not a duration: ${(error as Error).message}`);
  }
  if (!(ms > 0)) throw new Error(`${configPath}.${key} must be a positive duration like ${example}, got ${JSON.stringify(raw)}`);
  return ms;
}
