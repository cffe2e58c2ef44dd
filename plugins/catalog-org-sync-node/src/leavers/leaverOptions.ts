import type { Config } from '@backstage/config';
import { readBoundedDurationMs, type DurationBounds } from '../config/durations';

/** What happens to a person or group that leaves the IdP (`leavers.*`). @public */
export interface LeaverOptions {
  /** `delete` (default): the entity goes at once. `retain`: it stays, marked as departed, for `retainForMs`. */
  mode: 'delete' | 'retain';
  retainForMs: number;
  /** What a departed entity says when its record is gone from the IdP (modules say it in their IdP's words). */
  absentReason?: { user?: string; group?: string };
}

/** @public */
export const defaultLeaverOptions: LeaverOptions = { mode: 'delete', retainForMs: 30 * 24 * 60 * 60 * 1000 };

/** Not a timer (compared with the departure time), but past ten years a departed entity is kept for good by mistake. */
const retainForBounds: DurationBounds = { min: { seconds: 1 }, max: { years: 10 }, example: '{ days: 30 } or "P30D"' };

export function readLeaverOptions(config: Config, configPath: string): LeaverOptions {
  const leavers = config.getOptionalConfig('leavers');
  if (!leavers) return { ...defaultLeaverOptions };
  const mode = leavers.getOptionalString('mode') ?? defaultLeaverOptions.mode;
  if (mode !== 'delete' && mode !== 'retain') {
    throw new Error(`${configPath}.leavers.mode must be "delete" or "retain", got ${JSON.stringify(mode)}`);
  }
  const retainForMs = leavers.has('retainFor')
    ? readBoundedDurationMs(leavers, 'retainFor', `${configPath}.leavers`, retainForBounds)
    : defaultLeaverOptions.retainForMs;
  return { mode, retainForMs };
}
