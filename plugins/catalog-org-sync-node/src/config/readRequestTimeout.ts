import type { Config } from '@backstage/config';
import { readBoundedDurationMs, type DurationBounds } from './durations';

/** Default budget of one HTTP request to the IdP, body included. @public */
export const defaultRequestTimeoutMs = 60_000;

/** A request taking longer than an hour is a stuck connection, not a slow IdP. */
const requestTimeoutBounds: DurationBounds = { min: { seconds: 1 }, max: { hours: 1 }, example: '{ seconds: 60 } or "PT60S"' };

/** `requestTimeout` (a duration object or ISO 8601 string): how long one request to the IdP may take, body included. Default 60 s. @public */
export function readRequestTimeoutMs(config: Config, configPath: string): number {
  if (!config.has('requestTimeout')) return defaultRequestTimeoutMs;
  return readBoundedDurationMs(config, 'requestTimeout', configPath, requestTimeoutBounds);
}
