import { isGroupRef, isUserRef } from '../guard/deletionGuard';
import { isDeltaResult, type OrgDelta, type OrgReadResult, type OrgSnapshot, type PreviousRead, type ReadProgress } from '../records';
import type { SavedRead } from '../state/ProviderStateStore';
import { defaultIncrementalReadOptions } from '../config/incremental';
import type { ReadBounds } from '../util/pagedListing';
import type { ProviderContext } from './ProviderContext';
import type { RunResult } from './runResult';

/** The latest request figures a source reported during one read (one object per read: a dry run may read alongside a run). */
export interface ReadStats {
  requests?: number;
  rateLimited?: number;
}

export function requestsOf(stats: ReadStats): RunResult['requests'] {
  if (stats.requests === undefined && stats.rateLimited === undefined) return undefined;
  return { total: stats.requests ?? 0, rateLimited: stats.rateLimited ?? 0 };
}

/** Reads the org; gives up when the signal aborts even if the source ignores it. */
export function readSource(provider: ProviderContext, signal: AbortSignal, previous: PreviousRead | undefined, bounds: ReadBounds, stats: ReadStats): Promise<OrgReadResult> {
  const reportProgress = progressReporter(provider, stats);
  if (signal.aborted) return Promise.reject(new Error('aborted before the read started'));
  return new Promise<OrgReadResult>((resolve, reject) => {
    const onAbort = () => reject(new Error('the read was aborted (schedule timeout or shutdown)'));
    signal.addEventListener('abort', onAbort, { once: true });
    provider.options.source
      .read({ signal, reportProgress, previous, bounds })
      .then(read => {
        if (isDeltaResult(read)) {
          checkDelta(read.delta);
          return read;
        }
        if (!read || !Array.isArray(read.users) || !Array.isArray(read.groups)) {
          throw new Error('the source returned no snapshot (users and groups arrays expected)');
        }
        return read;
      })
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Keeps the source's request figures and logs its progress at most once per interval. */
function progressReporter(provider: ProviderContext, stats: ReadStats): (progress: ReadProgress) => void {
  const interval = provider.options.progressIntervalMs ?? 10_000;
  let lastLog = Date.now();
  return progress => {
    if (typeof progress.requests === 'number') stats.requests = progress.requests;
    if (typeof progress.rateLimited === 'number') stats.rateLimited = progress.rateLimited;
    if (Date.now() - lastLog < interval) return;
    lastLog = Date.now();
    const parts = Object.entries(progress)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} ${v}`);
    provider.logger.info(`${provider.name}: reading… ${parts.join(', ')}`);
  };
}

/** The last applied read, unless incremental reads are off or a full read is due; never fails the run. */
export async function previousRead(provider: ProviderContext, now: number): Promise<PreviousRead | undefined> {
  const incremental = provider.options.incremental ?? defaultIncrementalReadOptions;
  if (!incremental.enabled) return undefined;
  const store = provider.options.stateStore;
  try {
    const read: SavedRead | undefined = await store.getPreviousRead(provider.name);
    if (!read) return undefined;
    if (now - Date.parse(read.fullReadAt) >= incremental.fullReadEveryMs || !(Date.parse(read.fullReadAt) <= now)) return undefined;
    return { ...read, records: store.recordStore(provider.name).reader() };
  } catch (error) {
    provider.logger.warn(`${provider.name}: cannot read the saved cursor, reading everything: ${provider.describe(error)}`);
    return undefined;
  }
}

export function checkDelta(delta: OrgDelta): void {
  const ok = (part: unknown) =>
    !!part && Array.isArray((part as { upserted?: unknown }).upserted) && Array.isArray((part as { deleted?: unknown }).deleted);
  if (!delta || !ok(delta.users) || !ok(delta.groups)) {
    throw new Error('the source returned a malformed delta (users and groups, each with upserted and deleted arrays, expected)');
  }
}

/** A snapshot with a delta applied: upserted records replace stored ones, deleted ids leave. */
export function withDelta(snapshot: OrgSnapshot, delta: OrgDelta): OrgSnapshot {
  const apply = <R extends { id: string }>(records: R[], part: { upserted: R[]; deleted: string[] }) => {
    const byId = new Map(records.map(r => [r.id, r]));
    for (const id of part.deleted) byId.delete(id);
    for (const record of part.upserted) byId.set(record.id, record);
    return [...byId.values()];
  };
  return { users: apply(snapshot.users, delta.users), groups: apply(snapshot.groups, delta.groups) };
}

export function countKinds(refs: string[]): { users: number; groups: number } {
  return { users: refs.filter(isUserRef).length, groups: refs.filter(isGroupRef).length };
}
