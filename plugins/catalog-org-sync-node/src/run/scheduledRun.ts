import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { isDeltaResult, type OrgDeltaResult, type OrgReadResult, type PreviousRead } from '../records';
import type { AppliedState } from '../state/ProviderStateStore';
import { readBoundsAfter } from '../util/pagedListing';
import type { ApplyPlan, Cursor } from './plan';
import { applyPlan } from './applyPlan';
import { catalogHoldings } from './catalogChecks';
import { planDelta } from './planDelta';
import { planList, type ListHolder } from './planList';
import type { ProviderContext } from './ProviderContext';
import { countKinds, previousRead as lastRead, readSource, requestsOf, withDelta, type ReadStats } from './readSource';
import { RunReport } from './RunReport';
import type { RunResult } from './runResult';

type Run = { connection: EntityProviderConnection; signal: AbortSignal };

/** A scheduled run (or a dry run): the source reads a list or, with a cursor, a delta; it becomes a plan, and the plan is applied. */
export async function scheduledRun(provider: ProviderContext, run: Run, dryRun = false): Promise<RunResult> {
  const report = new RunReport(provider, dryRun ? 'dry-run' : 'schedule');
  const { result } = report;
  let previous: AppliedState | undefined;
  try {
    previous = await provider.options.stateStore.getAppliedState(provider.name);
  } catch (error) {
    const message = `cannot read the last applied state: ${provider.describe(error)}`;
    return report.failed(message, `${provider.name}: ${message}; nothing read or applied`);
  }
  const since = previous?.recordsComplete ? await lastRead(provider, Date.parse(result.startedAt)) : undefined;
  provider.logger.info(
    `${provider.name}: ${dryRun ? 'dry run' : 'sync'} started (${since ? `incremental: changes since ${since.readAt}, last full read ${since.fullReadAt}` : 'full read'})`,
  );
  const stats: ReadStats = {};
  let read: OrgReadResult | undefined;
  try {
    read = await report.time('read', () => readSource(provider, run.signal, since, readBoundsAfter(previous && countKinds(Object.keys(previous.entities))), stats));
  } catch (error) {
    result.requests = requestsOf(stats);
    return report.readFailed(error);
  }
  result.requests = requestsOf(stats);
  if (isDeltaResult(read)) return carryOut(provider, report, await planDeltaRead(provider, report, read, previous, since), run);
  result.readMode = since && read.readMode === 'incremental' ? 'incremental' : 'full';
  if (since && result.readMode === 'full') provider.logger.info(`${provider.name}: the source could not build on the last read and read everything`);
  const fullReadAt = result.readMode === 'incremental' && since ? since.fullReadAt : result.startedAt;
  const cursor: Cursor = { value: read.cursor, readAt: result.startedAt, fullReadAt };
  const list: ListHolder = { snapshot: read };
  read = undefined; // the list holder lets the records go once they are serialized
  return carryOut(provider, report, await planList(provider, report, list, previous, cursor), run);
}

/** A delta read: planned as a delta when the catalog's view is at hand, else the store with the delta applied, as a list. */
async function planDeltaRead(
  provider: ProviderContext,
  report: RunReport,
  read: OrgDeltaResult,
  previous: AppliedState | undefined,
  since: PreviousRead | undefined,
): Promise<ApplyPlan | RunResult> {
  if (!previous || !since) {
    const message = 'the source returned a delta although it was given no previous read to build on';
    return report.failed(message, `${provider.name}: ${message}; nothing applied`);
  }
  report.result.readMode = 'delta';
  const cursor: Cursor = { value: read.cursor, readAt: report.result.startedAt, fullReadAt: since.fullReadAt };
  const held = await report.time('check', () => catalogHoldings(provider));
  if (held) return planDelta(provider, report, read.delta, { previous, cursor, held });
  // Without the catalog's view only a full mutation makes sure it holds everything: the delta on top of the store, as a list.
  const all = withDelta(await since.records.all(), read.delta);
  return planList(provider, report, { snapshot: all }, previous, cursor);
}

/** Applies a plan; a run that ended while planning (its accounts could not be linked) is answered as it is. */
export function carryOut(provider: ProviderContext, report: RunReport, planned: ApplyPlan | RunResult, run: Run): Promise<RunResult> {
  return 'outcome' in planned ? Promise.resolve(planned) : applyPlan(provider, report, planned, run);
}
