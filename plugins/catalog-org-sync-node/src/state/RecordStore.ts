import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { OrgGroupRecord, OrgRecordReader, OrgSnapshot, OrgUserRecord, RecordKind } from '../records';
import { RECORDS, REMOVED_RECORDS } from './migrations';
import { searchKey, searchKeysOf } from './recordSearchKeys';
import { parseGroupRecord, parseUserRecord, recordKindOf } from './storedRecord';

export type { RecordKind } from '../records';

/** One stored record without its body: what a run needs to know about every record. @alpha */
export interface RecordIndexEntry {
  kind: RecordKind;
  id: string;
  /** Hash of the record as stored; undefined for rows carried over from an earlier release (no record). */
  recordHash?: string;
  /** The entity applied from it (ref as emitted, original case), if any. */
  entityRef?: string;
  entityHash?: string;
  /** Groups: user members as applied, for the guard's membership rule. */
  memberCount?: number;
  /** Set while the entity is kept as departed (`leavers.mode: retain`): when it left (ms epoch) and why. */
  departedAt?: number;
  departure?: string;
}

/** A row to write: the record (absent to keep the stored one) and the entity applied from it. @alpha */
export interface RecordRow {
  kind: RecordKind;
  id: string;
  record?: OrgUserRecord | OrgGroupRecord;
  /** The record already serialized (a list run keeps its records as JSON); used instead of `record`. */
  recordJson?: string;
  entityRef?: string;
  entityHash?: string;
  memberCount?: number;
  departedAt?: number;
  departure?: string;
}

const BATCH = 400;

const hasRecord = (row: RecordRow) => row.recordJson !== undefined || row.record !== undefined;
const jsonOf = (row: RecordRow): string | null => row.recordJson ?? (row.record ? JSON.stringify(row.record) : null);

/** Hash of a record's JSON, to tell whether a list read changed it. */
export function recordHash(json: string): string {
  return createHash('sha1').update(json).digest('hex');
}

/**
 * A provider's records in the catalog's database, one row per kind and IdP
 * id (the informer's store): what the last applied run read, and the entity
 * it applied from each. Replicas share it; it survives restarts.
 */
