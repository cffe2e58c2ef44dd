import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables, RECORDS } from '../state/migrations';
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

function queriesOn(open: () => Promise<Knex>) {
  let knex: Knex;
  let queries: StateQueries;
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
    queries = new StateQueries(async () => knex);
    await knex(RECORDS).insert([
      row('00u1', { id: '00u1', login: 'Jane.Doe@Example.com', email: 'jane.doe@example.com', active: true }, { entity_ref: 'user:default/Jane.Doe', entity_hash: 'e' }),
      row('00u2', { id: '00u2', login: 'j_n%e@example.com', email: 'j_n%e@example.com', active: true }, { entity_ref: 'user:default/j_n-e', entity_hash: 'e' }),
      row('00u3', { id: '00u3', login: 'jxnye@example.com', email: 'jxnye@example.com', active: false }),
      row('00u4', { id: '00u4', login: 'left@example.com', active: true }, { entity_ref: 'user:default/left', entity_hash: 'e', departed_at: 1_764_547_200_000, departure: 'status: DEPROVISIONED' }),
      row('g1', { id: 'g1', name: 'Platform', memberUserIds: ['00u1', '00u3'], memberGroupIds: [] }, { kind: 'group', entity_ref: 'group:default/platform', entity_hash: 'e' }),
      row('g2', { id: 'g2', name: 'Other', memberUserIds: ['00u10'], memberGroupIds: [] }, { kind: 'group', entity_ref: 'group:default/other', entity_hash: 'e' }),
    ]);
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
  });
}

describeOnEachDatabase('StateQueries', queriesOn);
