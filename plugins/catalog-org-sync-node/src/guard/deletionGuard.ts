import { shortHash } from '../naming/entityName';

export interface DeletionGuardConfig {
  /** Default true. */
  enabled: boolean;
  /** Largest share (0..1) of this provider's users one run may remove. Default 0.1. */
  maxUserRemovalShare: number;
  /** Largest share (0..1) of this provider's groups one run may remove. Default 0.1. */
  maxGroupRemovalShare: number;
  /** Removals up to this count always pass (small orgs), unless they would remove every user or group. Default 2. */
  alwaysAllowedRemovals: number;
  /** A plan id from a guard log line: that exact removal is applied once. */
  acceptPlan?: string;
}

export const defaultDeletionGuardConfig: DeletionGuardConfig = {
  enabled: true,
  maxUserRemovalShare: 0.1,
  maxGroupRemovalShare: 0.1,
  alwaysAllowedRemovals: 2,
};

export interface GuardDecision {
  allowed: boolean;
  /** Why the run was refused, when it was. */
  reason?: string;
  /** True when the run removes more than the thresholds but matches `acceptPlan`. */
  accepted: boolean;
  /** Identifies this exact set of removals (hash of the sorted refs). */
  planId: string;
  removedUsers: string[];
  removedGroups: string[];
  baselineUsers: number;
  baselineGroups: number;
}

const isUserRef = (ref: string) => ref.startsWith('user:');
const isGroupRef = (ref: string) => ref.startsWith('group:');

/**
 * Decides whether replacing `baseline` (entity refs this provider has in the
 * catalog) by `next` removes too much to be trusted. Refs are compared
 * case-insensitively, as the catalog does.
 */
export function evaluateDeletionGuard(
  baseline: Iterable<string>,
  next: Iterable<string>,
  config: DeletionGuardConfig,
): GuardDecision {
  const nextSet = new Set([...next].map(r => r.toLowerCase()));
  const base = [...new Set([...baseline].map(r => r.toLowerCase()))];
  const removed = base.filter(r => !nextSet.has(r)).sort();
  const removedUsers = removed.filter(isUserRef);
  const removedGroups = removed.filter(isGroupRef);
  const baselineUsers = base.filter(isUserRef).length;
  const baselineGroups = base.filter(isGroupRef).length;
  const planId = shortHash(removed.join('\n'));
  const decision: GuardDecision = {
    allowed: true,
    accepted: false,
    planId,
    removedUsers,
    removedGroups,
    baselineUsers,
    baselineGroups,
  };
  if (!config.enabled || removed.length === 0) return decision;

  const problems: string[] = [];
  const check = (kind: string, removedCount: number, baselineCount: number, maxShare: number) => {
    if (baselineCount === 0 || removedCount === 0) return;
    if (removedCount === baselineCount) {
      problems.push(`it would remove all ${baselineCount} ${kind}`);
    } else if (removedCount > config.alwaysAllowedRemovals && removedCount / baselineCount > maxShare) {
      problems.push(
        `it would remove ${removedCount} of ${baselineCount} ${kind} (${percent(removedCount / baselineCount)}, limit ${percent(maxShare)})`,
      );
    }
  };
  check('users', removedUsers.length, baselineUsers, config.maxUserRemovalShare);
  check('groups', removedGroups.length, baselineGroups, config.maxGroupRemovalShare);
  if (problems.length === 0) return decision;
  if (config.acceptPlan && config.acceptPlan === planId) return { ...decision, accepted: true };
  return { ...decision, allowed: false, reason: problems.join(' and ') };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
