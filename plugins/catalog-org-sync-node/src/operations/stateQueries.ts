import type { Knex } from 'knex';
import { IDENTITY_LINKS, PROVIDER_STATE, RECORDS, REMOVED_RECORDS, SOURCE_STATE } from '../state/migrations';
import { searchKey, type RecordSearchKeys } from '../state/recordSearchKeys';
import { storedRecordOf, type StoredRecordOfKind } from '../state/storedRecord';
import { LinkStore, type StoredLink } from '../state/LinkStore';

/** A record-store row as the operations API reads it (record parsed, typed by its kind). */
export type StoredRecord = StoredRecordOfKind & StoredRowFields;

interface StoredRowFields {
  provider: string;
  id: string;
  entityRef?: string;
  /** Unset while the catalog refused the entity (another provider or location emits its ref). */
  entityHash?: string;
  departedAt?: number;
  departure?: string;
}

interface Row {
  provider_name: string;
  kind: string;
  id: string;
  record: string | null;
  entity_ref: string | null;
  entity_hash: string | null;
  departed_at: number | string | null;
  departure: string | null;
}

const rowOf = (row: Row): StoredRecord => ({
  ...storedRecordOf(row.kind, row.record),
  provider: row.provider_name,
  id: row.id,
  entityRef: row.entity_ref ?? undefined,
  entityHash: row.entity_hash ?? undefined,
  departedAt: row.departed_at === null ? undefined : Number(row.departed_at),
  departure: row.departure ?? undefined,
});

/** An entity the record store removed with its record, and when (ms epoch). @alpha */
export interface RemovedRecord {
  provider: string;
  entityRef: string;
  removedAt: number;
}

/** Read-only queries of the engine's tables for the operations API. */
export class StateQueries {
  constructor(private readonly knex: () => Promise<Knex>) {}

  /** When each provider last applied a run (ms epoch). */
  async lastApplied(): Promise<Map<string, number>> {
    const knex = await this.knex();
    const rows: Array<{ provider_name: string; applied_at: string }> = await knex(PROVIDER_STATE).select('provider_name', 'applied_at');
    return new Map(rows.map(row => [row.provider_name, Date.parse(row.applied_at)]));
  }

  /** The saved cursor's read times, if the provider keeps one. */
  async cursor(provider: string): Promise<{ readAt: string; fullReadAt: string } | undefined> {
    const knex = await this.knex();
    const row = await knex(SOURCE_STATE).where({ provider_name: provider }).first('read_at', 'full_read_at');
    return row ? { readAt: String(row.read_at), fullReadAt: String(row.full_read_at) } : undefined;
  }

  /**
   * Records matching `q` exactly: IdP id (as given), or entity ref, login (a group's name) or email, case-insensitively.
   * Each is an equality on an indexed column (the search keys the record store fills when it writes a row); only the
   * hits are parsed, and checked in full (keys are cut to the column's width).
   */
  async findRecords(providers: string[], q: string): Promise<StoredRecord[]> {
    const knex = await this.knex();
    const needle = q.toLowerCase();
    const key = searchKey(q);
    const columns = ['provider_name', 'kind', 'id', 'record', 'entity_ref', 'entity_hash', 'departed_at', 'departure'];
    const byId = knex(RECORDS).whereIn('provider_name', providers).whereIn('kind', ['user', 'group']).where('id', q).select(columns);
    const byKey = (column: keyof RecordSearchKeys) => knex(RECORDS).whereIn('provider_name', providers).where(column, key).select(columns);
    const rows: Row[] = await byId.unionAll([byKey('search_ref'), byKey('search_name'), byKey('search_email')]);
    const unique = new Map(rows.map(row => [`${row.provider_name}/${row.kind}/${row.id}`, row]));
    return [...unique.values()].map(rowOf).filter(row => {
      const name = row.kind === 'group' ? row.record?.name : row.record?.login;
      return row.id === q || [row.entityRef, name, row.record?.email].some(value => typeof value === 'string' && value.toLowerCase() === needle);
    });
  }

