import type { GuardDecision } from '../guard/deletionGuard';
import { sampleList } from '../util/sampleList';

/** The error line for a refused run: what it would remove and how to accept it. */
export function guardRefusalMessage(name: string, configPath: string, decision: GuardDecision, what = 'this run'): string {
  return (
    `${name}: deletion guard refused ${what}, nothing applied: ${decision.reason}. ` +
    `Would remove ${sampleList(decision.removedUsers, r => r) || 'no users'}; ${sampleList(decision.removedGroups, r => r) || 'no groups'}` +
    (decision.removedMemberships ? `; ${decision.removedMemberships} memberships` : '') +
    (decision.emptiedGroups.length ? `, leaving without members ${sampleList(decision.emptiedGroups, r => r)}` : '') +
    `. If this change is real, set ${configPath}.guard.acceptPlan: "${decision.planId}" (or accept it through the operations API) ` +
    `to apply exactly this removal at the next run, which spends the acceptance whatever its plan; ` +
    `or raise ${configPath}.guard.maxUserRemovalShare / maxGroupRemovalShare / maxMembershipRemovalShare.`
  );
}
