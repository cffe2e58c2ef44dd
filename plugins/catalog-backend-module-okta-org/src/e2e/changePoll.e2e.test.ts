import { TestDatabases } from '@backstage/backend-test-utils';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { describeWithPostgres, startCatalogTestBackend, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { activeMembers, catalogByOktaId, LOCATION, listedUsers, pendingChanges, SYSTEM_LOG, USER_LIST, userName } from '../__testing__/changeEvents';
import { oktaTestModule, processedEntities, providerConfig, specOf, type Harness } from '../__testing__/harness';

const USER_BY_ID = 'GET /api/v1/users/:idOrLogin';

/** A backend whose `main` provider polls the emulator's System Log, with its first scheduled (list) read applied. */
async function startPolling(okta: OktaEmulator, knex: Knex, events: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const test = oktaTestModule();
  const backend = await startCatalogTestBackend({
    features: [test.feature],
    database: knex,
    config: { catalog: { providers: { okta: { main: providerConfig(okta, { events: { poll: { enabled: true, ...events } }, ...extra }) } } } },
  });
  return { backend, harness: test.harness };
}

const userList = (okta: OktaEmulator) => okta.server.counters().byRoute[USER_LIST] ?? 0;

function scenario(database: () => Promise<Knex>) {
  describe('the real scheduler polls every second', () => {
    let okta: OktaEmulator;
    let backend: CatalogTestBackend;
    let harness: Harness;

    beforeAll(async () => {
      okta = await startOktaEmulator({ generate: { users: 40, groups: 6, seed: 31, hostileShare: 0 } });
      ({ backend, harness } = await startPolling(okta, await database(), { interval: { seconds: 1 } }));
      expect(await harness.provider('main').run()).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full' });
      await processedEntities(backend.catalog, LOCATION, listedUsers(okta).length + okta.org.groups().length);
      // The first poll starts the feed at "now": changes made before it are the scheduled read's.
      await waitFor('the change task’s first poll', async () => (okta.server.counters().byRoute[SYSTEM_LOG] ?? 0) >= 1);
    });

    afterAll(async () => {
      await backend?.stop();
      await okta?.close();
    });

    it('a deactivated person is gone from the catalog after the next poll, re-read by id, without a scheduled read', async () => {
      const [leaver] = activeMembers(okta);
      const name = await userName(backend.catalog, leaver);
      okta.server.resetCounters();
      okta.org.deactivateUser(leaver);

      await waitFor(`user:default/${name} answering 404`, async () => (await backend.catalog.request(`/entities/by-name/user/default/${name}`)).status === 404);
      const run = await waitFor('the change run’s result', async () => harness.provider('main').lastRun()?.trigger === 'changes' && harness.provider('main').lastRun());
      expect(run).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { removed: 1, added: 0 } });
      expect(userList(okta)).toBe(0);
      expect(okta.server.counters().byRoute[USER_BY_ID]).toBeGreaterThanOrEqual(1);
      // The groups are re-applied in the same mutation; the catalog serves them once it has processed them.
      await waitFor(`no group listing ${name}`, async () => {
        const { groups } = await catalogByOktaId(backend.catalog);
        return [...groups.values()].every(g => !(specOf<{ members?: string[] }>(g).members ?? []).includes(`user:default/${name}`));
      });
    });

    it('a person added to a group has it in spec.memberOf after the next poll, without a scheduled read', async () => {
      const group = okta.org.groups()[0];
      const joiner = okta.org.users().find(u => u.status === 'ACTIVE' && !okta.org.memberIds(group.id).includes(u.id))!;
      const groupEntity = (await catalogByOktaId(backend.catalog)).groups.get(group.id)!;
      const groupRef = `group:default/${groupEntity.metadata.name}`;
      const name = await userName(backend.catalog, joiner.id);
      okta.server.resetCounters();
      okta.org.addMember(group.id, joiner.id);

      await waitFor(`${name} in ${groupRef}`, async () =>
        (specOf<{ memberOf?: string[] }>(await backend.catalog.byName('user', 'default', name)).memberOf ?? []).includes(groupRef),
      );
      expect(harness.provider('main').lastRun()).toMatchObject({ trigger: 'changes', readMode: 'records', outcome: 'applied' });
      expect(userList(okta)).toBe(0);
    });
  });

  describe('change rounds on demand (events.poll.interval 1 h)', () => {
    let okta: OktaEmulator;
    let knex: Knex;
    let backend: CatalogTestBackend;
    let harness: Harness;
    const provider = () => harness.provider('main');

    beforeAll(async () => {
      okta = await startOktaEmulator({ generate: { users: 40, groups: 6, seed: 32, hostileShare: 0 } });
      knex = await database();
      ({ backend, harness } = await startPolling(okta, knex, { interval: { hours: 1 } }));
      expect(await provider().run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
      await processedEntities(backend.catalog, LOCATION, listedUsers(okta).length + okta.org.groups().length);
      // The scheduler's first change round runs at start-up; once it has polled, calls here queue behind it.
      await waitFor('the change task’s first poll', async () => (okta.server.counters().byRoute[SYSTEM_LOG] ?? 0) >= 1);
      expect(await provider().processChanges()).toBeUndefined();
    });

    afterAll(async () => {
      await backend?.stop();
      await okta?.close();
    });

    it('an idle poll is one request and applies nothing', async () => {
      okta.server.resetCounters();
      expect(await provider().processChanges()).toBeUndefined();
      const counters = okta.server.counters();
      expect(counters.total).toBe(1);
      expect(counters.byRoute[SYSTEM_LOG]).toBe(1);
    });

    it('a deactivation is applied by the next change round as a records read, not a scheduled read', async () => {
      const [leaver] = activeMembers(okta);
      const name = await userName(backend.catalog, leaver);
      okta.server.resetCounters();
      okta.org.deactivateUser(leaver);
      const result = await provider().processChanges();
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: 1, added: 0 } });
      expect(userList(okta)).toBe(0);
      await waitFor(`user:default/${name} answering 404`, async () => (await backend.catalog.request(`/entities/by-name/user/default/${name}`)).status === 404);
    });

    it('deactivating more than 10% of people through events is held; accepting the logged plan applies it at the next change round', async () => {
      const leavers = activeMembers(okta).slice(0, 5);
      const names = await Promise.all(leavers.map(id => userName(backend.catalog, id)));
      harness.logger.clear();
      for (const id of leavers) okta.org.deactivateUser(id);

      const held = await provider().processChanges();
      expect(held).toMatchObject({ outcome: 'guarded', trigger: 'changes', readMode: 'records' });
      const planId = held!.guard!.planId;
      expect(harness.logger.text()).toContain(`catalog.providers.okta.main.guard.acceptPlan: "${planId}"`);
      for (const name of names) expect(await backend.catalog.byName('user', 'default', name)).toBeDefined();
      expect(await pendingChanges(knex)).toBeGreaterThanOrEqual(leavers.length);

      // The operator sets the plan id and restarts; the queued changes wait in the database.
      await backend.stop();
      ({ backend, harness } = await startPolling(okta, knex, { interval: { hours: 1 } }, { guard: { acceptPlan: planId } }));
      okta.server.resetCounters();
      const applied = await provider().processChanges();
      expect(applied).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: leavers.length } });
      expect(harness.logger.text()).toContain(`applying removal plan ${planId}, accepted through guard.acceptPlan`);
      expect(userList(okta)).toBe(0);
      await waitFor('the held leavers gone', async () => (await Promise.all(names.map(n => backend.catalog.byName('user', 'default', n)))).every(e => !e));
      expect(await pendingChanges(knex)).toBe(0);
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
