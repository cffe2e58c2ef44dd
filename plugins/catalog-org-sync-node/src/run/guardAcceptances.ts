import { randomUUID } from 'node:crypto';
import type { DeletionGuardConfig, GuardDecision } from '../guard/deletionGuard';
import type { PlanAcceptance } from '../state/PlanAcceptances';
import { acceptancesForRun, describeSpentAcceptance, guardConfigWith, spentAcceptances } from './acceptances';
import type { ProviderContext } from './ProviderContext';
import type { RunResult } from './runResult';

/**
 * The guard's config with the acceptances this run takes (any run that evaluates the guard takes them, and spends
 * them whatever its plan); a dry run only looks. Without them (the database failed) the guard holds as configured.
 */
export async function guardConfigForRun(
  provider: ProviderContext,
  result: RunResult,
  dryRun: boolean,
): Promise<{ config: DeletionGuardConfig; acceptances: PlanAcceptance[] }> {
  const { name, options } = provider;
  const config = options.guard();
  try {
    const acceptances = await acceptancesForRun(
      options.stateStore.planAcceptances(name),
      { planId: config.acceptPlan, key: `${options.configPath}.guard.acceptPlan` },
      { runId: result.runId ?? randomUUID(), dryRun },
    );
    if (!dryRun && config.acceptPlan && !acceptances.some(a => a.via === 'config')) await noteSpentAcceptPlan(provider, config.acceptPlan);
    return { config: guardConfigWith(config, acceptances), acceptances };
  } catch (error) {
    provider.logger.warn(`${name}: cannot read accepted plans, the guard holds as configured: ${provider.describe(error)}`);
    return { config: guardConfigWith(config, []), acceptances: [] };
  }
}

/** Says once per value on this process that a configured `guard.acceptPlan` was spent and accepts nothing more. */
async function noteSpentAcceptPlan(provider: ProviderContext, planId: string): Promise<void> {
  if (provider.spentAcceptPlanNoted === planId) return;
  provider.spentAcceptPlanNoted = planId;
  const spent = await provider.options.stateStore
    .planAcceptances(provider.name)
    .spentConfigPlan()
    .catch(() => undefined);
  provider.logger.info(
    `${provider.name}: ${provider.options.configPath}.guard.acceptPlan "${planId}" was spent by run ${spent?.runId ?? '?'} at ${spent?.spentAt ?? '?'} and accepts nothing more; ` +
      'remove it (setting another plan id is a new acceptance, for the next run)',
  );
}

/** Notes what this run did with the acceptances it took, in its result and the log. */
export function settleAcceptances(provider: ProviderContext, result: RunResult, decision: GuardDecision, acceptances: PlanAcceptance[]): void {
  if (!acceptances.length) return;
  result.acceptances = spentAcceptances(acceptances, decision);
  for (const acceptance of result.acceptances) {
    provider.logger.warn(`${provider.name}: ${describeSpentAcceptance(acceptance, decision)}`, { planId: acceptance.planId, runId: result.runId, acceptance: acceptance.outcome });
  }
}
