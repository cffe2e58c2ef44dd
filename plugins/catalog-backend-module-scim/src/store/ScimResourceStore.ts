import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { isJsonObject, ScimError, type JsonObject } from '../protocol';
import { ensureResourceTable, SCIM_RESOURCES } from './resourceTable';

/** The two SCIM resource types this service provider keeps. */
export type ScimResourceKind = 'User' | 'Group';

/** A resource as stored: the SCIM JSON and the name that must be unique within its kind (userName, a group's displayName). */
export interface ResourceWrite {
  id: string;
  uniqueName: string;
  resource: JsonObject;
}

/**
 * The SCIM resources of one provider, in the catalog's database (SQLite or PostgreSQL): what the IdP pushed, kept
 * across restarts and shared by replicas. It is this provider's "IdP" — the source reads it as any module reads its
 * IdP — so the engine's record store, guard and leavers work on it unchanged.
 */
export class ScimResourceStore {
  private client?: Promise<Knex>;

  constructor(
    private readonly database: DatabaseService,
    private readonly provider: string,
  ) {}

  private db(): Promise<Knex> {
    this.client ??= this.database.getClient().then(async knex => {
      await ensureResourceTable(knex);
      return knex;
    });
    return this.client;
  }

  /** A query on this provider's resources of a kind (not returned from an async function: awaiting it would run it). */
  private rowsIn(knex: Knex, kind: ScimResourceKind): Knex.QueryBuilder {
    return knex(SCIM_RESOURCES).where({ provider: this.provider, kind });
  }

  async get(kind: ScimResourceKind, id: string): Promise<JsonObject | undefined> {
    const row = await this.rowsIn(await this.db(), kind).andWhere({ id }).first('resource');
    return row ? parseResource(row.resource) : undefined;
  }

  /** The resource whose unique name (userName, a group's displayName) is `name`, in any case. */
  async findByUniqueName(kind: ScimResourceKind, name: string): Promise<JsonObject | undefined> {
    const row = await this.rowsIn(await this.db(), kind).andWhere({ unique_name: name.toLowerCase() }).first('resource');
    return row ? parseResource(row.resource) : undefined;
  }

  /** Groups whose stored JSON mentions `id` (a superset of those listing it as a member; the caller checks). */
  async groupsMentioning(id: string): Promise<JsonObject[]> {
    const rows: Array<{ resource: string }> = await this.rowsIn(await this.db(), 'Group').andWhere('resource', 'like', `%${JSON.stringify(id)}%`).select('resource');
    return rows.map(row => parseResource(row.resource));
  }

  /** Every resource of a kind, oldest first (the order a list answers in). */
  async list(kind: ScimResourceKind): Promise<JsonObject[]> {
    const rows: Array<{ resource: string }> = await this.rowsIn(await this.db(), kind).orderBy('seq').select('resource');
    return rows.map(row => parseResource(row.resource));
  }

  /** The resources of a kind among `ids`, by id (in slices, so a 10,000-member group is not one huge query). */
  async getMany(kind: ScimResourceKind, ids: readonly string[]): Promise<Map<string, JsonObject>> {
    const found = new Map<string, JsonObject>();
    for (let start = 0; start < ids.length; start += 500) {
      const slice = ids.slice(start, start + 500);
      const rows: Array<{ id: string; resource: string }> = await this.rowsIn(await this.db(), kind).whereIn('id', slice).select('id', 'resource');
      for (const row of rows) found.set(row.id, parseResource(row.resource));
    }
    return found;
  }

  /** Which of `ids` are groups of this provider (the rest are users or unknown). */
  async groupIds(ids: readonly string[]): Promise<Set<string>> {
    const groups = new Set<string>();
    for (let start = 0; start < ids.length; start += 500) {
      const rows: Array<{ id: string }> = await this.rowsIn(await this.db(), 'Group').whereIn('id', ids.slice(start, start + 500)).select('id');
      for (const row of rows) groups.add(row.id);
    }
    return groups;
  }

  /** Stores a new resource; a taken unique name (the unique index says so, for every replica at once) is a 409 `uniqueness`. */
  async insert(kind: ScimResourceKind, write: ResourceWrite): Promise<void> {
    const knex = await this.db();
    await knex(SCIM_RESOURCES)
      .insert({ provider: this.provider, kind, id: write.id, unique_name: write.uniqueName.toLowerCase(), resource: JSON.stringify(write.resource) })
      .catch(error => rethrowUniqueness(error, kind, write.uniqueName));
  }

  /** Replaces a stored resource; false when there is none with that id. */
  async replace(kind: ScimResourceKind, write: ResourceWrite): Promise<boolean> {
    const updated = await this.rowsIn(await this.db(), kind)
      .andWhere({ id: write.id })
      .update({ unique_name: write.uniqueName.toLowerCase(), resource: JSON.stringify(write.resource) })
      .catch((error: unknown) => rethrowUniqueness(error, kind, write.uniqueName));
    return Number(updated) > 0;
  }

  /** Deletes a resource; false when there is none with that id. */
  async remove(kind: ScimResourceKind, id: string): Promise<boolean> {
    const deleted = await this.rowsIn(await this.db(), kind).andWhere({ id }).delete();
    return Number(deleted) > 0;
  }
}

function takenName(kind: ScimResourceKind, name: string): ScimError {
  const attribute = kind === 'User' ? 'userName' : 'displayName';
  return new ScimError(409, 'uniqueness', `${attribute} ${JSON.stringify(name.slice(0, 64))} is already taken by another ${kind}`);
}

/** The unique index on the name refused the write: the name is another resource's. */
function rethrowUniqueness(error: unknown, kind: ScimResourceKind, name: string): never {
  const text = error instanceof Error ? error.message : String(error);
  if (/unique|duplicate/i.test(text)) throw takenName(kind, name);
  throw error;
}

function parseResource(text: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (!isJsonObject(value)) throw new Error('a stored SCIM resource is not a JSON object');
  return value;
}
