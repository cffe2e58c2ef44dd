import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables, migrationSource, MIGRATIONS_TABLE, RECORDS, REMOVED_RECORDS } from '../state/migrations';
import { RecordStore } from '../state/RecordStore';
import { RunHistory } from './RunHistory';
import { StateQueries } from './stateQueries';

const row = (id: string, record: object | null, extra: Record<string, unknown> = {}) => ({
  provider_name: 'okta:main',
  kind: 'user',
  id,
  record: record && JSON.stringify(record),
  record_hash: record && 'h',
  entity_ref: null,
  entity_hash: null,
  member_count: null,
  departed_at: null,
  departure: null,
  ...extra,
});

/** Applies our migrations up to (not including) `name`: the schema of the release before it. */
async function migrateUpTo(knex: Knex, name: string): Promise<void> {
  for (;;) {
    const [, pending]: [unknown, Array<string | { file: string }>] = await knex.migrate.list({ migrationSource, tableName: MIGRATIONS_TABLE });
    const next = pending[0];
    if (next === undefined || (typeof next === 'string' ? next : next.file) === name) return;
    await knex.migrate.up({ migrationSource, tableName: MIGRATIONS_TABLE });
  }
}

/** The SQL of every statement `run` sends, with its bindings. */
async function statementsOf(knex: Knex, run: () => Promise<unknown>): Promise<Array<{ sql: string; bindings: readonly Knex.RawBinding[] }>> {
  const seen: Array<{ sql: string; bindings: readonly Knex.RawBinding[] }> = [];
  const listener = (query: { sql: string; bindings?: readonly Knex.RawBinding[] }) => seen.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on('query', listener);
  try {
    await run();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}

/** How the database would read the record table for `statement`: one line per table access. */
async function planOf(knex: Knex, statement: { sql: string; bindings: readonly Knex.RawBinding[] }): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    return knex.transaction(async tx => {
      // Tiny tables are cheapest to scan; with scans priced out, a plan scans only where no index serves.
      await tx.raw('set local enable_seqscan = off');
      // The event shows pg's own placeholders ($1, $2, … in order); knex.raw takes `?`.
      const { rows } = await tx.raw(`explain ${statement.sql.replace(/\$\d+/g, '?')}`, statement.bindings);
      return rows.map((row: Record<string, string>) => row['QUERY PLAN']);
    });
  }
  const rows: Array<{ detail: string }> = await knex.raw(`explain query plan ${statement.sql}`, statement.bindings);
  return rows.map(row => row.detail);
}

