import type { Knex } from 'knex';
import { sleep } from '../util/sleep';
import { SEARCH_KEY_WIDTH, searchKeysOf } from './recordSearchKeys';

/** Our own migrations table, apart from the catalog's, in the catalog's database. */
export const MIGRATIONS_TABLE = 'org_sync__knex_migrations';

/** What each provider last applied (small, read every run). */
export const PROVIDER_STATE = 'org_sync_provider_state';
/** The source's cursor: separate from PROVIDER_STATE because it can be large and only the source needs it. */
export const SOURCE_STATE = 'org_sync_source_state';
/** The record store: one row per provider, kind and IdP id, with the record and the entity applied from it. */
export const RECORDS = 'org_sync_records';
/** Records named by change signals, waiting for the change task (any replica) to re-read them. */
export const PENDING_CHANGES = 'org_sync_pending_changes';
/** Cursors and state of change signals (poll cursor, subscriptions), per provider and signal. */
export const SIGNAL_STATE = 'org_sync_signal_state';
/** Removals applied from change signals, for the deletion guard's rolling window. */
export const RECENT_REMOVALS = 'org_sync_recent_removals';
/** One holder at a time per provider for runs that apply (scheduled and change runs), across replicas. */
export const LEASES = 'org_sync_leases';
/** Finished runs per provider (outcome, counts, durations, guard decision), the last few hundred of each. */
export const RUNS = 'org_sync_runs';
/** The held removal plan accepted through the operations API, at most one per provider, taken by its next run that evaluates the guard. */
export const PLAN_ACCEPTANCES = 'org_sync_plan_acceptances';
/** The `guard.acceptPlan` value a run of each provider spent last: it accepts nothing more until it changes. */
export const SPENT_ACCEPT_PLANS = 'org_sync_spent_accept_plans';
/** Identity links: which person of a people source each account of a linked source belongs to, and how that was decided. */
export const IDENTITY_LINKS = 'org_sync_identity_links';
/** Keys of push deliveries already taken (event ids, body digests), per provider until they expire: a replay is refused on any replica. */
export const SEEN_DELIVERIES = 'org_sync_seen_deliveries';
/** The last delivery or poll each change signal of a provider saw (one row per provider and `via`), so any replica tells. */
export const SIGNAL_ACTIVITY = 'org_sync_signal_activity';
/** The search keys of emitted records the record store deleted, and when: explain finds whom a run removed by them. */
export const REMOVED_RECORDS = 'org_sync_removed_records';

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
  '20261201000002_record_store_and_changes': {
    async up(knex) {
      await knex.schema.createTable(RECORDS, table => {
        table.string('provider_name', 255).notNullable();
        table.string('kind', 8).notNullable();
        table.string('id', 255).notNullable();
        // Null only for rows carried over from the applied state of an earlier release: the next list read fills it.
        table.text('record', 'longtext').nullable();
        table.string('record_hash', 64).nullable();
        table.string('entity_ref', 512).nullable();
        table.string('entity_hash', 64).nullable();
        table.integer('member_count').nullable();
        table.primary(['provider_name', 'kind', 'id']);
      });
      await knex.schema.createTable(PENDING_CHANGES, table => {
        table.string('provider_name', 255).notNullable();
        table.string('kind', 8).notNullable();
        table.string('id', 255).notNullable();
        table.bigInteger('noted_at').notNullable();
        table.primary(['provider_name', 'kind', 'id']);
      });
      await knex.schema.createTable(SIGNAL_STATE, table => {
        table.string('provider_name', 255).notNullable();
        table.string('signal', 32).notNullable();
        table.text('state', 'longtext').notNullable();
        table.primary(['provider_name', 'signal']);
      });
      await knex.schema.createTable(RECENT_REMOVALS, table => {
        table.string('provider_name', 255).notNullable();
        table.string('entity_ref', 512).notNullable();
        table.bigInteger('removed_at').notNullable();
        table.index(['provider_name', 'removed_at']);
      });
      await knex.schema.createTable(LEASES, table => {
        table.string('provider_name', 255).primary();
        table.string('holder', 255).notNullable();
        table.bigInteger('expires_at').notNullable();
      });
      await carryOverAppliedState(knex);
    },
    async down(knex) {
      for (const table of [LEASES, RECENT_REMOVALS, SIGNAL_STATE, PENDING_CHANGES, RECORDS]) await knex.schema.dropTableIfExists(table);
    },
  },
  '20261201000003_departures': {
    async up(knex) {
      await knex.schema.alterTable(RECORDS, table => {
        // Set while a person or group who left is kept as departed (leavers.mode: retain): when, and why.
        table.bigInteger('departed_at').nullable();
        table.string('departure', 255).nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable(RECORDS, table => {
        table.dropColumn('departure');
        table.dropColumn('departed_at');
      });
    },
  },
  '20261201000004_runs_and_acceptances': {
    async up(knex) {
      await knex.schema.createTable(RUNS, table => {
        table.string('provider_name', 255).notNullable();
        table.string('run_id', 64).notNullable();
        table.string('trigger', 16).notNullable();
        // ISO 8601 (sortable as text) and ms epoch (for trimming and ages).
        table.string('started_at', 64).notNullable();
        table.string('finished_at', 64).notNullable();
        table.bigInteger('finished_ms').notNullable();
        table.string('outcome', 16).notNullable();
        table.string('read_mode', 16).nullable();
        table.text('counts').notNullable();
        table.text('durations').notNullable();
        table.text('error').nullable();
        // The guard's decision; refs it would remove (or removed) capped, with their total counts.
        table.text('guard', 'longtext').nullable();
        table.primary(['provider_name', 'run_id']);
        table.index(['provider_name', 'finished_ms']);
      });
      await knex.schema.createTable(PLAN_ACCEPTANCES, table => {
        table.string('provider_name', 255).notNullable();
        table.string('plan_id', 64).notNullable();
        table.string('accepted_by', 512).notNullable();
        table.bigInteger('accepted_at').notNullable();
        table.primary(['provider_name', 'plan_id']);
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(PLAN_ACCEPTANCES);
      await knex.schema.dropTableIfExists(RUNS);
    },
  },
  '20261202000000_identity_links': {
    async up(knex) {
      await knex.schema.createTable(IDENTITY_LINKS, table => {
        table.string('linked_provider', 255).notNullable();
        table.string('account_id', 255).notNullable();
        table.string('account_login', 255).nullable();
        /** Where the account lives, for reports (`GitHub org acme`). */
        table.string('account_where', 255).nullable();
        /** linked | unmatched | conflict | departed */
        table.string('state', 16).notNullable();
        table.string('people_provider', 255).notNullable();
        table.string('person_id', 255).nullable();
        /** Lower-cased ref of the person's entity, as the catalog processor looks it up. */
        table.string('person_ref', 512).nullable();
        /** How the link (or its refusal) was decided: the rule and the value it matched. */
        table.string('method', 32).nullable();
        table.text('detail').nullable();
        /** The account's identity annotations (JSON), added to the person's entity. */
        table.text('annotations').nullable();
        table.bigInteger('updated_at').notNullable();
        table.primary(['linked_provider', 'account_id']);
        table.index(['person_ref']);
      });
      // A run's link report (linked, unmatched, refused, departed accounts; people who left still holding accounts).
      await knex.schema.alterTable(RUNS, table => table.text('links', 'longtext').nullable());
    },
    async down(knex) {
      await knex.schema.alterTable(RUNS, table => table.dropColumn('links'));
      await knex.schema.dropTableIfExists(IDENTITY_LINKS);
    },
  },
  '20261207010000_one_run_plan_acceptances': {
    async up(knex) {
      // Acceptances of earlier releases never expired, so any left may be stale (a later glitch with the same plan
      // would go through): dropped, to be accepted again against the latest held run.
      await knex(PLAN_ACCEPTANCES).delete();
      await knex.schema.createTable(SPENT_ACCEPT_PLANS, table => {
        table.string('provider_name', 255).primary();
        table.text('plan_id').notNullable();
        table.string('run_id', 64).notNullable();
        table.bigInteger('spent_at').notNullable();
      });
      // What a run did with the acceptances it took (applied or dropped), as the run history answers it.
      await knex.schema.alterTable(RUNS, table => table.text('acceptances').nullable());
    },
    async down(knex) {
      await knex.schema.alterTable(RUNS, table => table.dropColumn('acceptances'));
      await knex.schema.dropTableIfExists(SPENT_ACCEPT_PLANS);
    },
  },
  '20261207030000_record_search_keys': {
    async up(knex) {
      // explain finds records by these (equality on an index) instead of scanning every record's JSON.
      await knex.schema.alterTable(RECORDS, table => {
        table.string('search_name', SEARCH_KEY_WIDTH).nullable();
        table.string('search_email', SEARCH_KEY_WIDTH).nullable();
        table.string('search_ref', SEARCH_KEY_WIDTH).nullable();
        table.index(['search_name'], 'org_sync_records_search_name_idx');
        table.index(['search_email'], 'org_sync_records_search_email_idx');
        table.index(['search_ref'], 'org_sync_records_search_ref_idx');
      });
      await fillSearchKeys(knex);
    },
    async down(knex) {
      await knex.schema.alterTable(RECORDS, table => {
        table.dropIndex(['search_ref'], 'org_sync_records_search_ref_idx');
        table.dropIndex(['search_email'], 'org_sync_records_search_email_idx');
        table.dropIndex(['search_name'], 'org_sync_records_search_name_idx');
        table.dropColumn('search_ref');
        table.dropColumn('search_email');
        table.dropColumn('search_name');
      });
    },
  },
  '20261207040000_seen_deliveries': {
    async up(knex) {
      await knex.schema.createTable(SEEN_DELIVERIES, table => {
        table.string('provider_name', 255).notNullable();
        // A SHA-256 of the module's key, so any key fits and none is stored as sent.
        table.string('delivery_key', 64).notNullable();
        table.bigInteger('expires_at').notNullable();
        table.primary(['provider_name', 'delivery_key']);
        table.index(['provider_name', 'expires_at']);
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(SEEN_DELIVERIES);
    },
  },
  '20261208010000_signal_activity_and_run_entities': {
    async up(knex) {
      await knex.schema.createTable(SIGNAL_ACTIVITY, table => {
        table.string('provider_name', 255).notNullable();
        table.string('via', 16).notNullable();
        table.bigInteger('seen_at').notNullable();
        table.string('outcome', 16).notNullable();
        table.string('detail', 512).nullable();
        table.primary(['provider_name', 'via']);
      });
      // The refs a run restored and the catalog refused (JSON, the first of each with the totals).
      await knex.schema.alterTable(RUNS, table => table.text('entities', 'longtext').nullable());
    },
    async down(knex) {
      await knex.schema.alterTable(RUNS, table => table.dropColumn('entities'));
      await knex.schema.dropTableIfExists(SIGNAL_ACTIVITY);
    },
  },
  '20261208020000_removed_records': {
    async up(knex) {
      // explain finds a removed person by the keys their record had (equality on an index), never by the runs' JSON.
      await knex.schema.createTable(REMOVED_RECORDS, table => {
        table.string('provider_name', 255).notNullable();
        table.string('kind', 16).notNullable();
        table.string('id', 255).notNullable();
        table.string('entity_ref', 512).notNullable();
        table.string('search_name', SEARCH_KEY_WIDTH).nullable();
        table.string('search_email', SEARCH_KEY_WIDTH).nullable();
        table.string('search_ref', SEARCH_KEY_WIDTH).nullable();
        table.bigInteger('removed_at').notNullable();
        table.primary(['provider_name', 'kind', 'id']);
        table.index(['search_name'], 'org_sync_removed_search_name_idx');
        table.index(['search_email'], 'org_sync_removed_search_email_idx');
        table.index(['search_ref'], 'org_sync_removed_search_ref_idx');
        table.index(['provider_name', 'removed_at'], 'org_sync_removed_at_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(REMOVED_RECORDS);
    },
  },
};

/**
 * Rows for what an earlier release applied (its JSON state), so entity names
 * stay with their records and the guard keeps its baseline across the upgrade.
 * Such rows have no record: the next list read fills them in.
 */
async function carryOverAppliedState(knex: Knex): Promise<void> {
  const states: Array<{ provider_name: string; applied_entities: string; record_names: string | null; member_counts: string | null }> =
    await knex(PROVIDER_STATE).select('provider_name', 'applied_entities', 'record_names', 'member_counts');
  for (const state of states) {
    const hashes: Record<string, string> = JSON.parse(state.applied_entities || '{}');
    const names: { users?: Record<string, string>; groups?: Record<string, string> } = state.record_names ? JSON.parse(state.record_names) : {};
    const counts: Record<string, number> = state.member_counts ? JSON.parse(state.member_counts) : {};
    const refsByKindAndName = new Map<string, string>();
    for (const ref of Object.keys(hashes)) {
      const [kind, rest] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
      refsByKindAndName.set(`${kind}:${rest.slice(rest.indexOf('/') + 1).toLowerCase()}`, ref);
    }
    const rows: Array<Record<string, unknown>> = [];
    for (const [kind, byId] of [['user', names.users ?? {}], ['group', names.groups ?? {}]] as const) {
      for (const [id, name] of Object.entries(byId)) {
        const ref = refsByKindAndName.get(`${kind}:${name.toLowerCase()}`);
        if (!ref) continue;
        rows.push({
          provider_name: state.provider_name,
          kind,
          id,
          record: null,
          record_hash: null,
          entity_ref: ref.replace(/\/[^/]*$/, `/${name}`),
          entity_hash: hashes[ref],
          member_count: kind === 'group' ? counts[ref] ?? null : null,
        });
      }
    }
    for (let i = 0; i < rows.length; i += 100) await knex(RECORDS).insert(rows.slice(i, i + 100));
  }
}

/** Search keys for the rows written before they existed, a page at a time in primary-key order. */
async function fillSearchKeys(knex: Knex): Promise<void> {
  let after: { provider_name: string; kind: string; id: string } | undefined;
  for (;;) {
    const query = knex(RECORDS).orderBy(['provider_name', 'kind', 'id']).limit(500).select('provider_name', 'kind', 'id', 'record', 'entity_ref');
    if (after) query.whereRaw('(provider_name, kind, id) > (?, ?, ?)', [after.provider_name, after.kind, after.id]);
    const rows: Array<{ provider_name: string; kind: string; id: string; record: string | null; entity_ref: string | null }> = await query;
    for (const row of rows) {
      const keys = searchKeysOf(row.kind, row.record ? JSON.parse(row.record) : undefined, row.entity_ref);
      await knex(RECORDS).where({ provider_name: row.provider_name, kind: row.kind, id: row.id }).update(keys);
    }
    if (rows.length < 500) return;
    after = rows[rows.length - 1];
  }
}

/** Our migrations, in order (exported for the upgrade test). */
export const migrationSource: Knex.MigrationSource<string> = {
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
      await knex.migrate.latest({ migrationSource, tableName: MIGRATIONS_TABLE });
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await sleep(100 * attempt + Math.random() * 200);
    }
  }
}
