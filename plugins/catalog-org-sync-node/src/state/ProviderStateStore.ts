import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { JsonValue, PreviousRead } from '../records';
import { readCatalogHoldings, readLocationKeys, type HeldEntity } from './catalogHoldings';
import { ChangeQueue } from './ChangeQueue';
import { migrateStateTables, PROVIDER_STATE, SOURCE_STATE } from './migrations';
import { ProviderLease } from './ProviderLease';
import { PlanAcceptances } from './PlanAcceptances';
import { LinkStore } from './LinkStore';
import { RecordStore, type RecordIndexEntry } from './RecordStore';
import { RemovalWindow } from './RemovalWindow';
import { SignalState } from './SignalState';
import { SeenDeliveries } from './SeenDeliveries';
import type { OrgDeliveryLog } from '../changes';

const gunzip = promisify(zlib.gunzip);
const gzip = promisify(zlib.gzip);

/** The cursor as gzipped JSON: an Okta member cursor holds every group's member ids. */
async function gzipJson(cursor: JsonValue): Promise<Buffer> {
  return gzip(Buffer.from(JSON.stringify({ cursor }), 'utf8'));
}

/** What the last applied run left in the catalog for one provider. @alpha */
export interface AppliedState {
  appliedAt: string;
  /** Entity ref → hash of the entity as applied. */
  entities: Record<string, string>;
  /** IdP record id → entity name as applied, so names stay with their records. */
  names?: { users: Record<string, string>; groups: Record<string, string> };
  /** Group ref → number of user members as applied, for the guard's membership rule. Absent in state saved before it existed. */
  memberCounts?: Record<string, number>;
  /** The record store's rows (without bodies) the above was read from. */
  index: RecordIndexEntry[];
  /** False while some rows have no record (carried over from an earlier release): deltas need a list read first. */
  recordsComplete: boolean;
  /** Refs (lower-case) of entities kept as departed (`leavers.mode: retain`). */
  departed: Set<string>;
}

/** The saved cursor of the last applied read (its records are in the record store). @alpha */
export type SavedRead = Omit<PreviousRead, 'records'>;

/**
 * Where a provider remembers what it last applied, so the deletion guard and
 * the change counts survive restarts and are shared by replicas.
 *
 * @alpha
 */
export interface ProviderStateStore {
  /** Built from the record store's rows; undefined before the first applied run. */
  getAppliedState(providerName: string): Promise<AppliedState | undefined>;
  /** Notes when a run applied (the rows themselves are written through `recordStore`). */
  markApplied(providerName: string, appliedAt: string): Promise<void>;
  recordStore(providerName: string): RecordStore;
  /** Identity links of every provider (`linkTo`). */
  linkStore?(): LinkStore;
  /** The source's cursor of the last applied read, for the next incremental read. */
  getPreviousRead(providerName: string): Promise<SavedRead | undefined>;
  /** Saves a cursor encoded by `encodePreviousRead`. */
  savePreviousRead(providerName: string, read: EncodedPreviousRead): Promise<void>;
  /** Forgets the previous read, so the next run reads everything. */
  clearPreviousRead(providerName: string): Promise<void>;
  /** What the catalog holds for this provider (see `readCatalogHoldings`); undefined when it cannot be told. */
  getCatalogHoldings?(providerName: string): Promise<Map<string, HeldEntity> | undefined>;
  /** Location keys holding these refs in the catalog, to name who emits a ref the catalog refused from us. */
  getLocationKeys?(refs: string[]): Promise<Map<string, string | undefined>>;
  changeQueue(providerName: string): ChangeQueue;
  signalState(providerName: string, signal: 'poller' | 'receiver'): SignalState;
  removalWindow(providerName: string): RemovalWindow;
  lease(providerName: string): ProviderLease;
  /** Acceptances of held plans (operations API, `guard.acceptPlan`), each for one run. */
  planAcceptances(providerName: string): PlanAcceptances;
  /** Delivery keys the provider's receivers took, for replay protection across replicas and restarts. */
  deliveryLog(providerName: string): OrgDeliveryLog;
}

/** A previous read as stored: its cursor as base64 gzipped JSON. @alpha */
export interface EncodedPreviousRead {
  readAt: string;
  fullReadAt: string;
  state: string;
}

