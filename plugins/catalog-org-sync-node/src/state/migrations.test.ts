import knexFactory from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateStateTables, MIGRATIONS_TABLE } from './migrations';

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
      ]);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
