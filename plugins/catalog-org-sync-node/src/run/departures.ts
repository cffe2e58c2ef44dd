import { defaultLeaverOptions, type LeaverOptions } from '../leavers/leaverOptions';
import { noDepartures, planDepartures, presenceInList, type DeparturePlan, type Presence, type Retained } from '../leavers/planDepartures';
import type { OrgDelta, OrgSnapshot } from '../records';
import type { AppliedState } from '../state/ProviderStateStore';
import type { RecordIndexEntry, RecordKind, RecordRow } from '../state/RecordStore';
import { entityHash } from './entityHash';
import type { ProviderContext } from './ProviderContext';

/** Who had an entity and is gone from this list (absent, or inactive), and which of them stay as departed. */
export async function departuresInList(provider: ProviderContext, snapshot: OrgSnapshot, previous: AppliedState | undefined): Promise<DeparturePlan> {
  if (!previous) return noDepartures();
  const listed = {
    user: new Map((snapshot.users ?? []).map(u => [u?.id, u])),
    group: new Map((snapshot.groups ?? []).map(g => [g?.id, g])),
  };
  const absentReason = provider.options.leavers?.absentReason;
  const candidates = previous.index
    .filter(entry => entry.entityRef)
    .map(entry => ({ entry, presence: presenceInList(entry.kind, listed[entry.kind].get(entry.id), absentReason) }));
  return departuresOf(provider, candidates);
}

/**
 * Among the refs a delta removes, those of people and groups who left (deleted, or inactive now), why, and which of
 * them are kept as departed (`retained`; the delta finds expired departures itself).
 */
export async function departuresInDelta(provider: ProviderContext, delta: OrgDelta, previous: AppliedState, removed: string[]): Promise<Pick<DeparturePlan, 'retained' | 'left'>> {
  const leavers = provider.options.leavers ?? defaultLeaverOptions;
  if (removed.length === 0) return noDepartures();
  const entryByRef = new Map(previous.index.filter(e => e.entityRef).map(e => [e.entityRef!.toLowerCase(), e]));
  const upserted = new Map(delta.users.upserted.map(u => [u.id, u]));
  const deleted = { user: new Set(delta.users.deleted), group: new Set(delta.groups.deleted) };
  const candidates = removed.flatMap(ref => {
    const entry = entryByRef.get(ref);
    if (!entry) return [];
    const presence: Presence = deleted[entry.kind].has(entry.id)
      ? presenceInList(entry.kind, undefined, leavers.absentReason)
      : entry.kind === 'user' && upserted.get(entry.id)?.active === false
        ? presenceInList('user', upserted.get(entry.id))
        : entry.departedAt !== undefined
          ? { present: false, reason: entry.departure ?? 'no longer in the IdP' }
          : { present: true };
    return [{ entry, presence }];
  });
  return departuresOf(provider, candidates);
}

function departuresOf(provider: ProviderContext, candidates: Array<{ entry: RecordIndexEntry; presence: Presence }>): Promise<DeparturePlan> {
  const { options, name } = provider;
  return planDepartures(
    candidates,
    {
      ...(options.leavers ?? defaultLeaverOptions),
      now: Date.now(),
      location: options.mapping.location ?? `org-sync:${name}`,
      defaultGroupType: options.mapping.defaultGroupType ?? 'team',
    },
    options.stateStore.recordStore(name).reader(),
  );
}

/** A delta's record writes: rows to write and rows to delete. */
export interface RowChanges {
  rows: RecordRow[];
  deletedRows: Array<{ kind: RecordKind; id: string }>;
}

/** A delta's rows with the departed kept: the row stays (with its last record), holding the departed entity. */
export function keepRetainedRows(changes: RowChanges, retained: Retained[]): void {
  if (!retained.length) return;
  const keys = new Set(retained.map(r => `${r.kind}/${r.id}`));
  changes.deletedRows = changes.deletedRows.filter(row => !keys.has(`${row.kind}/${row.id}`));
  const rows = new Map(changes.rows.map(row => [`${row.kind}/${row.id}`, row]));
  for (const r of retained) {
    const departed = { entityRef: r.entityRef, entityHash: entityHash(r.entity), memberCount: r.kind === 'group' ? 0 : undefined, departedAt: r.departedAt, departure: r.departure };
    const row = rows.get(`${r.kind}/${r.id}`);
    if (row) Object.assign(row, departed);
    else changes.rows.push({ kind: r.kind, id: r.id, ...departed });
  }
}

/**
 * Refs of departed entities whose time is up (a delta does not touch them otherwise); their rows keep the record
 * but no longer an entity. In `delete` mode every entity kept from an earlier `retain` goes.
 */
export function expiredDepartures(previous: AppliedState, leavers: LeaverOptions, retainedNow: Set<string>, changes: RowChanges): string[] {
  const now = Date.now();
  const expired: string[] = [];
  const planned = new Set(changes.rows.map(row => `${row.kind}/${row.id}`));
  for (const entry of previous.index) {
    if (entry.departedAt === undefined || !entry.entityRef) continue;
    const ref = entry.entityRef.toLowerCase();
    if (retainedNow.has(ref) || (leavers.mode === 'retain' && now - entry.departedAt < leavers.retainForMs)) continue;
    if (planned.has(`${entry.kind}/${entry.id}`)) continue; // the delta itself decided about this record
    expired.push(ref);
    changes.rows.push({ kind: entry.kind, id: entry.id });
  }
  return expired;
}

/** Names departed entities keep, so nobody else takes them while they stay. */
export function reservedNames(retained: Retained[]): { users: Map<string, string>; groups: Map<string, string> } {
  const of = (kind: RecordKind) => new Map(retained.filter(r => r.kind === kind).map(r => [r.id, r.entityRef]));
  return { users: of('user'), groups: of('group') };
}
