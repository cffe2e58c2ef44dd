import { shortHash } from '../naming/entityName';

/** @public */
export interface DeletionGuardConfig {
  /** Default true. */
  enabled: boolean;
  /** Largest share (0..1) of this provider's users one run may remove. Default 0.1. */
  maxUserRemovalShare: number;
  /** Largest share (0..1) of this provider's groups one run may remove. Default 0.1. */
  maxGroupRemovalShare: number;
  /** Removals up to this count always pass (small orgs), unless they would remove every user or group. Default 2. */
  alwaysAllowedRemovals: number;
  /** Largest share (0..1) of the memberships of groups that stay that one run may remove. Default 0.1. */
  maxMembershipRemovalShare: number;
  /** Membership removals up to this count always pass. Default 10. */
  alwaysAllowedMembershipRemovals: number;
  /**
   * `guard.acceptPlan`: a plan id from a guard log line. The guard does not read it: the provider's next run turns it
   * into an acceptance (`acceptedPlans`) and spends it, whatever that run's plan is.
   */
  acceptPlan?: string;
  /** The acceptances this evaluation may use (taken by the run: `guard.acceptPlan` not yet spent, the operations API's). */
  acceptedPlans?: readonly string[];
}

/** @public */
export const defaultDeletionGuardConfig: DeletionGuardConfig = {
  enabled: true,
  maxUserRemovalShare: 0.1,
  maxGroupRemovalShare: 0.1,
  alwaysAllowedRemovals: 2,
  maxMembershipRemovalShare: 0.1,
  alwaysAllowedMembershipRemovals: 10,
};

/** Group ref → number of user members, as applied last run and as about to be applied. @public */
export interface MembershipCounts {
  before: Record<string, number>;
  after: Record<string, number>;
}

/** @public */
export interface GuardDecision {
  allowed: boolean;
  /** Why the run was refused, when it was. */
  reason?: string;
  /** True when the run removes more than the thresholds but its plan is one of `acceptedPlans`. */
  accepted: boolean;
  /** Identifies this exact set of removals (hash of the sorted refs). */
  planId: string;
  removedUsers: string[];
  removedGroups: string[];
  baselineUsers: number;
  baselineGroups: number;
  /** Memberships of groups that stay, before this run; and how many of them this run removes. */
  baselineMemberships: number;
  removedMemberships: number;
  /** Groups that stay but lose every member this run. */
  emptiedGroups: string[];
}

/** Kind of a lower-case entity ref. @public */
export const isUserRef = (ref: string) => ref.startsWith('user:');
/** @public */
export const isGroupRef = (ref: string) => ref.startsWith('group:');

/**
 * Decides whether replacing `baseline` (entity refs this provider has in the
 * catalog) by `next` removes too much to be trusted. Refs are compared
 * case-insensitively, as the catalog does.
 *
 * @public
 */
export function evaluateDeletionGuard(
  baseline: Iterable<string>,
  next: Iterable<string>,
  config: DeletionGuardConfig,
  memberships?: MembershipCounts,
): GuardDecision {
  const nextSet = new Set([...next].map(r => r.toLowerCase()));
  const base = [...new Set([...baseline].map(r => r.toLowerCase()))];
  const removed = base.filter(r => !nextSet.has(r)).sort();
  const removedUsers = removed.filter(isUserRef);
  const removedGroups = removed.filter(isGroupRef);
  const baselineUsers = base.filter(isUserRef).length;
  const baselineGroups = base.filter(isGroupRef).length;
  const drops = membershipDrops(memberships);
  // The plan names the membership drops too, so accepting it accepts exactly what was shown.
  const planId = shortHash([...removed, ...drops.lines].join('\n'));
  const decision: GuardDecision = {
    allowed: true,
    accepted: false,
    planId,
    removedUsers,
    removedGroups,
    baselineUsers,
    baselineGroups,
    baselineMemberships: drops.baseline,
    removedMemberships: drops.removed,
    emptiedGroups: drops.emptied,
  };
  if (!config.enabled || (removed.length === 0 && drops.removed === 0)) return decision;

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
  if (drops.removed > config.alwaysAllowedMembershipRemovals && drops.removed / drops.baseline > config.maxMembershipRemovalShare) {
    problems.push(
      `it would remove ${drops.removed} of ${drops.baseline} memberships of groups that stay (${percent(drops.removed / drops.baseline)}, limit ${percent(config.maxMembershipRemovalShare)})`,
    );
  }
  if (drops.emptied.length > config.alwaysAllowedRemovals && drops.emptied.length / Math.max(1, baselineGroups) > config.maxGroupRemovalShare) {
    problems.push(`it would leave ${drops.emptied.length} of ${baselineGroups} groups without members`);
  }
  if (problems.length === 0) return decision;
  if (config.acceptedPlans?.includes(planId)) return { ...decision, accepted: true };
  return { ...decision, allowed: false, reason: problems.join(' and ') };
}

/** Memberships lost by groups present before and after (removed groups are counted as removals already). */
function membershipDrops(counts: MembershipCounts | undefined): { baseline: number; removed: number; emptied: string[]; lines: string[] } {
  const result = { baseline: 0, removed: 0, emptied: [] as string[], lines: [] as string[] };
  if (!counts) return result;
  for (const [ref, before] of Object.entries(counts.before)) {
    const after = counts.after[ref];
    if (after === undefined) continue;
    result.baseline += before;
    if (after >= before) continue;
    result.removed += before - after;
    result.lines.push(`${ref}:${before}>${after}`);
    if (after === 0) result.emptied.push(ref);
  }
  result.lines.sort();
  result.emptied.sort();
  return result;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
