import { TestDatabases } from '@backstage/backend-test-utils';
import type { GraphEmulator } from '@orgsync/idp-emulators';
import { describeWithPostgres, usePostgresDatabases, waitFor } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { enabledMembers, entityOf, hasSignalState, pendingChanges, processedAll, userGone } from '../__testing__/changeEvents';
import { emulatorProviderConfig, graphRequests, specOf, startHarness, type Harness } from '../__testing__/harness';

/** A backend whose `main` provider polls Graph's delta queries, with its first scheduled (list) read applied and its feed started. */
async function startPolling(knex: Knex, seed: number, interval: Record<string, number>): Promise<Harness> {
  const h = await startHarness({
    emulator: { generate: { users: 40, groups: 6, seed, hostileShare: 0 } },
    database: knex,
    providers: e => ({ main: emulatorProviderConfig(e, { events: { poll: { enabled: true, interval } } }) }),
  });
  expect(await h.providers.get('main')!.run()).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full' });
  await processedAll(h);
  // The change task's first poll (at start-up) takes fresh delta links: changes before it are the scheduled read's.
  await waitFor('the change task’s first poll', () => hasSignalState(knex, 'poller'));
  return h;
}

/** A user and a group they are not in, with the group's entity ref. */
async function joinerAndGroup(h: Harness) {
  const e = h.emulator;
  const group = e.org.groups()[0];
  const joiner = enabledMembers(e).find(u => !e.org.members(group.id).includes(u.id))!;
  const groupRef = `group:default/${(await entityOf(h, group.id))!.metadata.name}`;
  const name = (await entityOf(h, joiner.id))!.metadata.name;
  return { group, joiner, groupRef, name };
}

const memberOf = async (h: Harness, name: string) => specOf(await h.backend.catalog.byName('user', 'default', name)).memberOf ?? [];

function scenario(database: () => Promise<Knex>) {
  describe('the real scheduler’s change task polls every second', () => {
    let h: Harness;
    let e: GraphEmulator;
    const provider = () => h.providers.get('main')!;

    beforeAll(async () => {
      h = await startPolling(await database(), 31, { seconds: 1 });
      e = h.emulator;
    });
    afterAll(() => h?.stop());

    it('a disabled user is gone from the catalog after the next poll, re-read by id, without a scheduled read', async () => {
      const leaver = enabledMembers(e)[0];
      const name = (await entityOf(h, leaver.id))!.metadata.name;
      e.server.resetCounters();
      e.org.disableUser(leaver.id);

      await waitFor(`user:default/${name} answering 404`, () => userGone(h.backend.catalog, name));
      const run = await waitFor('the change run’s result', async () => provider().lastRun()?.trigger === 'changes' && provider().lastRun());
      expect(run).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { removed: 1, added: 0 } });
      // No list read: the delta queries named the user and the source re-read it by id.
      expect(graphRequests(e)).toMatchObject({ users: 0, groups: 0 });
      await waitFor(`no group listing ${name}`, async () =>
        (await h.entities()).filter(x => x.kind === 'Group').every(g => !(specOf(g).members ?? []).includes(`user:default/${name}`)),
      );
    });

    it('a user added to a group has it in spec.memberOf after the next poll, without a scheduled read', async () => {
      const { group, joiner, groupRef, name } = await joinerAndGroup(h);
      expect(await memberOf(h, name)).not.toContain(groupRef);
      e.server.resetCounters();
      e.org.addMember(group.id, joiner.id);

      await waitFor(`${name} in ${groupRef}`, async () => (await memberOf(h, name)).includes(groupRef));
      expect(provider().lastRun()).toMatchObject({ trigger: 'changes', readMode: 'records', outcome: 'applied' });
      expect(graphRequests(e)).toMatchObject({ users: 0, groups: 0 });
    });
  });

  describe('change rounds on demand (events.poll.interval 1 h)', () => {
    let h: Harness;
    let e: GraphEmulator;
    let knex: Knex;
    const provider = () => h.providers.get('main')!;

    beforeAll(async () => {
      knex = await database();
      h = await startPolling(knex, 32, { hours: 1 });
      e = h.emulator;
      expect(await provider().processChanges()).toBeUndefined();
    });
    afterAll(() => h?.stop());

    it('an idle poll is one request (both delta queries in one $batch) and applies nothing', async () => {
      const before = provider().lastRun();
      e.server.resetCounters();
      expect(await provider().processChanges()).toBeUndefined();
      const requests = graphRequests(e);
      expect(requests.total).toBe(1);
      expect(requests.batches).toBe(1);
      expect(requests.inner).toMatchObject({ 'GET /v1.0/users/delta': 1, 'GET /v1.0/groups/delta': 1 });
      expect(provider().lastRun()).toBe(before);
    });

    it('a disabled user is removed by the next change round, a records read and no scheduled read', async () => {
      const leaver = enabledMembers(e)[0];
      const name = (await entityOf(h, leaver.id))!.metadata.name;
      expect(await userGone(h.backend.catalog, name)).toBe(false);
      e.server.resetCounters();
      e.org.disableUser(leaver.id);

      const result = await provider().processChanges();
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: 1, added: 0 } });
      expect(graphRequests(e)).toMatchObject({ users: 0, groups: 0 });
      await waitFor(`user:default/${name} answering 404`, () => userGone(h.backend.catalog, name));
      expect(await pendingChanges(knex)).toBe(0);
    });

    it('a user added to a group has it in spec.memberOf after the next change round', async () => {
      const { group, joiner, groupRef, name } = await joinerAndGroup(h);
      e.org.addMember(group.id, joiner.id);

      expect(await provider().processChanges()).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: 0 } });
      await waitFor(`${name} in ${groupRef}`, async () => (await memberOf(h, name)).includes(groupRef));
    });

    it('a deleted user comes back neither from a later round nor from a repeated hint', async () => {
      const leaver = enabledMembers(e)[0];
      const name = (await entityOf(h, leaver.id))!.metadata.name;
      e.org.deleteUser(leaver.id);
      expect(await provider().processChanges()).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { removed: 1 } });
      // The same id named again (a replayed signal): the re-read finds them gone, nothing changes.
      const before = provider().lastRun();
      await provider().notify({ users: [leaver.id] }, 'test replay');
      const again = await waitFor('the replayed hint processed', async () => provider().lastRun() !== before && provider().lastRun());
      expect(again).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { added: 0, changed: 0, removed: 0 } });
      expect(await userGone(h.backend.catalog, name)).toBe(true);
    });
  });
}

describe('Microsoft Graph delta polling through the real backend, on SQLite', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  scenario(() => databases.init('SQLITE_3'));
});

describeWithPostgres('Microsoft Graph delta polling through the real backend, on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
