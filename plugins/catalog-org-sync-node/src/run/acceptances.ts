import type { DeletionGuardConfig, GuardDecision } from '../guard/deletionGuard';
import type { PlanAcceptance, PlanAcceptances } from '../state/PlanAcceptances';

/** What a run did with an acceptance it took: applied its plan, or dropped it (the run's plan was another, or nothing). @alpha */
export interface SpentAcceptance extends PlanAcceptance {
  outcome: 'applied' | 'dropped';
}

/**
 * The acceptances a run evaluates the guard with: the configured `guard.acceptPlan` unless a run spent that value
 * already, and the one pending through the operations API. A run takes both, whatever its own plan turns out to be
 * (an acceptance is for one decision, never for a later run); a dry run only looks. A run without `guard.acceptPlan`
 * forgets the value spent last, so setting it again later is a new acceptance.
 */
export async function acceptancesForRun(
  store: PlanAcceptances,
  configured: { planId?: string; key: string },
  run: { runId: string; dryRun: boolean },
): Promise<PlanAcceptance[]> {
  const acceptances: PlanAcceptance[] = [];
  if (!configured.planId) {
    if (!run.dryRun) await store.forgetSpentConfigPlan();
  } else if (await configuredPlanAvailable(store, configured.planId, run)) {
    acceptances.push({ planId: configured.planId, by: configured.key, via: 'config' });
  }
  const pending = run.dryRun ? await store.pending() : await store.take();
  if (pending) acceptances.push(pending);
  return acceptances;
}

/** True when the `guard.acceptPlan` value is not spent yet; a run (not a dry run) spends it by asking. */
async function configuredPlanAvailable(store: PlanAcceptances, planId: string, run: { runId: string; dryRun: boolean }): Promise<boolean> {
  if (!run.dryRun) return store.spendConfigPlan(planId, run.runId);
  return (await store.spentConfigPlan())?.planId !== planId;
}

/** The guard's config with exactly these acceptances: the configured `acceptPlan` counts only through them. */
export function guardConfigWith(config: DeletionGuardConfig, acceptances: PlanAcceptance[]): DeletionGuardConfig {
  return { ...config, acceptedPlans: acceptances.map(acceptance => acceptance.planId) };
}

/** Each acceptance as spent by a run that made this decision: applied when the run's plan is the accepted one. */
export function spentAcceptances(acceptances: PlanAcceptance[], decision: GuardDecision): SpentAcceptance[] {
  return acceptances.map(acceptance => ({ ...acceptance, outcome: decision.planId === acceptance.planId && decision.allowed ? 'applied' : 'dropped' }));
}

/** One log line for a spent acceptance, saying what became of it. */
export function describeSpentAcceptance(acceptance: SpentAcceptance, decision: GuardDecision): string {
  const source = acceptance.via === 'config' ? `through guard.acceptPlan (${acceptance.by}, spent by this run)` : `by ${acceptance.by} through the operations API`;
  if (acceptance.outcome === 'applied') return `applying removal plan ${acceptance.planId}, accepted ${source}`;
  const plan = decision.removedUsers.length + decision.removedGroups.length + decision.removedMemberships === 0 ? 'removes nothing' : `has plan ${decision.planId}`;
  return (
    `removal plan ${acceptance.planId}, accepted ${source}, is dropped unused: this run ${plan}. ` +
    `An acceptance is for the provider's next run only; accept again the plan a later held run shows`
  );
}
