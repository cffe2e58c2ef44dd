import type { Knex } from 'knex';
import { sleep } from '../util/sleep';

/** Our own migrations table, apart from the catalog's, in the catalog's database. */
export const MIGRATIONS_TABLE = 'org_sync__knex_migrations';

/** What each provider last applied (small, read every run). */
export const PROVIDER_STATE = 'org_sync_provider_state';
/** The source's cursor and snapshot: separate from PROVIDER_STATE because it is large and only the source needs it. */
export const SOURCE_STATE = 'org_sync_source_state';

/**
 * Each migration, in order. The first creates what releases before
 * migrations made with `hasTable` checks, so it is written to find them there.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261201000000_provider_and_source_state': {
    async up(knex) {
      if (!(await knex.schema.hasTable(PROVIDER_STATE))) {
        await knex.schema.createTable(PROVIDER_STATE, table => {
          table.string('provider_name', 255).primary();
          table.string('applied_at', 64).notNullable();
          table.text('applied_entities', 'longtext').notNullable();
          table.text('record_names', 'longtext').nullable();
        });
      } else if (!(await knex.schema.hasColumn(PROVIDER_STATE, 'record_names'))) {
        await knex.schema.alterTable(PROVIDER_STATE, table => table.text('record_names', 'longtext').nullable());
      }
      if (!(await knex.schema.hasTable(SOURCE_STATE))) {
        await knex.schema.createTable(SOURCE_STATE, table => {
          table.string('provider_name', 255).primary();
          table.string('read_at', 64).notNullable();
          table.string('full_read_at', 64).notNullable();
          table.text('state', 'longtext').notNullable();
        });
      }
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(SOURCE_STATE);
      await knex.schema.dropTableIfExists(PROVIDER_STATE);
    },
  },
  '20261201000001_member_counts': {
    async up(knex) {
      await knex.schema.alterTable(PROVIDER_STATE, table => table.text('member_counts', 'longtext').nullable());
    },
    async down(knex) {
      await knex.schema.alterTable(PROVIDER_STATE, table => table.dropColumn('member_counts'));
    },
  },
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: name => name,
  getMigration: async name => migrations[name],
};

const migrated = new WeakMap<Knex, Promise<void>>();
const ATTEMPTS = 8;

/**
 * Brings our tables up to date, once per database client: every module of a
 * backend has its own state store on the catalog's one database.
 */
export function migrateStateTables(knex: Knex): Promise<void> {
  let done = migrated.get(knex);
  if (!done) {
    done = migrateWithRetry(knex);
    migrated.set(knex, done);
    done.catch(() => migrated.delete(knex));
  }
  return done;
}

/**
 * knex's lock keeps two migrations from running at once, but not two
 * processes (replicas starting together) from creating its own tables at the
 * same moment, and a held lock fails the other at once: both are retried.
 */
async function migrateWithRetry(knex: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ migrationSource: source, tableName: MIGRATIONS_TABLE });
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await sleep(100 * attempt + Math.random() * 200);
    }
  }
}
