import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { GraphEmulator } from '@orgsync/idp-emulators';
import { describeWithPostgres, usePostgresDatabases, waitFor } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { enabledMembers, entityOf, hasSignalState, processedAll, userGone } from '../__testing__/changeEvents';
import { annotation, emulatorProviderConfig, specOf, startHarness, type Harness } from '../__testing__/harness';

const LABEL = 'orgsync.io/departed';
const DEPARTED_AT = 'orgsync.io/departed-at';
const DEPARTURE = 'orgsync.io/departure';

/** A backend whose `main` provider polls Graph's delta queries on demand (interval 1 h), with its first list read applied. */
async function start(knex: Knex, seed: number, extra: Record<string, unknown>): Promise<Harness> {
  const h = await startHarness({
    emulator: { generate: { users: 40, groups: 6, seed, hostileShare: 0 } },
    database: knex,
    providers: e => ({ main: emulatorProviderConfig(e, { events: { poll: { enabled: true, interval: { hours: 1 } } }, ...extra }) }),
  });
  expect(await h.providers.get('main')!.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
  await processedAll(h);
  // The change task polls once at start-up (fresh delta links); after that, rounds run when the test asks.
  await waitFor('the change task’s first poll', () => hasSignalState(knex, 'poller'));
  expect(await h.providers.get('main')!.processChanges()).toBeUndefined();
  return h;
}

/** Someone in the catalog as Graph sees them. */
interface Person {
  id: string;
  name: string;
  uid: string;
  email: string;
  memberOf: string[];
}

async function person(h: Harness, graphId: string): Promise<Person> {
  const entity = (await entityOf(h, graphId))!;
  return {
    id: graphId,
    name: entity.metadata.name,
    uid: entity.metadata.uid!,
    email: annotation(entity, 'microsoft.com/email')!,
    memberOf: [...(specOf(entity).memberOf ?? [])].sort(),
  };
}

const groupsListing = async (h: Harness, name: string) =>
  (await h.backend.catalog.query('kind=group')).filter(g => (specOf(g).members ?? []).includes(`user:default/${name}`)).map(g => g.metadata.name);

const departedNames = async (h: Harness) => (await h.backend.catalog.query(`kind=user,metadata.labels.${LABEL}=true`)).map(e => e.metadata.name).sort();

/** Waits for the departed entity and checks everything a departed person must (and must not) carry. */
async function expectDeparted(h: Harness, who: Person): Promise<Entity> {
  const entity = await waitFor(`${who.name} marked as departed`, async () => {
    const e = await h.backend.catalog.byName('user', 'default', who.name);
    return e?.metadata.labels?.[LABEL] === 'true' && e;
  });
  expect((await h.backend.catalog.request(`/entities/by-name/user/default/${who.name}`)).status).toBe(200);
  expect(entity.metadata.uid).toBe(who.uid);
  // Disabled, in Graph's words.
  expect(entity.metadata.annotations![DEPARTURE]).toBe('accountEnabled: false');
  expect(Number.isNaN(Date.parse(entity.metadata.annotations![DEPARTED_AT]))).toBe(false);
  expect(Object.keys(entity.metadata.annotations!).filter(k => k.startsWith('graph.microsoft.com/') || k.startsWith('microsoft.com/'))).toEqual([]);
  expect(specOf(entity).memberOf).toEqual([]);
  expect(specOf(entity).profile?.email).toBeUndefined();
  // Backstage's Microsoft sign-in resolvers look users up by these annotations: they find nobody.
  expect(await h.backend.catalog.query(`kind=user,metadata.annotations.graph.microsoft.com/user-id=${who.id}`)).toEqual([]);
  expect(await h.backend.catalog.query(`kind=user,metadata.annotations.microsoft.com/email=${who.email}`)).toEqual([]);
  await waitFor(`no group listing ${who.name}`, async () => (await groupsListing(h, who.name)).length === 0);
  return entity;
}

function scenario(database: () => Promise<Knex>) {
  describe('leavers.mode retain', () => {
    let h: Harness;
    let e: GraphEmulator;
    const provider = () => h.providers.get('main')!;
    let disabled: Person;
    let byPoll: Person;

    beforeAll(async () => {
      h = await start(await database(), 61, { leavers: { mode: 'retain', retainFor: { days: 30 } } });
      e = h.emulator;
      const [a, b] = enabledMembers(e);
      [disabled, byPoll] = [await person(h, a.id), await person(h, b.id)];
      expect(disabled.memberOf.length).toBeGreaterThan(0);
    });
    afterAll(() => h?.stop());

    it('a disabled user (accountEnabled: false) stays, marked as departed: no memberships, no Microsoft annotations, same uid', async () => {
      e.org.disableUser(disabled.id);
      const result = await provider().run();
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'schedule', counts: { departed: 1, removed: 0 } });
      expect(result.guard).toMatchObject({ removedUsers: [`user:default/${disabled.name}`] });
      await expectDeparted(h, disabled);
      expect(await departedNames(h)).toEqual([disabled.name]);
      // A second run keeps them as they are.
      expect(await provider().run()).toMatchObject({ counts: { departed: 0, removed: 0, changed: 0 } });
    });

    it('a user enabled again within retainFor is a normal member again: same name and uid, memberships and annotations back', async () => {
      e.org.enableUser(disabled.id);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0 } });
      const back = await waitFor(`${disabled.name} back in their groups`, async () => {
        const x = await h.backend.catalog.byName('user', 'default', disabled.name);
        return x && !x.metadata.labels?.[LABEL] && [...(specOf(x).memberOf ?? [])].sort().join() === disabled.memberOf.join() && x;
      });
      expect(back.metadata.uid).toBe(disabled.uid);
      expect(back.metadata.annotations).toMatchObject({ 'graph.microsoft.com/user-id': disabled.id, 'microsoft.com/email': disabled.email });
      expect(back.metadata.annotations![DEPARTURE]).toBeUndefined();
      expect(await h.backend.catalog.query(`kind=user,metadata.annotations.graph.microsoft.com/user-id=${disabled.id}`)).toHaveLength(1);
      await waitFor(`groups listing ${disabled.name} again`, async () => (await groupsListing(h, disabled.name)).length === disabled.memberOf.length);
      expect(await departedNames(h)).toEqual([]);
    });

    it('a disable heard by the delta poll is kept as departed the same way, and the next scheduled read agrees', async () => {
      e.org.disableUser(byPoll.id);
      const result = await provider().processChanges();
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { departed: 1, removed: 0 } });
      await expectDeparted(h, byPoll);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0, added: 0 } });
      expect(await departedNames(h)).toEqual([byPoll.name]);
    });
  });

  describe('leavers.mode retain with a short retainFor', () => {
    let h: Harness;
    afterAll(() => h?.stop());

    it('after retainFor the departed user is deleted (404) by the next full read', async () => {
      // Departed entities past retainFor go when a list is read; a scheduled delta (incremental) read, which names only
      // what changed in Graph, leaves them until the next full read (incremental.fullReadEvery, 2 s here).
      h = await start(await database(), 62, { leavers: { mode: 'retain', retainFor: { seconds: 2 } }, incremental: { fullReadEvery: { seconds: 2 } } });
      const leaver = await person(h, enabledMembers(h.emulator)[0].id);
      h.emulator.org.disableUser(leaver.id);
      expect(await h.providers.get('main')!.run()).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0 } });
      const entity = await expectDeparted(h, leaver);
      const leftAt = Date.parse(entity.metadata.annotations![DEPARTED_AT]);
      await new Promise(resolve => setTimeout(resolve, Math.max(0, leftAt + 2100 - Date.now())));
      expect(await h.providers.get('main')!.run()).toMatchObject({ outcome: 'applied', readMode: 'full', counts: { departed: 0, removed: 1 } });
      await waitFor(`user:default/${leaver.name} answering 404`, () => userGone(h.backend.catalog, leaver.name));
      expect(await departedNames(h)).toEqual([]);
    });
  });

  describe('leavers.mode delete (the default)', () => {
    let h: Harness;
    afterAll(() => h?.stop());

    it('a disabled user is deleted at the next run (404), by a scheduled read or by the poll', async () => {
      h = await start(await database(), 63, {});
      const [a, b] = enabledMembers(h.emulator);
      const [listed, polled] = [await person(h, a.id), await person(h, b.id)];
      h.emulator.org.disableUser(listed.id);
      expect(await h.providers.get('main')!.run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 1 } });
      h.emulator.org.disableUser(polled.id);
      expect(await h.providers.get('main')!.processChanges()).toMatchObject({ outcome: 'applied', trigger: 'changes', counts: { departed: 0, removed: 1 } });
      for (const gone of [listed, polled]) await waitFor(`user:default/${gone.name} answering 404`, () => userGone(h.backend.catalog, gone.name));
      expect(await departedNames(h)).toEqual([]);
    });
  });
}

describe('Microsoft Graph leavers through the real backend, on SQLite', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  scenario(() => databases.init('SQLITE_3'));
});

describeWithPostgres('Microsoft Graph leavers through the real backend, on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
