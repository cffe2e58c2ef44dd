import type { Knex } from 'knex';

/** The module's one table, beside the engine's `org_sync_*` tables in the catalog's database. */
export const SCIM_RESOURCES = 'org_sync_scim_resources';

/**
 * Creates the table when it is missing. Replicas starting together may race to create it: the loser's error is
 * ignored once the table is there.
 */
export async function ensureResourceTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(SCIM_RESOURCES)) return;
  try {
    await knex.schema.createTable(SCIM_RESOURCES, table => {
      table.increments('seq').primary();
      table.string('provider', 255).notNullable();
      table.string('kind', 16).notNullable();
      table.string('id', 64).notNullable();
      table.string('unique_name', 1024).notNullable();
      table.text('resource').notNullable();
      table.unique(['provider', 'kind', 'id']);
      table.unique(['provider', 'kind', 'unique_name']);
    });
  } catch (error) {
    if (!(await knex.schema.hasTable(SCIM_RESOURCES))) throw error;
  }
}
