import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { OrgDelta } from '../records';
import type { PendingChanges } from '../state/ChangeQueue';
import type { AppliedState } from '../state/ProviderStateStore';
import { planDelta } from './planDelta';
import type { ProviderContext } from './ProviderContext';
import { checkDelta } from './readSource';
import { describeRequest, recordRequestFor } from './recordRequest';
import { RunReport } from './RunReport';
import type { RunResult } from './runResult';
import { carryOut } from './scheduledRun';

/** Re-reads the records change signals named and applies them as a delta (the scheduled read's cursor stays as it is). */
export async function readAndApplyRecords(
  provider: ProviderContext,
  run: { connection: EntityProviderConnection; signal: AbortSignal },
  pending: PendingChanges,
  previous: AppliedState,
): Promise<RunResult> {
  const report = new RunReport(provider, 'changes');
  report.result.readMode = 'records';
  const source = provider.options.source;
  const request = recordRequestFor(pending, !!source.readsMemberships);
  let delta: OrgDelta;
  try {
    delta = await report.time('read', async () => {
      const read = await source.readRecords!(request, { signal: run.signal, records: provider.options.stateStore.recordStore(provider.name).reader() });
      checkDelta(read);
      return read;
    });
  } catch (error) {
    const message = provider.describe(error);
    return report.failed(message, `${provider.name}: re-reading ${describeRequest(request)} named by change signals failed, nothing applied (retried next round): ${message}`);
  }
  return carryOut(provider, report, await planDelta(provider, report, delta, { previous }), run);
}

/** Polls the module's change feed and queues what it names; a failure waits for the next round. */
export async function pollChangeFeed(provider: ProviderContext, signal: AbortSignal, logOverflow: (origin: string, overflow: string) => void): Promise<void> {
  const { name, options } = provider;
  const store = options.stateStore.signalState(name, 'poller');
  try {
    const cursor = await store.get();
    const { hints, cursor: next } = await options.changes!.poller!.poll({ cursor, signal });
    const queued = await options.stateStore.changeQueue(name).add(hints);
    if (queued.overflow) logOverflow('the change feed', queued.overflow);
    await store.set(next);
    const named = (hints.users?.length ?? 0) + (hints.groups?.length ?? 0) + (hints.memberships?.length ?? 0);
    provider.notePoll({ ok: true, named });
    if (named || hints.resync) provider.logger.info(`${name}: the change feed named ${describeRequest(hints)}${hints.resync ? ` and asked for a full read (${hints.resync})` : ''}`);
  } catch (error) {
    const message = provider.describe(error);
    provider.notePoll({ ok: false, named: 0, error: message });
    provider.logger.warn(`${name}: polling the change feed failed (tried again next round): ${message}`);
  }
}

/** Keeps a push receiver's subscription alive; a failure waits for the next round. */
export async function maintainReceiver(provider: ProviderContext, signal: AbortSignal): Promise<void> {
  const store = provider.options.stateStore.signalState(provider.name, 'receiver');
  try {
    const next = await provider.options.changes!.receiver!.maintain!({ state: await store.get(), signal, logger: provider.logger });
    await store.set(next);
  } catch (error) {
    provider.logger.warn(`${provider.name}: keeping the change subscription alive failed (tried again next round): ${provider.describe(error)}`);
  }
}
