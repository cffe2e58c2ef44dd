import type { KindedRecord, OrgGroupRecord, OrgUserRecord, RecordKind } from '../records';

/** A record-store row's record, told apart by its kind; absent for rows carried over from an earlier release. */
export type StoredRecordOfKind = { kind: 'user'; record?: OrgUserRecord } | { kind: 'group'; record?: OrgGroupRecord };

const RECORD_KINDS: readonly RecordKind[] = ['user', 'group'];

/** A row's `kind` column as the kind it names; the store writes no other. */
export function recordKindOf(column: string): RecordKind {
  const kind = RECORD_KINDS.find(known => known === column);
  if (!kind) throw new Error(`The record store holds a row of unknown kind "${column}"`);
  return kind;
}

// The store keeps the JSON of records as the engine was handed them: parsing gives them back whole.
export const parseUserRecord = (json: string): OrgUserRecord => JSON.parse(json);
export const parseGroupRecord = (json: string): OrgGroupRecord => JSON.parse(json);

/** The kinded record of a row that holds one. */
export function kindedRecordOf(stored: StoredRecordOfKind): KindedRecord | undefined {
  if (stored.kind === 'user') return stored.record && { kind: 'user', record: stored.record };
  return stored.record && { kind: 'group', record: stored.record };
}

/** A row's `kind` and `record` columns as the kinded record they hold. */
export function storedRecordOf(kind: string, json: string | null): StoredRecordOfKind {
  if (recordKindOf(kind) === 'user') return { kind: 'user', record: json ? parseUserRecord(json) : undefined };
  return { kind: 'group', record: json ? parseGroupRecord(json) : undefined };
}