/** Compressed; base64 keeps the column plain text on every database. @alpha */
export async function encodePreviousRead(read: SavedRead): Promise<EncodedPreviousRead> {
  return { readAt: read.readAt, fullReadAt: read.fullReadAt, state: (await gzipJson(read.cursor)).toString('base64') };
}


/** Keeps provider state in a table of the catalog's own database (SQLite or PostgreSQL). @alpha */
export class DatabaseProviderStateStore implements ProviderStateStore {
  private ready?: Promise<Knex>;
  private readonly leases = new Map<string, ProviderLease>();

  constructor(private readonly database: DatabaseService) {}

  static create(database: DatabaseService): DatabaseProviderStateStore {
    return new DatabaseProviderStateStore(database);
  }

  async getAppliedState(providerName: string): Promise<AppliedState | undefined> {
    const knex = await this.knex();
    const row = await knex(PROVIDER_STATE).where({ provider_name: providerName }).first();
    if (!row) return undefined;
    const index = await this.recordStore(providerName).index();
    return appliedStateOf(String(row.applied_at), index);
  }

  async markApplied(providerName: string, appliedAt: string): Promise<void> {
    const knex = await this.knex();
    await knex(PROVIDER_STATE)
      .insert({ provider_name: providerName, applied_at: appliedAt, applied_entities: '{}', record_names: null, member_counts: null })
      .onConflict('provider_name')
      .merge(['applied_at']);
  }

  recordStore(providerName: string): RecordStore {
    return new RecordStore(() => this.knex(), providerName);
  }

  linkStore(): LinkStore {
    return new LinkStore(() => this.knex());
  }

  changeQueue(providerName: string): ChangeQueue {
    return new ChangeQueue(() => this.knex(), providerName);
  }

  signalState(providerName: string, signal: 'poller' | 'receiver'): SignalState {
    return new SignalState(() => this.knex(), providerName, signal);
  }

  planAcceptances(providerName: string): PlanAcceptances {
    return new PlanAcceptances(() => this.knex(), providerName);
  }

  removalWindow(providerName: string): RemovalWindow {
    return new RemovalWindow(() => this.knex(), providerName);
  }

  deliveryLog(providerName: string): OrgDeliveryLog {
    return new SeenDeliveries(() => this.knex(), providerName);
  }

  lease(providerName: string): ProviderLease {
    let lease = this.leases.get(providerName);
    if (!lease) this.leases.set(providerName, (lease = new ProviderLease(() => this.knex(), providerName)));
    return lease;
  }

  async getPreviousRead(providerName: string): Promise<SavedRead | undefined> {
    const knex = await this.knex();
    const row = await knex(SOURCE_STATE).where({ provider_name: providerName }).first();
    if (!row?.state) return undefined;
    const { cursor } = JSON.parse((await gunzip(Buffer.from(String(row.state), 'base64'))).toString('utf8'));
    return { cursor, readAt: String(row.read_at), fullReadAt: String(row.full_read_at) };
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

/** The applied state as the run uses it: refs lower-case (as the catalog compares them), names by record id. @alpha */
export function appliedStateOf(appliedAt: string, index: RecordIndexEntry[]): AppliedState {
  const state: AppliedState = {
    appliedAt,
    entities: {},
    names: { users: {}, groups: {} },
    memberCounts: {},
    index,
    recordsComplete: index.every(entry => entry.recordHash !== undefined),
    departed: new Set(index.filter(entry => entry.departedAt !== undefined && entry.entityRef).map(entry => entry.entityRef!.toLowerCase())),
  };
  for (const entry of index) {
    if (!entry.entityRef) continue;
    // A ref the catalog refused keeps its name (the next run tries it again) but is not counted as ours.
    state.names![entry.kind === 'user' ? 'users' : 'groups'][entry.id] = entry.entityRef.slice(entry.entityRef.lastIndexOf('/') + 1);
    if (!entry.entityHash) continue;
    const ref = entry.entityRef.toLowerCase();
    state.entities[ref] = entry.entityHash;
    if (entry.kind === 'group') state.memberCounts![ref] = entry.memberCount ?? 0;
  }
  return state;
}
