import knexFactory from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateStateTables, migrationSource, MIGRATIONS_TABLE, PLAN_ACCEPTANCES, PROVIDER_STATE, RECORDS } from './migrations';
import { appliedStateOf } from './ProviderStateStore';
import { RecordStore } from './RecordStore';

describe('migrateStateTables', () => {
  it('can be called by every module of a backend at once, and by two processes (clients) on one database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-migrations-'));
    const file = path.join(dir, 'catalog.sqlite');
    const open = () => knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    const [a, b] = [open(), open()];
    try {
      await Promise.all([migrateStateTables(a), migrateStateTables(a), migrateStateTables(a), migrateStateTables(b), migrateStateTables(b)]);
      expect(await a.schema.hasColumn('org_sync_provider_state', 'member_counts')).toBe(true);
      expect((await a(MIGRATIONS_TABLE).select('name')).map(r => r.name)).toEqual([
        '20261201000000_provider_and_source_state',
        '20261201000001_member_counts',
        '20261201000002_record_store_and_changes',
        '20261201000003_departures',
        '20261201000004_runs_and_acceptances',
        '20261202000000_identity_links',
        '20261207010000_one_run_plan_acceptances',
        '20261207030000_record_search_keys',
        '20261207040000_seen_deliveries',
        '20261208010000_signal_activity_and_run_entities',
        '20261208020000_removed_records',
      ]);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the record store migration', () => {
  it('carries over what an earlier release applied, so names stay with their records and the guard keeps its baseline', async () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    try {
      // The two migrations of the earlier release, and the state it saved.
      await knex.migrate.up({ migrationSource, tableName: MIGRATIONS_TABLE });
      await knex.migrate.up({ migrationSource, tableName: MIGRATIONS_TABLE });
      await knex(PROVIDER_STATE).insert({
        provider_name: 'okta:main',
        applied_at: '2026-11-30T00:00:00.000Z',
        applied_entities: JSON.stringify({ 'user:default/jane': 'h1', 'user:default/dup-1a2b3c4d': 'h2', 'group:okta/platform': 'h3' }),
        record_names: JSON.stringify({ users: { u1: 'jane', u2: 'DUP-1a2b3c4d', gone: 'nobody' }, groups: { g1: 'platform' } }),
        member_counts: JSON.stringify({ 'group:okta/platform': 2 }),
      });
      await migrateStateTables(knex);
      const rows = await knex(RECORDS).orderBy(['kind', 'id']).select('kind', 'id', 'record', 'entity_ref', 'entity_hash', 'member_count');
      expect(rows).toEqual([
        { kind: 'group', id: 'g1', record: null, entity_ref: 'group:okta/platform', entity_hash: 'h3', member_count: 2 },
        { kind: 'user', id: 'u1', record: null, entity_ref: 'user:default/jane', entity_hash: 'h1', member_count: null },
        { kind: 'user', id: 'u2', record: null, entity_ref: 'user:default/DUP-1a2b3c4d', entity_hash: 'h2', member_count: null },
      ]);
      const state = appliedStateOf('then', await new RecordStore(async () => knex, 'okta:main').index());
      expect(state.names).toEqual({ users: { u1: 'jane', u2: 'DUP-1a2b3c4d' }, groups: { g1: 'platform' } });
      expect(state.recordsComplete).toBe(false); // deltas wait for the first list read
    } finally {
      await knex.destroy();
    }
  });
});

describe('the one-run acceptances migration', () => {
  it('drops acceptances an earlier release kept (they never expired, so any may be stale)', async () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    try {
      const earlier = (await migrationSource.getMigrations([])).filter(name => name < '20261207010000_one_run_plan_acceptances');
      for (let i = 0; i < earlier.length; i++) await knex.migrate.up({ migrationSource, tableName: MIGRATIONS_TABLE });
      await knex(PLAN_ACCEPTANCES).insert({ provider_name: 'okta:main', plan_id: '15218de1', accepted_by: 'user:default/admin', accepted_at: 1 });
      await migrateStateTables(knex);
      expect(await knex(PLAN_ACCEPTANCES).select()).toEqual([]);
    } finally {
      await knex.destroy();
    }
  });
});
