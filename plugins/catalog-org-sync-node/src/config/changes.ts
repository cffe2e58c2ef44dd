import type { Config } from '@backstage/config';
import { readBoundedDurationMs, type DurationBounds } from './durations';

/** How a provider handles change signals, read from its `events` and `guard` config. @public */
export interface ChangeOptions {
  /** How often one replica polls the change feed and processes queued changes (`events.poll.interval`). */
  intervalMs: number;
  /** Largest body an inbound route accepts (`events.push.maxBodyBytes`). */
  maxBodyBytes: number;
  /** How long an inbound route waits for a whole body before answering 408 and closing the connection (`events.push.bodyTimeout`). */
  bodyTimeoutMs: number;
  /** The deletion guard counts removals made by changes over this window (`guard.changesWindow`). */
  guardWindowMs: number;
}

/** @public */
export const defaultChangeOptions: ChangeOptions = {
  intervalMs: 30_000,
  maxBodyBytes: 1024 * 1024,
  bodyTimeoutMs: 10_000,
  guardWindowMs: 60 * 60 * 1000,
};

/** A change round more often than every second is a busy loop; one a day apart is no longer a change signal. */
const pollIntervalBounds: DurationBounds = { min: { seconds: 1 }, max: { days: 1 }, example: '{ seconds: 30 } or "PT30S"' };

/** Removals within the window count together: under a minute that is no window, and a full read starts it again anyway. */
const changesWindowBounds: DurationBounds = { min: { minutes: 1 }, max: { days: 7 }, example: '{ hours: 1 } or "PT1H"' };

/** The engine's part of a provider's `events` config (the module reads its own keys) and `guard.changesWindow`. */
export function readChangeOptions(config: Config, configPath: string): ChangeOptions {
  const events = config.getOptionalConfig('events');
  const poll = events?.getOptionalConfig('poll');
  const push = events?.getOptionalConfig('push');
  const guard = config.getOptionalConfig('guard');
  const maxBodyBytes = push?.getOptionalNumber('maxBodyBytes') ?? defaultChangeOptions.maxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
    throw new Error(`${configPath}.events.push.maxBodyBytes must be a whole number of bytes between 1024 and 67108864, got ${maxBodyBytes}`);
  }
  return {
    intervalMs: poll?.has('interval') ? readBoundedDurationMs(poll, 'interval', `${configPath}.events.poll`, pollIntervalBounds) : defaultChangeOptions.intervalMs,
    maxBodyBytes,
    bodyTimeoutMs: readBodyTimeoutMs(push, configPath),
    guardWindowMs: guard?.has('changesWindow')
      ? readBoundedDurationMs(guard, 'changesWindow', `${configPath}.guard`, changesWindowBounds)
      : defaultChangeOptions.guardWindowMs,
  };
}

/** An IdP sends its whole body at once; a body still trickling in after minutes only holds a connection. */
const bodyTimeoutBounds: DurationBounds = { min: { seconds: 1 }, max: { minutes: 5 }, example: '{ seconds: 10 } or "PT10S"' };

function readBodyTimeoutMs(push: Config | undefined, configPath: string): number {
  if (!push?.has('bodyTimeout')) return defaultChangeOptions.bodyTimeoutMs;
  return readBoundedDurationMs(push, 'bodyTimeout', `${configPath}.events.push`, bodyTimeoutBounds);
}
