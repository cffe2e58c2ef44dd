import knexFactory, { type Knex } from 'knex';
import type { GuardDecision } from '../guard/deletionGuard';
import type { RunResult } from '../run/OrgEntityProvider';
import { migrateStateTables } from '../state/migrations';
import { PlanAcceptances } from '../state/PlanAcceptances';
import { ProviderLease } from '../state/ProviderLease';
import { ENTITIES_KEPT, RunHistory, RUNS_KEPT } from './RunHistory';

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

  it('keeps a held plan with its refs capped and counted', async () => {
    const removedUsers = Array.from({ length: 1500 }, (_, i) => `user:default/u${i}`);
    await history.record(run('okta:main', 1, { outcome: 'guarded', guard: guard('abcdef12', { removedUsers, baselineUsers: 2000 }) }));
    const [held] = await history.list('okta:main', 1);
    expect(held.guard).toMatchObject({ planId: 'abcdef12', removedUserCount: 1500, allowed: false });
    expect(held.guard!.removedUsers).toHaveLength(1000);
  });

  it(`keeps the first ${ENTITIES_KEPT} restored and refused entities with their totals, and none for a run without them`, async () => {
    const restored = Array.from({ length: ENTITIES_KEPT + 20 }, (_, i) => `user:default/r${i}`);
    const refused = [{ ref: 'user:default/clash', heldBy: 'url:https://example.com/users.yaml' }, { ref: 'group:default/twin' }];
    await history.record(run('okta:main', 1, { restored, refused }));
    await history.record(run('okta:main', 2));
    const [plain, listed] = await history.list('okta:main', 2);
    expect(listed.restored).toEqual({ items: restored.slice(0, ENTITIES_KEPT), total: ENTITIES_KEPT + 20 });
    expect(listed.refused).toEqual({ items: refused, total: 2 });
    expect([plain.restored, plain.refused]).toEqual([undefined, undefined]);
  });

  it('accepts only the plan the latest run that reached the guard held, never while a run is in progress', async () => {
    const acceptances = new PlanAcceptances(async () => knex, 'okta:main');
    await history.record(run('okta:main', 1, { outcome: 'guarded', guard: guard('abcdef12') }));
    await history.record(run('okta:main', 2, { outcome: 'read-failed', error: 'IdP answered 503' })); // decided nothing
    expect(await history.acceptHeldPlan('okta:main', 'abcdef12', 'user:default/admin')).toEqual({ accepted: true, heldBy: 'okta:main-1' });
    expect(await acceptances.pending()).toEqual({ planId: 'abcdef12', by: 'user:default/admin', via: 'operations-api' });
    expect(await history.acceptHeldPlan('okta:main', '0000ffff', 'user:default/admin')).toEqual({ accepted: false, why: 'never-held' });

    const running = new ProviderLease(async () => knex, 'okta:main');
    expect(await running.tryAcquire(60_000)).toBe(true);
    expect(await history.acceptHeldPlan('okta:main', 'abcdef12', 'user:default/admin')).toEqual({ accepted: false, why: 'run-in-progress' });
    await running.release();

    await history.record(run('okta:main', 3, { guard: { ...guard('0123abcd'), allowed: true } }));
    expect(await history.acceptHeldPlan('okta:main', 'abcdef12', 'user:default/admin')).toMatchObject({ accepted: false, why: 'not-latest', latest: { runId: 'okta:main-3' } });
  });

  it('keeps what a run did with the acceptances it took', async () => {
    const acceptances = [{ planId: 'abcdef12', by: 'user:default/admin', via: 'operations-api' as const, outcome: 'dropped' as const }];
    await history.record(run('okta:main', 1, { acceptances }));
    await history.record(run('okta:main', 2));
    const [second, first] = await history.list('okta:main', 2);
    expect(first.acceptances).toEqual(acceptances);
    expect(second.acceptances).toBeUndefined();
  });
});

function guard(planId: string, extra: Partial<GuardDecision> = {}): GuardDecision {
  return {
    allowed: false,
    accepted: false,
    planId,
    reason: 'too many',
    removedUsers: ['user:default/a', 'user:default/b', 'user:default/c'],
    removedGroups: [],
    baselineUsers: 4,
    baselineGroups: 0,
    baselineMemberships: 0,
    removedMemberships: 0,
    emptiedGroups: [],
    ...extra,
  };
}
