import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { PreviousRead } from '../records';
import { readCatalogHoldings, readLocationKeys, type HeldEntity } from './catalogHoldings';
import { migrateStateTables, PROVIDER_STATE, SOURCE_STATE } from './migrations';

const gunzip = promisify(zlib.gunzip);

/**
 * `{cursor, snapshot}` as gzipped JSON, one record at a time: the whole JSON
 * text of a large org never exists at once (it would add its size, twice over
 * as a UTF-16 string, to the backend's peak memory).
 */
async function gzipJson(read: PreviousRead): Promise<Buffer> {
  const gzip = zlib.createGzip();
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  // Pieces of about 1 MB: small enough to bound memory, large enough that zlib's per-write cost does not dominate.
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async () => {
    if (!pendingLength) return;
    const text = pending.join('');
    pending = [];
    pendingLength = 0;
    if (!gzip.write(text)) await new Promise(resolve => gzip.once('drain', resolve));
  };
  const write = async (text: string) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= 1 << 20) await flush();
  };
  await write(`{"cursor":${JSON.stringify(read.cursor)}`);
  if (read.snapshot) {
    await write(',"snapshot":{"users":[');
    for (const [list, next] of [[read.snapshot.users, '],"groups":['], [read.snapshot.groups, ']}']] as const) {
      for (let i = 0; i < list.length; i++) await write(`${i ? ',' : ''}${JSON.stringify(list[i])}`);
      await write(next);
    }
  }
  await write('}');
  await flush();
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

/** What the last applied run left in the catalog for one provider. */
export interface AppliedState {
  appliedAt: string;
  /** Entity ref → hash of the entity as applied. */
  entities: Record<string, string>;
  /** IdP record id → entity name as applied, so names stay with their records. */
  names?: { users: Record<string, string>; groups: Record<string, string> };
  /** Group ref → number of user members as applied, for the guard's membership rule. Absent in state saved before it existed. */
  memberCounts?: Record<string, number>;
}

/**
 * Where a provider remembers what it last applied, so the deletion guard and
 * the change counts survive restarts and are shared by replicas.
 */
export interface ProviderStateStore {
  getAppliedState(providerName: string): Promise<AppliedState | undefined>;
  saveAppliedState(providerName: string, state: AppliedState): Promise<void>;
  /** The source's cursor and the snapshot of the last applied read, for the next incremental read. */
  getPreviousRead(providerName: string): Promise<PreviousRead | undefined>;
  /** Saves a read encoded by `encodePreviousRead` (encoded first, so the records can be let go before the catalog's apply). */
  savePreviousRead(providerName: string, read: EncodedPreviousRead): Promise<void>;
  /** Forgets the previous read, so the next run reads everything. */
  clearPreviousRead(providerName: string): Promise<void>;
  /** What the catalog holds for this provider (see `readCatalogHoldings`); undefined when it cannot be told. */
  getCatalogHoldings?(providerName: string): Promise<Map<string, HeldEntity> | undefined>;
  /** Location keys holding these refs in the catalog, to name who emits a ref the catalog refused from us. */
  getLocationKeys?(refs: string[]): Promise<Map<string, string | undefined>>;
}

/** A previous read as stored: its cursor and snapshot as base64 gzipped JSON. */
export interface EncodedPreviousRead {
  readAt: string;
  fullReadAt: string;
  state: string;
}

/** Compressed: a snapshot of 50,000 people is tens of MB of JSON, a few MB gzipped; base64 keeps the column plain text on every database. */
export async function encodePreviousRead(read: PreviousRead): Promise<EncodedPreviousRead> {
  return { readAt: read.readAt, fullReadAt: read.fullReadAt, state: (await gzipJson(read)).toString('base64') };
}


/** Keeps provider state in a table of the catalog's own database (SQLite or PostgreSQL). */
export class DatabaseProviderStateStore implements ProviderStateStore {
  private ready?: Promise<Knex>;

  constructor(private readonly database: DatabaseService) {}

  static create(database: DatabaseService): DatabaseProviderStateStore {
    return new DatabaseProviderStateStore(database);
  }

  async getAppliedState(providerName: string): Promise<AppliedState | undefined> {
    const knex = await this.knex();
    const row = await knex(PROVIDER_STATE).where({ provider_name: providerName }).first();
    if (!row?.applied_entities) return undefined;
    return {
      appliedAt: String(row.applied_at),
      entities: JSON.parse(row.applied_entities),
      names: row.record_names ? JSON.parse(row.record_names) : undefined,
      memberCounts: row.member_counts ? JSON.parse(row.member_counts) : undefined,
    };
  }

  async saveAppliedState(providerName: string, state: AppliedState): Promise<void> {
    const knex = await this.knex();
    await knex(PROVIDER_STATE)
      .insert({
        provider_name: providerName,
        applied_at: state.appliedAt,
        applied_entities: JSON.stringify(state.entities),
        record_names: state.names ? JSON.stringify(state.names) : null,
        member_counts: state.memberCounts ? JSON.stringify(state.memberCounts) : null,
      })
      .onConflict('provider_name')
      .merge();
  }

  async getPreviousRead(providerName: string): Promise<PreviousRead | undefined> {
    const knex = await this.knex();
    const row = await knex(SOURCE_STATE).where({ provider_name: providerName }).first();
    if (!row?.state) return undefined;
    const { cursor, snapshot } = JSON.parse((await gunzip(Buffer.from(String(row.state), 'base64'))).toString('utf8'));
    return { cursor, snapshot, readAt: String(row.read_at), fullReadAt: String(row.full_read_at) };
  }

  async savePreviousRead(providerName: string, read: EncodedPreviousRead): Promise<void> {
    const knex = await this.knex();
    await knex(SOURCE_STATE)
      .insert({ provider_name: providerName, read_at: read.readAt, full_read_at: read.fullReadAt, state: read.state })
      .onConflict('provider_name')
      .merge();
  }

  async clearPreviousRead(providerName: string): Promise<void> {
    const knex = await this.knex();
    await knex(SOURCE_STATE).where({ provider_name: providerName }).delete();
  }

  async getCatalogHoldings(providerName: string): Promise<Map<string, HeldEntity>> {
    return readCatalogHoldings(await this.knex(), providerName);
  }

  async getLocationKeys(refs: string[]): Promise<Map<string, string | undefined>> {
    return readLocationKeys(await this.knex(), refs);
  }

  private knex(): Promise<Knex> {
    this.ready ??= this.database.getClient().then(async knex => {
      await migrateStateTables(knex);
      return knex;
    });
    return this.ready;
  }
}
