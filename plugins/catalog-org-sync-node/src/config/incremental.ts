import { readDurationFromConfig, type Config } from '@backstage/config';
import { Duration } from 'luxon';

/** Incremental reads: the source gets the last applied read back until a full read is due. */
export interface IncrementalReadOptions {
  enabled: boolean;
  /** A full read at least this often, as the safety net under the increments. */
  fullReadEveryMs: number;
}

export const defaultIncrementalReadOptions: IncrementalReadOptions = { enabled: true, fullReadEveryMs: 24 * 60 * 60 * 1000 };

/** `incremental.enabled` and `incremental.fullReadEvery` (a duration object or an ISO 8601 string). */
export function readIncrementalConfig(config: Config, configPath: string): IncrementalReadOptions {
  const incremental = config.getOptionalConfig('incremental');
  if (!incremental) return { ...defaultIncrementalReadOptions };
  let fullReadEveryMs = defaultIncrementalReadOptions.fullReadEveryMs;
  if (incremental.has('fullReadEvery')) {
    const raw = incremental.getOptional('fullReadEvery');
    try {
      const duration = typeof raw === 'string' ? Duration.fromISO(raw) : Duration.fromObject(readDurationFromConfig(incremental, { key: 'fullReadEvery' }));
      fullReadEveryMs = duration.as('milliseconds');
    } catch (error) {
      throw new Error(`${configPath}.incremental.fullReadEvery is not a duration: ${(error as Error).message}`);
    }
    if (!(fullReadEveryMs > 0)) {
      throw new Error(`${configPath}.incremental.fullReadEvery must be a positive duration like { hours: 24 } or "PT24H", got ${JSON.stringify(raw)}`);
    }
  }
  return { enabled: incremental.getOptionalBoolean('enabled') ?? defaultIncrementalReadOptions.enabled, fullReadEveryMs };
}
