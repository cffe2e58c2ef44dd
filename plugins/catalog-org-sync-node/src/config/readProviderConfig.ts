import { isValidEntityName } from '../naming/entityName';
import type { Config } from '@backstage/config';
import { readBoundedDurationMs, type DurationBounds } from './durations';
import { isPlanId } from '../guard/planId';
import { defaultDeletionGuardConfig, type DeletionGuardConfig } from '../guard/deletionGuard';
export { defaultSchedule, readSchedule } from './readSchedule';
export { readIncrementalConfig } from './incremental';
export { MAX_TIMER, readBoundedDurationMs, type DurationBounds } from './durations';

/** The namespace for every entity of this provider; undefined = `default`. */
export function readNamespace(config: Config, configPath: string): string | undefined {
  const namespace = config.getOptionalString('namespace');
  if (namespace !== undefined && !isValidEntityName(namespace)) {
    throw new Error(`${configPath}.namespace "${namespace}" is not a valid catalog namespace ([a-zA-Z0-9] at both ends, -_. inside, at most 63 characters)`);
  }
  return namespace;
}

/** Picks a strategy by the name in config, naming the setting and the choices when it is unknown. */
export function readStrategyName(config: Config, key: string, configPath: string, available: string[], fallback: string): string {
  const chosen = config.getOptionalString(key) ?? fallback;
  if (!available.includes(chosen)) {
    throw new Error(`${configPath}.${key} "${chosen}" is not a known naming strategy; use one of: ${available.join(', ')}`);
  }
  return chosen;
}

function share(config: Config, key: string, configPath: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value >= 0 && value <= 1)) throw new Error(`${configPath}.guard.${key} must be a number from 0 to 1, got ${value}`);
  return value;
}

/** The largest floor we accept: above it the share limits would not protect any org we serve. */
const MAX_ALWAYS_ALLOWED = 1000;

function count(config: Config, key: string, configPath: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(Number.isInteger(value) && value >= 0 && value <= MAX_ALWAYS_ALLOWED)) {
    throw new Error(`${configPath}.guard.${key} must be a whole number from 0 to ${MAX_ALWAYS_ALLOWED}, got ${value}`);
  }
  return value;
}

export function readGuardConfig(config: Config, configPath: string): DeletionGuardConfig {
  const guard = config.getOptionalConfig('guard');
  if (!guard) return { ...defaultDeletionGuardConfig };
  return {
    enabled: guard.getOptionalBoolean('enabled') ?? defaultDeletionGuardConfig.enabled,
    maxUserRemovalShare: share(guard, 'maxUserRemovalShare', configPath, defaultDeletionGuardConfig.maxUserRemovalShare),
    maxGroupRemovalShare: share(guard, 'maxGroupRemovalShare', configPath, defaultDeletionGuardConfig.maxGroupRemovalShare),
    alwaysAllowedRemovals: count(guard, 'alwaysAllowedRemovals', configPath, defaultDeletionGuardConfig.alwaysAllowedRemovals),
    maxMembershipRemovalShare: share(guard, 'maxMembershipRemovalShare', configPath, defaultDeletionGuardConfig.maxMembershipRemovalShare),
    alwaysAllowedMembershipRemovals: count(guard, 'alwaysAllowedMembershipRemovals', configPath, defaultDeletionGuardConfig.alwaysAllowedMembershipRemovals),
    acceptPlan: readAcceptPlan(guard, configPath),
  };
}

/** `guard.acceptPlan`: a plan id as the guard's log line and the operations API give it. */
function readAcceptPlan(guard: Config, configPath: string): string | undefined {
  const planId = guard.getOptionalString('acceptPlan');
  if (planId !== undefined && !isPlanId(planId)) {
    throw new Error(`${configPath}.guard.acceptPlan must be a plan id (8 to 64 lower-case hex characters, as the guard's log line gives it), got ${JSON.stringify(planId)}`);
  }
  return planId;
}

/** Default budget of one HTTP request to the IdP, body included. */
export const defaultRequestTimeoutMs = 60_000;

/** A request taking longer than an hour is a stuck connection, not a slow IdP. */
const requestTimeoutBounds: DurationBounds = { min: { seconds: 1 }, max: { hours: 1 }, example: '{ seconds: 60 } or "PT60S"' };

/** `requestTimeout` (a duration object or ISO 8601 string): how long one request to the IdP may take, body included. Default 60 s. */
export function readRequestTimeoutMs(config: Config, configPath: string): number {
  if (!config.has('requestTimeout')) return defaultRequestTimeoutMs;
  return readBoundedDurationMs(config, 'requestTimeout', configPath, requestTimeoutBounds);
}