function queriesOn(open: () => Promise<Knex>) {
  let knex: Knex;
  let queries: StateQueries;
  beforeAll(async () => {
    knex = await open();
    queries = new StateQueries(async () => knex);
    // Rows as the release before the search keys wrote them: the migration fills their keys.
    await migrateUpTo(knex, '20261207030000_record_search_keys');
    await knex(RECORDS).insert([
      row('00u1', { id: '00u1', login: 'Jane.Doe@Example.com', email: 'jane.doe@example.com', active: true }, { entity_ref: 'user:default/Jane.Doe', entity_hash: 'e' }),
      row('00u2', { id: '00u2', login: 'j_n%e@example.com', email: 'j_n%e@example.com', active: true }, { entity_ref: 'user:default/j_n-e', entity_hash: 'e' }),
      row('00u3', { id: '00u3', login: 'jxnye@example.com', email: 'jxnye@example.com', active: false }),
      row('00u4', { id: '00u4', login: 'left@example.com', active: true }, { entity_ref: 'user:default/left', entity_hash: 'e', departed_at: 1_764_547_200_000, departure: 'status: DEPROVISIONED' }),
      row('g1', { id: 'g1', name: 'Platform', memberUserIds: ['00u1', '00u3'], memberGroupIds: [] }, { kind: 'group', entity_ref: 'group:default/platform', entity_hash: 'e' }),
      row('g2', { id: 'g2', name: 'Other', memberUserIds: ['00u10'], memberGroupIds: [] }, { kind: 'group', entity_ref: 'group:default/other', entity_hash: 'e' }),
    ]);
    await migrateStateTables(knex);
  });
  afterAll(() => knex?.destroy());

  it('finds a record by email, login, IdP id or entity ref, case-insensitively and exactly (a wildcard in q matches nothing)', async () => {
    const ids = async (q: string) => (await queries.findRecords(['okta:main'], q)).map(r => r.id).sort();
    expect(await ids('JANE.DOE@example.com')).toEqual(['00u1']);
    expect(await ids('user:default/jane.doe')).toEqual(['00u1']);
    expect(await ids('00u3')).toEqual(['00u3']);
    expect(await ids('j_n%e@example.com')).toEqual(['00u2']);
    expect(await ids('j%')).toEqual([]);
    expect(await ids('platform')).toEqual(['g1']);
    expect(await queries.findRecords(['okta:other'], 'jane.doe@example.com')).toEqual([]);
  });

  it('finds records the record store writes by each key, following the entity when only its ref changes', async () => {
    const store = new RecordStore(async () => knex, 'graph:main');
    const raw = { mail: 'not-a-key@example.com', userPrincipalName: 'upn@example.com' };
    await store.replace(
      [
        { kind: 'user', id: 'a1', record: { id: 'a1', login: 'Ada@Example.com', email: 'ada.l@example.com', active: true, raw }, entityRef: 'user:default/ada', entityHash: 'e' },
        { kind: 'group', id: 'b1', recordJson: JSON.stringify({ id: 'b1', name: 'Analysts', email: 'analysts@example.com' }), entityRef: 'group:default/analysts', entityHash: 'e' },
      ],
      [],
    );
    await store.update([{ kind: 'user', id: 'a1', entityRef: 'user:default/Ada-Lovelace', entityHash: 'f' }], []);
    const ids = async (q: string) => (await queries.findRecords(['graph:main'], q)).map(r => r.id).sort();
    expect(await ids('ada@example.com')).toEqual(['a1']);
    expect(await ids('ADA.L@example.com')).toEqual(['a1']);
    expect(await ids('user:default/ada-lovelace')).toEqual(['a1']);
    expect(await ids('user:default/ada')).toEqual([]);
    expect(await ids('analysts')).toEqual(['b1']);
    expect(await ids('analysts@example.com')).toEqual(['b1']);
    expect(await ids('A1')).toEqual([]); // IdP ids as given
    // Values only in the raw IdP object are not search keys.
    expect(await ids('not-a-key@example.com')).toEqual([]);
    expect(await ids('upn@example.com')).toEqual([]);
  });

  it('searches by indexed columns: every read of the record table is bounded by an IdP id or a search key, none scans a provider’s rows', async () => {
    const statements = await statementsOf(knex, () => queries.findRecords(['okta:main', 'graph:main'], 'jane.doe@example.com'));
    const reads = statements.filter(s => s.sql.includes(RECORDS));
    expect(reads.length).toBeGreaterThan(0);
    for (const statement of reads) {
      const plan = (await planOf(knex, statement)).map(line => line.trim());
      expect(plan.filter(line => /^SCAN org_sync_records|Seq Scan on org_sync_records/.test(line))).toEqual([]);
      // SQLite: `SEARCH org_sync_records USING INDEX … (search_email=?)`; PostgreSQL: `Index Cond: ((search_email)::text = …)`.
      const accesses = plan.filter(line => /^SEARCH org_sync_records|^Index Cond:/.test(line));
      expect(accesses.length).toBeGreaterThan(0);
      expect(accesses.filter(line => !/\b(search_name|search_email|search_ref|id)\b(\)::text)? ?= ?/.test(line))).toEqual([]);
    }
  });

  it('remembers whose entity the record store took away (deleted, or written without one) by the keys their record had, and finds them by indexed columns', async () => {
    const store = new RecordStore(async () => knex, 'okta:gone');
    const person = (id: string, active = true) => ({ id, login: `${id}@example.com`, email: `${id}.mail@example.com`, active });
    await store.update(
      [
        { kind: 'user', id: 'u1', record: person('u1'), entityRef: 'user:default/U1', entityHash: 'e' },
        { kind: 'user', id: 'u2', record: person('u2'), entityRef: 'user:default/u2', entityHash: 'e' },
        { kind: 'user', id: 'u3', record: person('u3', false) },
      ],
      [],
    );
    const before = Date.now();
    await store.update([{ kind: 'user', id: 'u2', record: person('u2', false) }], [{ kind: 'user', id: 'u1' }]);
    const found = async (q: string) => (await queries.findRemoved(['okta:gone'], q)).map(r => r.entityRef);
    expect(await found('U1.MAIL@example.com')).toEqual(['user:default/U1']);
    expect(await found('u1@example.com')).toEqual(['user:default/U1']);
    expect(await found('user:default/u1')).toEqual(['user:default/U1']);
    expect(await found('u2')).toEqual(['user:default/u2']);
    expect(await found('u3')).toEqual([]); // never had an entity
    expect((await queries.removedOf('okta:gone', 'user', 'u2'))?.removedAt).toBeGreaterThanOrEqual(before);

    const statements = await statementsOf(knex, async () => {
      await queries.findRemoved(['okta:gone'], 'u1@example.com');
      await queries.removedOf('okta:gone', 'user', 'u2');
    });
    for (const statement of statements.filter(s => s.sql.includes(REMOVED_RECORDS))) {
      const plan = (await planOf(knex, statement)).map(line => line.trim());
      expect(plan.filter(line => /^SCAN org_sync_removed_records|Seq Scan on org_sync_removed_records/.test(line))).toEqual([]);
    }
  });

  it('tells the groups listing a user (not those listing a longer id) and what every provider emits', async () => {
    expect((await queries.groupsOf('okta:main', '00u1')).map(g => g.entityRef)).toEqual(['group:default/platform']);
    const { active, departed } = await queries.emitted(['okta:main']);
    expect([...active].sort()).toEqual(['group:default/other', 'group:default/platform', 'user:default/j_n-e', 'user:default/jane.doe']);
    expect(departed.get('user:default/left')).toEqual({ provider: 'okta:main', departedAt: 1_764_547_200_000, departure: 'status: DEPROVISIONED' });
  });

  it('keeps and trims the run history on this database', async () => {
    const history = new RunHistory(async () => knex);
    const counts = { users: 0, groups: 0, added: 0, changed: 0, removed: 0, restored: 0, refused: 0, skipped: 0, touched: 0, departed: 0 };
    const durationsMs = { read: 0, map: 0, check: 0, guard: 0, apply: 0, save: 0, total: 5 };
    for (let i = 0; i < 3; i++) {
      await history.record({ providerName: 'okta:main', runId: `r${i}`, outcome: 'applied', trigger: 'schedule', startedAt: new Date(1_764_547_200_000 + i * 1000).toISOString(), counts, durationsMs });
    }
    expect((await history.list('okta:main', 2)).map(r => r.runId)).toEqual(['r2', 'r1']);
    expect((await history.latest('okta:main', 'guarded'))?.runId).toBeUndefined();
    // The run during which something happened: the first to finish at or after it.
    expect((await history.firstFinishedSince('okta:main', 1_764_547_201_000))?.runId).toBe('r1');
    expect(await history.firstFinishedSince('okta:main', 1_764_547_203_000)).toBeUndefined();
  });
}

describeOnEachDatabase('StateQueries', queriesOn);