export class RecordStore {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
  ) {}

  /** Every row without record bodies. */
  async index(): Promise<RecordIndexEntry[]> {
    const knex = await this.knex();
    const rows: Array<{
      kind: string;
      id: string;
      record_hash: string | null;
      entity_ref: string | null;
      entity_hash: string | null;
      member_count: number | null;
      departed_at: number | string | null;
      departure: string | null;
    }> = await knex(RECORDS)
      .where({ provider_name: this.providerName })
      .select('kind', 'id', 'record_hash', 'entity_ref', 'entity_hash', 'member_count', 'departed_at', 'departure');
    return rows.map(row => ({
      kind: recordKindOf(row.kind),
      id: row.id,
      recordHash: row.record_hash ?? undefined,
      entityRef: row.entity_ref ?? undefined,
      entityHash: row.entity_hash ?? undefined,
      memberCount: row.member_count === null ? undefined : Number(row.member_count),
      departedAt: row.departed_at === null ? undefined : Number(row.departed_at),
      departure: row.departure ?? undefined,
    }));
  }

  /** Users with an entity applied and not departed, with their records: the people a linked source's accounts can belong to. */
  async emittedUsers(): Promise<Array<{ id: string; entityRef: string; record?: OrgUserRecord }>> {
    const knex = await this.knex();
    const rows: Array<{ id: string; entity_ref: string; record: string | null }> = await knex(RECORDS)
      .where({ provider_name: this.providerName, kind: 'user' })
      .whereNotNull('entity_ref')
      .whereNotNull('entity_hash')
      .whereNull('departed_at')
      .select('id', 'entity_ref', 'record');
    return rows.map(row => ({ id: row.id, entityRef: row.entity_ref, record: row.record ? parseUserRecord(row.record) : undefined }));
  }

  /** Reads stored records by id (those without a stored record are left out). */
  reader(): OrgRecordReader {
    const users = async (ids?: readonly string[]) => parsedValues(await this.recordJson('user', ids), parseUserRecord);
    const groups = async (ids?: readonly string[]) => parsedValues(await this.recordJson('group', ids), parseGroupRecord);
    return {
      users,
      groups,
      allGroups: async () => [...(await groups()).values()],
      all: async (): Promise<OrgSnapshot> => ({ users: [...(await users()).values()], groups: [...(await groups()).values()] }),
    };
  }

  /**
   * Makes the store hold exactly `rows` (a list read): changed rows are
   * written, rows not among them deleted. `index` is the store before.
   */
  async replace(rows: RecordRow[], index: RecordIndexEntry[]): Promise<void> {
    const before = new Map(index.map(entry => [`${entry.kind}/${entry.id}`, entry]));
    const knex = await this.knex();
    await knex.transaction(async tx => {
      // Serialised a batch at a time: the JSON of a whole large org never exists at once.
      for (let i = 0; i < rows.length; i += BATCH) {
        const changed: Array<Record<string, unknown>> = [];
        const lost: RecordRow[] = [];
        for (const row of rows.slice(i, i + BATCH)) {
          const key = `${row.kind}/${row.id}`;
          const old = before.get(key);
          before.delete(key);
          const json = jsonOf(row);
          // Rows that did not change are neither parsed nor written: a steady run costs a hash per record.
          if (old && old.recordHash === (json === null ? null : recordHash(json)) && sameEntity(old, row)) continue;
          if (old?.entityRef && !row.entityRef) lost.push(row);
          changed.push(this.toDbRow(row, json));
        }
        await this.rememberLost(tx, lost);
        await this.upsert(tx, changed);
      }
      await this.delete(tx, [...before.values()]);
    });
  }

  /** Writes the given rows (a record absent keeps the stored one) and deletes the given ones. */
  async update(rows: RecordRow[], deleted: Array<{ kind: RecordKind; id: string }>): Promise<void> {
    const knex = await this.knex();
    const withRecord = rows.filter(hasRecord).map(row => this.toDbRow(row));
    const entityOnly = rows.filter(row => !hasRecord(row));
    await knex.transaction(async tx => {
      await this.rememberLost(tx, rows);
      await this.upsert(tx, withRecord);
      for (const row of entityOnly) {
        await tx(RECORDS)
          .where({ provider_name: this.providerName, kind: row.kind, id: row.id })
          .update({
            entity_ref: row.entityRef ?? null,
            search_ref: searchKey(row.entityRef),
            entity_hash: row.entityHash ?? null,
            member_count: row.memberCount ?? null,
            departed_at: row.departedAt ?? null,
            departure: row.departure ?? null,
          });
      }
      await this.delete(tx, deleted);
    });
  }

  /** Forgets every record of this provider. */
  async clear(): Promise<void> {
    const knex = await this.knex();
    await knex(RECORDS).where({ provider_name: this.providerName }).delete();
  }

  private toDbRow(row: RecordRow, json = jsonOf(row)): Record<string, unknown> {
    const record = row.record ?? (json === null ? undefined : JSON.parse(json));
    return {
      ...searchKeysOf(row.kind, record, row.entityRef),
      provider_name: this.providerName,
      kind: row.kind,
      id: row.id,
      record: json,
      record_hash: json === null ? null : recordHash(json),
      entity_ref: row.entityRef ?? null,
      entity_hash: row.entityHash ?? null,
      member_count: row.memberCount ?? null,
      departed_at: row.departedAt ?? null,
      departure: row.departure ?? null,
    };
  }

  private async upsert(tx: Knex, rows: Array<Record<string, unknown>>): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx(RECORDS)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(['provider_name', 'kind', 'id'])
        .merge();
    }
  }

  private async delete(tx: Knex, rows: Array<{ kind: RecordKind; id: string }>): Promise<void> {
    for (const kind of ['user', 'group'] as const) {
      const ids = rows.filter(row => row.kind === kind).map(row => row.id);
      for (let i = 0; i < ids.length; i += BATCH) {
        await this.rememberRemoved(tx, kind, ids.slice(i, i + BATCH));
        await tx(RECORDS)
          .where({ provider_name: this.providerName, kind })
          .whereIn('id', ids.slice(i, i + BATCH))
          .delete();
      }
    }
  }

  /**
   * Keeps the search keys of records that had an entity and are about to lose it (deleted, or written without one), so
   * explain can say which run removed it and why.
   */
  private async rememberRemoved(tx: Knex, kind: RecordKind, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const rows: Array<Record<string, unknown>> = await tx(RECORDS)
      .where({ provider_name: this.providerName, kind })
      .whereIn('id', ids)
      .whereNotNull('entity_ref')
      .select('kind', 'id', 'entity_ref', 'search_name', 'search_email', 'search_ref');
    if (!rows.length) return;
    const removedAt = Date.now();
    await tx(REMOVED_RECORDS)
      .insert(rows.map(row => ({ ...row, provider_name: this.providerName, removed_at: removedAt })))
      .onConflict(['provider_name', 'kind', 'id'])
      .merge();
  }

  /** Remembers the entities of the rows to be written without one (see {@link RecordStore.rememberRemoved}). */
  private async rememberLost(tx: Knex, rows: Array<{ kind: RecordKind; id: string; entityRef?: string }>): Promise<void> {
    for (const kind of ['user', 'group'] as const) {
      const ids = rows.filter(row => row.kind === kind && !row.entityRef).map(row => row.id);
      for (let i = 0; i < ids.length; i += BATCH) await this.rememberRemoved(tx, kind, ids.slice(i, i + BATCH));
    }
  }

  /** The stored records' JSON by id, of one kind (`ids` absent: all of them). */
  private async recordJson(kind: RecordKind, ids?: readonly string[]): Promise<Map<string, string>> {
    const knex = await this.knex();
    const out = new Map<string, string>();
    const read = async (query: Knex.QueryBuilder) => {
      const rows: Array<{ id: string; record: string | null }> = await query.select('id', 'record');
      for (const row of rows) if (row.record) out.set(row.id, row.record);
    };
    const base = () => knex(RECORDS).where({ provider_name: this.providerName, kind });
    if (!ids) {
      await read(base());
      return out;
    }
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH) await read(base().whereIn('id', unique.slice(i, i + BATCH)));
    return out;
  }
}

function parsedValues<R>(json: Map<string, string>, parse: (json: string) => R): Map<string, R> {
  return new Map([...json].map(([id, text]) => [id, parse(text)]));
}

function sameEntity(old: RecordIndexEntry, row: RecordRow): boolean {
  return (
    old.entityRef === row.entityRef &&
    old.entityHash === row.entityHash &&
    old.memberCount === row.memberCount &&
    old.departedAt === row.departedAt &&
    old.departure === row.departure
  );
}
