import type { Knex } from 'knex';

/** What the catalog holds for one entity a provider applied. */
export interface HeldEntity {
  /** The catalog's hash of the entity as applied (`entityHash` computes the same). */
  hash?: string;
  locationKey?: string;
}

/**
 * Reads, from the catalog's own tables, every entity the catalog attributes
 * to a provider (the refs its last mutations left, keyed lower-case) with the
 * hash of what it holds. One indexed query; a provider that compares this with
 * what it last applied finds entities deleted or altered behind its back.
 *
 * Throws when the catalog's tables are not what this release knows; the
 * caller then falls back to a full mutation.
 */
export async function readCatalogHoldings(knex: Knex, providerName: string): Promise<Map<string, HeldEntity>> {
  const rows: Array<{ ref: string; hash: string | null; location_key: string | null }> = await knex('refresh_state_references as r')
    .leftJoin('refresh_state as s', 's.entity_ref', 'r.target_entity_ref')
    .where('r.source_key', providerName)
    .select({ ref: 'r.target_entity_ref', hash: 's.unprocessed_hash', location_key: 's.location_key' });
  const held = new Map<string, HeldEntity>();
  for (const row of rows) {
    held.set(row.ref.toLowerCase(), { hash: row.hash ?? undefined, locationKey: row.location_key ?? undefined });
  }
  return held;
}

/** Who holds each of `refs` (lower-case, as the catalog keeps refs) in the catalog: its location key; absent when nobody does. */
export async function readLocationKeys(knex: Knex, refs: string[]): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>();
  for (let i = 0; i < refs.length; i += 500) {
    const chunk = refs.slice(i, i + 500);
    const rows: Array<{ entity_ref: string; location_key: string | null }> = await knex('refresh_state')
      .whereIn('entity_ref', chunk)
      .select('entity_ref', 'location_key');
    for (const row of rows) found.set(row.entity_ref.toLowerCase(), row.location_key ?? undefined);
  }
  return found;
}
