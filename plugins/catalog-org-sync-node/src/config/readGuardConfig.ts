import type { Config } from '@backstage/config';
import { isPlanId } from '../guard/planId';
import { defaultDeletionGuardConfig, type DeletionGuardConfig } from '../guard/deletionGuard';

/** `guard`: the deletion guard's limits and an accepted plan; the defaults where a setting is absent. @public */
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

/** `guard.acceptPlan`: a plan id as the guard's log line and the operations API give it. */
function readAcceptPlan(guard: Config, configPath: string): string | undefined {
  const planId = guard.getOptionalString('acceptPlan');
  if (planId !== undefined && !isPlanId(planId)) {
    throw new Error(`${configPath}.guard.acceptPlan must be a plan id (8 to 64 lower-case hex characters, as the guard's log line gives it), got ${JSON.stringify(planId)}`);
  }
  return planId;
}