  /**
   * Entities the record store removed whose record matched `q` (IdP id, or entity ref, login or email, case-insensitively),
   * with when: equalities on indexed columns, like {@link StateQueries.findRecords}.
   */
  async findRemoved(providers: string[], q: string): Promise<RemovedRecord[]> {
    const knex = await this.knex();
    const key = searchKey(q);
    const columns = ['provider_name', 'kind', 'id', 'entity_ref', 'removed_at'];
    const byId = knex(REMOVED_RECORDS).whereIn('provider_name', providers).whereIn('kind', ['user', 'group']).where('id', q).select(columns);
    const byKey = (column: keyof RecordSearchKeys) => knex(REMOVED_RECORDS).whereIn('provider_name', providers).where(column, key).select(columns);
    const rows: Array<{ provider_name: string; kind: string; id: string; entity_ref: string; removed_at: number | string }> = await byId.unionAll([
      byKey('search_ref'),
      byKey('search_name'),
      byKey('search_email'),
    ]);
    const unique = new Map(rows.map(row => [`${row.provider_name}/${row.kind}/${row.id}`, row]));
    return [...unique.values()].map(row => ({ provider: row.provider_name, entityRef: row.entity_ref, removedAt: Number(row.removed_at) }));
  }

  /** When the record store removed the entity of this record, if it did (and it has none since). */
  async removedOf(provider: string, kind: string, id: string): Promise<RemovedRecord | undefined> {
    const knex = await this.knex();
    const row: { entity_ref: string; removed_at: number | string } | undefined = await knex(REMOVED_RECORDS).where({ provider_name: provider, kind, id }).first('entity_ref', 'removed_at');
    return row && { provider, entityRef: row.entity_ref, removedAt: Number(row.removed_at) };
  }

  /** Account records of linked providers that joined the person `ref` (an entity ref). */
  async linkedAccountsOf(providers: string[], ref: string): Promise<StoredRecord[]> {
    const knex = await this.knex();
    const links: Array<{ linked_provider: string; account_id: string }> = await knex(IDENTITY_LINKS)
      .whereIn('linked_provider', providers)
      .andWhere({ person_ref: ref.toLowerCase() })
      .select('linked_provider', 'account_id');
    const out: StoredRecord[] = [];
    for (const link of links) {
      const rows: Row[] = await knex(RECORDS)
        .where({ provider_name: link.linked_provider, kind: 'user', id: link.account_id })
        .select('provider_name', 'kind', 'id', 'record', 'entity_ref', 'entity_hash', 'departed_at', 'departure');
      out.push(...rows.map(rowOf));
    }
    return out;
  }

  /** What linking decided for an account of a linked provider, if it is one. */
  async linkOf(provider: string, accountId: string): Promise<StoredLink | undefined> {
    return new LinkStore(this.knex).get(provider, accountId);
  }

  /** Groups of a provider listing the user record `userId` as a member. */
  async groupsOf(provider: string, userId: string): Promise<StoredRecord[]> {
    const knex = await this.knex();
    const rows: Row[] = await knex(RECORDS)
      .where({ provider_name: provider, kind: 'group' })
      // A wildcard in the id only widens the LIKE; the members are checked below.
      .andWhere('record', 'like', `%${JSON.stringify(userId)}%`)
      .select('provider_name', 'kind', 'id', 'record', 'entity_ref', 'entity_hash', 'departed_at', 'departure');
    return rows.map(rowOf).filter(row => row.kind === 'group' && row.record?.memberUserIds?.includes(userId));
  }

  /** Every entity ref a provider emits now (lower-case), and the departed ones kept with when and why they left. */
  async emitted(providers: string[]): Promise<{ active: Set<string>; departed: Map<string, { provider: string; departedAt: number; departure?: string }> }> {
    const knex = await this.knex();
    const rows: Array<{ provider_name: string; entity_ref: string; departed_at: number | string | null; departure: string | null }> = await knex(RECORDS)
      .whereIn('provider_name', providers)
      .whereNotNull('entity_ref')
      .select('provider_name', 'entity_ref', 'departed_at', 'departure');
    const active = new Set<string>();
    const departed = new Map<string, { provider: string; departedAt: number; departure?: string }>();
    for (const row of rows) {
      const ref = row.entity_ref.toLowerCase();
      if (row.departed_at === null) active.add(ref);
      else departed.set(ref, { provider: row.provider_name, departedAt: Number(row.departed_at), departure: row.departure ?? undefined });
    }
    return { active, departed };
  }
}
