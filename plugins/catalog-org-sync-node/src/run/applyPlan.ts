import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { evaluateDeletionGuard } from '../guard/deletionGuard';
import type { ApplyPlan } from './plan';
import { refusedByCatalog } from './catalogChecks';
import { guardConfigForRun, settleAcceptances } from './guardAcceptances';
import type { ProviderContext } from './ProviderContext';
import type { RunReport } from './RunReport';
import type { RunResult } from './runResult';
import { reportStillLinked, saveLinks, saveRun } from './saveRun';

/**
 * Carries out any plan, a list's or a delta's: the guard decides (a dry run answers here), the record store is
 * written, the catalog mutated a slice at a time, what it refused read back, the run's records, cursor and links
 * kept, and the run reported. Any failure before the mutation leaves the catalog as it was.
 */
export async function applyPlan(
  provider: ProviderContext,
  report: RunReport,
  plan: ApplyPlan,
  run: { connection: EntityProviderConnection; signal: AbortSignal },
): Promise<RunResult> {
  const { decision, acceptances } = await report.time('guard', async () => {
    const guard = await guardConfigForRun(provider, report.result, report.dryRun);
    return { decision: evaluateDeletionGuard(plan.guard.before, plan.guard.after, guard.config, plan.guard.memberCounts), acceptances: guard.acceptances };
  });
  report.result.guard = decision;
  if (plan.removals.length) report.result.removals = plan.removals;
  if (report.dryRun) return report.planned(plan.entities(), plan.baseline, plan.departures.retained, plan.removed);
  settleAcceptances(provider, report.result, decision, acceptances);
  if (!report.guardAllows(decision, plan.guard.subject)) return report.finish();
  countChanges(report, plan);
  if (report.abortedBeforeApply(run.signal)) return report.finish();

  if (plan.records.beforeApply) await report.time('save', plan.records.beforeApply);
  await report.time('apply', async () => {
    for (const mutation of plan.mutations(provider.locationKey)) await run.connection.applyMutation(mutation);
  });
  const refused = await report.time('check', () => refusedByCatalog(provider, plan.applied.refs, plan.applied.hashes));
  for (const { ref } of refused) if (!(ref in plan.baseline)) report.result.counts.added--;
  report.result.counts.refused = refused.length;
  if (refused.length) report.result.refused = refused;
  await report.time('save', async () => {
    await plan.records.afterApply(refused.map(({ ref }) => ref));
    await plan.settle(decision);
    await saveRun(provider, plan.cursor);
    await saveLinks(provider, plan.links);
    await reportStillLinked(provider, report, plan.removed);
  });
  return report.applied();
}

/** The counts of a plan the guard let through, and what it keeps as departed or restores, logged. */
function countChanges(report: RunReport, plan: ApplyPlan): void {
  Object.assign(report.result.counts, { ...plan.counts, restored: plan.restored.length, removed: plan.removed.length });
  if (plan.restored.length) report.result.restored = plan.restored;
  report.departures(plan.departures.retained, plan.departures.expired);
  if (plan.drift) report.drift(plan.drift);
}
