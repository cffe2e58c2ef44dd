import type { Config } from '@backstage/config';
import { readBoundedDurationMs, type DurationBounds } from './durations';

/** Incremental reads: the source gets the last applied read back until a full read is due. @public */
export interface IncrementalReadOptions {
  enabled: boolean;
  /** A full read at least this often, as the safety net under the increments. */
  fullReadEveryMs: number;
}

/** @public */
export const defaultIncrementalReadOptions: IncrementalReadOptions = { enabled: true, fullReadEveryMs: 24 * 60 * 60 * 1000 };

/** Not a timer (compared with the last full read's time); a safety net cast less than monthly leaves what the deltas missed standing too long. */
const fullReadEveryBounds: DurationBounds = { min: { seconds: 1 }, max: { days: 30 }, example: '{ hours: 24 } or "PT24H"' };

/** `incremental.enabled` and `incremental.fullReadEvery` (a duration object or an ISO 8601 string). @public */
export function readIncrementalConfig(config: Config, configPath: string): IncrementalReadOptions {
  const incremental = config.getOptionalConfig('incremental');
  if (!incremental) return { ...defaultIncrementalReadOptions };
  const fullReadEveryMs = incremental.has('fullReadEvery')
    ? readBoundedDurationMs(incremental, 'fullReadEvery', `${configPath}.incremental`, fullReadEveryBounds)
    : defaultIncrementalReadOptions.fullReadEveryMs;
  return { enabled: incremental.getOptionalBoolean('enabled') ?? defaultIncrementalReadOptions.enabled, fullReadEveryMs };
}
