import knexFactory, { type Knex } from 'knex';
import type { RunResult } from '../run/OrgEntityProvider';
import { migrateStateTables } from '../state/migrations';
import { RunHistory, RUNS_KEPT } from './RunHistory';

const run = (provider: string, i: number, extra: Partial<RunResult> = {}): RunResult & { runId: string } => ({
  providerName: provider,
  runId: `${provider}-${i}`,
  outcome: 'applied',
  trigger: 'schedule',
  readMode: 'full',
  startedAt: new Date(Date.UTC(2026, 11, 1) + i * 60_000).toISOString(),
  counts: { users: 1, groups: 0, added: 0, changed: 0, removed: 0, restored: 0, refused: 0, skipped: 0, touched: 0, departed: 0 },
  durationsMs: { read: 1, map: 1, check: 1, guard: 1, apply: 1, save: 1, total: 6 },
  ...extra,
});

describe('RunHistory', () => {
  let knex: Knex;
  let history: RunHistory;
  beforeEach(async () => {
    knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    await migrateStateTables(knex);
    history = new RunHistory(async () => knex);
  });
  afterEach(() => knex.destroy());

  it(`keeps the last ${RUNS_KEPT} runs of each provider, newest first, and leaves other providers' runs alone`, async () => {
    await history.record(run('other:one', 0));
    for (let i = 0; i < RUNS_KEPT + 5; i++) await history.record(run('okta:main', i));
    const kept = await history.list('okta:main', 1000);
    expect(kept).toHaveLength(RUNS_KEPT);
    expect(kept[0].runId).toBe(`okta:main-${RUNS_KEPT + 4}`);
    expect(kept.at(-1)!.runId).toBe('okta:main-5');
    expect(await history.list('other:one', 10)).toHaveLength(1);
  });

  it('keeps a held plan with its refs capped and counted, and accepts a plan once', async () => {
    const removedUsers = Array.from({ length: 1500 }, (_, i) => `user:default/u${i}`);
    await history.record(
      run('okta:main', 1, {
        outcome: 'guarded',
        error: undefined,
        guard: { allowed: false, accepted: false, planId: 'abcdef12', reason: 'too many', removedUsers, removedGroups: [], baselineUsers: 2000, baselineGroups: 0, baselineMemberships: 0, removedMemberships: 0, emptiedGroups: [] },
      }),
    );
    const [held] = await history.list('okta:main', 1);
    expect(held.guard).toMatchObject({ planId: 'abcdef12', removedUserCount: 1500, allowed: false });
    expect(held.guard!.removedUsers).toHaveLength(1000);
    await history.accept('okta:main', 'abcdef12', 'user:default/admin');
    expect(await history.acceptedPlans('okta:main')).toEqual(['abcdef12']);
    expect(await history.acceptedPlans('okta:other')).toEqual([]);
    await history.planApplied('okta:main', 'abcdef12');
    expect(await history.acceptedPlans('okta:main')).toEqual([]);
  });
});
