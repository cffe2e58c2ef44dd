import { TestDatabases } from '@backstage/backend-test-utils';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { describeWithPostgres, usePostgresDatabases, waitFor } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { activeMembers, catalogByOktaId, listedUsers, LOCATION, pendingChanges, SYSTEM_LOG, USER_LIST, userName } from '../__testing__/changeEvents';
import { processedEntities, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

const USER_BY_ID = 'GET /api/v1/users/:idOrLogin';

/** The `main` provider's config: it polls the emulator's System Log. */
function pollingConfig(okta: OktaEmulator, events: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return providerConfig(okta, { events: { poll: { enabled: true, ...events } }, ...extra });
}

/** A fixture whose `main` provider polls the emulator's System Log. */
function usePollingFixture(seed: number, database: () => Promise<Knex>, events: Record<string, unknown>) {
  return useOktaFixture({
    emulator: () => startOktaEmulator({ generate: { users: 40, groups: 6, seed, hostileShare: 0 } }),
    database,
    providers: okta => ({ main: pollingConfig(okta, events) }),
  });
}

const userList = (okta: OktaEmulator) => okta.server.counters().byRoute[USER_LIST] ?? 0;

function scenario(database: () => Promise<Knex>) {
  describe('the real scheduler polls every second', () => {
    const fixture = usePollingFixture(31, database, { interval: { seconds: 1 } });

    // The first scheduled (list) read applied.
    beforeAll(async () => {
      expect(await fixture.provider('main').run()).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full' });
      await processedEntities(fixture.catalog, LOCATION, listedUsers(fixture.emulator).length + fixture.emulator.org.groups().length);
      // The first poll starts the feed at "now": changes made before it are the scheduled read's.
      await waitFor('the change task’s first poll', async () => (fixture.emulator.server.counters().byRoute[SYSTEM_LOG] ?? 0) >= 1);
    });

    it('a deactivated person is gone from the catalog after the next poll, re-read by id, without a scheduled read', async () => {
      const [leaver] = activeMembers(fixture.emulator);
      const name = await userName(fixture.catalog, leaver);
      fixture.emulator.server.resetCounters();
      fixture.emulator.org.deactivateUser(leaver);

      await waitFor(`user:default/${name} answering 404`, async () => (await fixture.catalog.request(`/entities/by-name/user/default/${name}`)).status === 404);
      const run = await fixture.waitForRun('main', latest => latest.trigger === 'changes');
      expect(run).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { removed: 1, added: 0 } });
      expect(userList(fixture.emulator)).toBe(0);
      expect(fixture.emulator.server.counters().byRoute[USER_BY_ID]).toBeGreaterThanOrEqual(1);
      // The groups are re-applied in the same mutation; the catalog serves them once it has processed them.
      await waitFor(`no group listing ${name}`, async () => {
        const { groups } = await catalogByOktaId(fixture.catalog);
        return [...groups.values()].every(g => !(specOf<{ members?: string[] }>(g).members ?? []).includes(`user:default/${name}`));
      });
    });

    it('a person added to a group has it in spec.memberOf after the next poll, without a scheduled read', async () => {
      const group = fixture.emulator.org.groups()[0];
      const joiner = fixture.emulator.org.users().find(u => u.status === 'ACTIVE' && !fixture.emulator.org.memberIds(group.id).includes(u.id))!;
      const groupEntity = (await catalogByOktaId(fixture.catalog)).groups.get(group.id)!;
      const groupRef = `group:default/${groupEntity.metadata.name}`;
      const name = await userName(fixture.catalog, joiner.id);
      fixture.emulator.server.resetCounters();
      fixture.emulator.org.addMember(group.id, joiner.id);

      await waitFor(`${name} in ${groupRef}`, async () =>
        (specOf<{ memberOf?: string[] }>(await fixture.catalog.byName('user', 'default', name)).memberOf ?? []).includes(groupRef),
      );
      expect(fixture.provider('main').lastRun()).toMatchObject({ trigger: 'changes', readMode: 'records', outcome: 'applied' });
      expect(userList(fixture.emulator)).toBe(0);
    });
  });

  describe('change rounds on demand (events.poll.interval 1 h)', () => {
    const fixture = usePollingFixture(32, database, { interval: { hours: 1 } });
    const provider = () => fixture.provider('main');

    // The first scheduled (list) read applied.
    beforeAll(async () => {
      expect(await provider().run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
      await processedEntities(fixture.catalog, LOCATION, listedUsers(fixture.emulator).length + fixture.emulator.org.groups().length);
      // The scheduler's first change round runs at start-up; once it has polled, calls here queue behind it.
      await waitFor('the change task’s first poll', async () => (fixture.emulator.server.counters().byRoute[SYSTEM_LOG] ?? 0) >= 1);
      expect(await provider().processChanges()).toBeUndefined();
    });

    it('an idle poll is one request and applies nothing', async () => {
      fixture.emulator.server.resetCounters();
      expect(await provider().processChanges()).toBeUndefined();
      const counters = fixture.emulator.server.counters();
      expect(counters.total).toBe(1);
      expect(counters.byRoute[SYSTEM_LOG]).toBe(1);
    });

    it('a deactivation is applied by the next change round as a records read, not a scheduled read', async () => {
      const [leaver] = activeMembers(fixture.emulator);
      const name = await userName(fixture.catalog, leaver);
      fixture.emulator.server.resetCounters();
      fixture.emulator.org.deactivateUser(leaver);
      const result = await provider().processChanges();
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: 1, added: 0 } });
      expect(userList(fixture.emulator)).toBe(0);
      await waitFor(`user:default/${name} answering 404`, async () => (await fixture.catalog.request(`/entities/by-name/user/default/${name}`)).status === 404);
    });

    it('deactivating more than 10% of people through events is held; accepting the logged plan applies it at the next change round', async () => {
      const leavers = activeMembers(fixture.emulator).slice(0, 5);
      const names = await Promise.all(leavers.map(id => userName(fixture.catalog, id)));
      fixture.logger.clear();
      for (const id of leavers) fixture.emulator.org.deactivateUser(id);

      const held = await provider().processChanges();
      expect(held).toMatchObject({ outcome: 'guarded', trigger: 'changes', readMode: 'records' });
      const planId = held!.guard!.planId;
      expect(fixture.logger.text()).toContain(`catalog.providers.okta.main.guard.acceptPlan: "${planId}"`);
      for (const name of names) expect(await fixture.catalog.byName('user', 'default', name)).toBeDefined();
      expect(await pendingChanges(fixture.database!)).toBeGreaterThanOrEqual(leavers.length);

      // The operator sets the plan id and restarts; the queued changes wait in the database.
      await fixture.restart({ providers: okta => ({ main: pollingConfig(okta, { interval: { hours: 1 } }, { guard: { acceptPlan: planId } }) }) });
      fixture.emulator.server.resetCounters();
      const applied = await provider().processChanges();
      expect(applied).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: leavers.length } });
      expect(fixture.logger.text()).toContain(`applying removal plan ${planId}, accepted through guard.acceptPlan`);
      expect(userList(fixture.emulator)).toBe(0);
      await waitFor('the held leavers gone', async () => (await Promise.all(names.map(n => fixture.catalog.byName('user', 'default', n)))).every(e => !e));
      expect(await pendingChanges(fixture.database!)).toBe(0);
    });
  });
}

describe('Okta System Log polling through the real backend, on SQLite', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  scenario(() => databases.init('SQLITE_3'));
});

describeWithPostgres('Okta System Log polling through the real backend, on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
