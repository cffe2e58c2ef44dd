import type { OrgSnapshot } from '../records';
import type { RecordKind, RecordRow } from '../state/RecordStore';
import type { Retained } from '../leavers/planDepartures';

/** A list's records as the JSON the store keeps them in, by `kind/id`. */
export type SerializedRecords = Map<string, { kind: RecordKind; id: string; json: string }>;

/**
 * Every record of a list with a usable id, serialized: a run holds them in this form from mapping until
 * they are stored, not as objects next to the entities. Records without a usable id cannot be stored
 * (mapping reported them as skipped).
 */
export function serializeRecords(snapshot: OrgSnapshot): SerializedRecords {
  const out: SerializedRecords = new Map();
  for (const [kind, records] of [
    ['user', snapshot.users ?? []],
    ['group', snapshot.groups ?? []],
  ] as const) {
    for (const record of records) {
      const id = (record as { id?: unknown })?.id;
      if (typeof id !== 'string' || !id || id.length > 255) continue;
      out.set(`${kind}/${id}`, { kind, id, json: JSON.stringify(record) });
    }
  }
  return out;
}

/** Every record of a list, with the entity emitted from it. */
export function listRows(
  records: SerializedRecords,
  refs: { users: ReadonlyMap<string, string>; groups: ReadonlyMap<string, string> },
  hashes: Record<string, string>,
  memberCounts: Record<string, number>,
): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const { kind, id, json } of records.values()) {
    const entityRef = (kind === 'user' ? refs.users : refs.groups).get(id);
    const lower = entityRef?.toLowerCase();
    rows.push({
      kind,
      id,
      recordJson: json,
      entityRef,
      entityHash: lower ? hashes[lower] : undefined,
      memberCount: kind === 'group' && lower ? memberCounts[lower] : undefined,
    });
  }
  return rows;
}

/** A list's rows with the departed kept: the row (with its last record) holds the departed entity. */
export function withRetained(rows: RecordRow[], retained: Retained[], hashes: Record<string, string>): RecordRow[] {
  if (!retained.length) return rows;
  const byKey = new Map(rows.map(row => [`${row.kind}/${row.id}`, row]));
  for (const r of retained) {
    const row = byKey.get(`${r.kind}/${r.id}`);
    const departed = { entityRef: r.entityRef, entityHash: hashes[r.ref], memberCount: r.kind === 'group' ? 0 : undefined, departedAt: r.departedAt, departure: r.departure };
    if (row) Object.assign(row, departed);
    else rows.push({ kind: r.kind, id: r.id, record: r.record, ...departed });
  }
  return rows;
}
