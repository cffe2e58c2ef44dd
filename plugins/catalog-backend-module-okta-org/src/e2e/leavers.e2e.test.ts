import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { describeWithPostgres, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { activeMembers, catalogByOktaId, listedUsers, LOCATION, SYSTEM_LOG } from '../__testing__/changeEvents';
import { processedEntities, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

const LABEL = 'orgsync.io/departed';
const DEPARTED_AT = 'orgsync.io/departed-at';
const DEPARTURE = 'orgsync.io/departure';
/** What the module says of someone Okta no longer lists (a deactivated person is DEPROVISIONED). */
const ABSENT = 'status: DEPROVISIONED or deleted (no longer listed by Okta)';
/** Statuses that become entities here: everything else (SUSPENDED among them) is a leaver. */
const STATUSES = ['ACTIVE', 'PROVISIONED', 'STAGED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT'];

/** The `main` provider's config: it polls the System Log on demand (interval 1 h). */
function leaversConfig(okta: OktaEmulator, extra: Record<string, unknown>) {
  return providerConfig(okta, { events: { poll: { enabled: true, interval: { hours: 1 } } }, users: { statuses: STATUSES }, ...extra });
}

/** A fixture whose `main` provider polls the System Log on demand. */
function useLeaversFixture(seed: number, database: () => Promise<Knex>, extra: Record<string, unknown>) {
  return useOktaFixture({
    emulator: () => startOktaEmulator({ generate: { users: 40, groups: 6, seed, hostileShare: 0 } }),
    database,
    providers: okta => ({ main: leaversConfig(okta, extra) }),
    config: () => ({ catalog: { processingInterval: { seconds: 1 } } }),
  });
}

/** Someone in the catalog as Okta sees them: name, uid, groups, email. */
interface Person {
  id: string;
  name: string;
  uid: string;
  email: string;
  memberOf: string[];
}

async function person(backend: CatalogTestBackend, oktaId: string): Promise<Person> {
  const entity = (await catalogByOktaId(backend.catalog)).users.get(oktaId)!;
  return {
    id: oktaId,
    name: entity.metadata.name,
    uid: entity.metadata.uid!,
    email: entity.metadata.annotations!['okta.com/email'],
    memberOf: [...(specOf<{ memberOf?: string[] }>(entity).memberOf ?? [])].sort(),
  };
}

const groupsListing = async (backend: CatalogTestBackend, name: string) =>
  (await backend.catalog.managedBy(LOCATION))
    .filter(e => e.kind === 'Group' && (specOf<{ members?: string[] }>(e).members ?? []).includes(`user:default/${name}`))
    .map(g => g.metadata.name);

const departedNames = async (backend: CatalogTestBackend) =>
  (await backend.catalog.query(`kind=user,metadata.labels.${LABEL}=true`)).map(e => e.metadata.name).sort();

/** Waits for the departed entity and checks everything a departed person must (and must not) carry. */
async function expectDeparted(backend: CatalogTestBackend, who: Person, departure: string): Promise<Entity> {
  const entity = await waitFor(`${who.name} marked as departed`, async () => {
    const e = await backend.catalog.byName('user', 'default', who.name);
    return e?.metadata.labels?.[LABEL] === 'true' && e;
  });
  expect((await backend.catalog.request(`/entities/by-name/user/default/${who.name}`)).status).toBe(200);
  expect(entity.metadata.uid).toBe(who.uid);
  expect(entity.metadata.annotations![DEPARTURE]).toBe(departure);
  expect(Number.isNaN(Date.parse(entity.metadata.annotations![DEPARTED_AT]))).toBe(false);
  expect(Object.keys(entity.metadata.annotations!).filter(k => k.startsWith('okta.com/'))).toEqual([]);
  expect(specOf<{ memberOf?: string[]; profile?: { email?: string } }>(entity)).toMatchObject({ memberOf: [] });
  expect(specOf<{ profile?: { email?: string } }>(entity).profile?.email).toBeUndefined();
  // A sign-in resolver looking them up by the Okta email finds nobody (once the catalog's search index, which can
  // trail the entity's body by a moment, has caught up).
  await waitFor(`no user found by ${who.email}`, async () => (await backend.catalog.query(`kind=user,metadata.annotations.okta.com/email=${who.email}`)).length === 0);
  await waitFor(`no group listing ${who.name}`, async () => (await groupsListing(backend, who.name)).length === 0);
  return entity;
}

function scenario(database: () => Promise<Knex>) {
  describe('leavers.mode retain', () => {
    const fixture = useLeaversFixture(41, database, { leavers: { mode: 'retain', retainFor: { days: 30 } } });
    const provider = () => fixture.provider('main');
    let deactivated: Person;
    let byEvent: Person;
    let suspended: Person;

    // The first list read applied, and the change task's first poll done.
    beforeAll(async () => {
      expect(await provider().run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
      const emitted = listedUsers(fixture.emulator).filter(u => STATUSES.includes(u.status)).length;
      await processedEntities(fixture.catalog, LOCATION, emitted + fixture.emulator.org.groups().length);
      // The change task polls once at start-up; after that, rounds run when the test asks.
      await waitFor('the change task’s first poll', async () => (fixture.emulator.server.counters().byRoute[SYSTEM_LOG] ?? 0) >= 1);
      expect(await provider().processChanges()).toBeUndefined();
      const [a, b, c] = activeMembers(fixture.emulator);
      [deactivated, byEvent, suspended] = [await person(fixture.backend, a), await person(fixture.backend, b), await person(fixture.backend, c)];
      expect(deactivated.memberOf.length).toBeGreaterThan(0);
    });

    it('a deactivated person stays, marked as departed: no memberships, no okta.com annotations, no email, same uid', async () => {
      fixture.emulator.org.deactivateUser(deactivated.id);
      const result = await provider().run();
      // A scheduled run (Okta's incremental list read after the first full one).
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'schedule', counts: { departed: 1, removed: 0 } });
      expect(result.guard).toMatchObject({ removedUsers: [`user:default/${deactivated.name}`] });
      await expectDeparted(fixture.backend, deactivated, ABSENT);
      expect(await departedNames(fixture.backend)).toEqual([deactivated.name]);
    });

    it('a suspended person (a status outside users.statuses) leaves with status: SUSPENDED; by-query on the label lists exactly the leavers', async () => {
      fixture.emulator.org.suspendUser(suspended.id);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0 } });
      await expectDeparted(fixture.backend, suspended, 'status: SUSPENDED');
      expect(await departedNames(fixture.backend)).toEqual([deactivated.name, suspended.name].sort());
      // A second run keeps them as they are.
      expect(await provider().run()).toMatchObject({ counts: { departed: 0, removed: 0, changed: 0 } });
    });

    it('a person reactivated within retainFor is a normal member again: same name and uid, groups and annotations back', async () => {
      fixture.emulator.org.reactivateUser(deactivated.id);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0 } });
      const back = await waitFor(`${deactivated.name} back in their groups`, async () => {
        const e = await fixture.catalog.byName('user', 'default', deactivated.name);
        const memberOf = [...(specOf<{ memberOf?: string[] }>(e).memberOf ?? [])].sort();
        return e && !e.metadata.labels?.[LABEL] && memberOf.join() === deactivated.memberOf.join() && e;
      });
      expect(back.metadata.uid).toBe(deactivated.uid);
      expect(back.metadata.annotations).toMatchObject({ 'okta.com/user-id': deactivated.id, 'okta.com/email': deactivated.email });
      expect(back.metadata.annotations![DEPARTURE]).toBeUndefined();
      expect(specOf<{ profile?: { email?: string } }>(back).profile?.email).toBe(deactivated.email);
      expect(await fixture.catalog.query(`kind=user,metadata.annotations.okta.com/email=${deactivated.email}`)).toHaveLength(1);
      await waitFor(`groups listing ${deactivated.name} again`, async () => (await groupsListing(fixture.backend, deactivated.name)).length === deactivated.memberOf.length);
      expect(await departedNames(fixture.backend)).toEqual([suspended.name]);
    });

    it('a deactivation heard by the System Log poll is kept as departed the same way, and the next list agrees', async () => {
      fixture.emulator.org.deactivateUser(byEvent.id);
      const result = await provider().processChanges();
      expect(result).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { departed: 1, removed: 0 } });
      await expectDeparted(fixture.backend, byEvent, ABSENT);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0, changed: 0, added: 0 } });
      expect(await departedNames(fixture.backend)).toEqual([byEvent.name, suspended.name].sort());
    });

    it('after retainFor the departed are deleted (the departure times survive a restart)', async () => {
      await fixture.restart({ providers: okta => ({ main: leaversConfig(okta, { leavers: { mode: 'retain', retainFor: { seconds: 2 } } }) }) });
      const leftAt = Math.max(
        ...(await fixture.catalog.query(`kind=user,metadata.labels.${LABEL}=true`)).map(e => Date.parse(e.metadata.annotations![DEPARTED_AT])),
      );
      await new Promise(resolve => setTimeout(resolve, Math.max(0, leftAt + 2100 - Date.now())));
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 2 } });
      for (const gone of [byEvent, suspended]) {
        await waitFor(`user:default/${gone.name} answering 404`, async () => (await fixture.catalog.request(`/entities/by-name/user/default/${gone.name}`)).status === 404);
      }
      expect(await departedNames(fixture.backend)).toEqual([]);
      expect(await fixture.catalog.byName('user', 'default', deactivated.name)).toBeDefined();
    });
  });

  describe('leavers.mode delete (the default)', () => {
    const fixture = useLeaversFixture(42, database, {});
    const provider = () => fixture.provider('main');

    // The first list read applied, and the change task's first poll done.
    beforeAll(async () => {
      expect(await provider().run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
      await processedEntities(fixture.catalog, LOCATION, listedUsers(fixture.emulator).filter(u => STATUSES.includes(u.status)).length + fixture.emulator.org.groups().length);
      await waitFor('the change task’s first poll', async () => (fixture.emulator.server.counters().byRoute[SYSTEM_LOG] ?? 0) >= 1);
      expect(await provider().processChanges()).toBeUndefined();
    });

    it('a deactivated person is deleted at the next run (404), by a list or by the poll', async () => {
      const [a, b] = activeMembers(fixture.emulator);
      const [listed, polled] = [await person(fixture.backend, a), await person(fixture.backend, b)];
      fixture.emulator.org.deactivateUser(listed.id);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 1 } });
      fixture.emulator.org.deactivateUser(polled.id);
      expect(await provider().processChanges()).toMatchObject({ outcome: 'applied', trigger: 'changes', counts: { departed: 0, removed: 1 } });
      for (const gone of [listed, polled]) {
        await waitFor(`user:default/${gone.name} answering 404`, async () => (await fixture.catalog.request(`/entities/by-name/user/default/${gone.name}`)).status === 404);
      }
      expect(await departedNames(fixture.backend)).toEqual([]);
    });
  });
}

describe('Okta leavers through the real backend, on SQLite', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  scenario(() => databases.init('SQLITE_3'));
});

describeWithPostgres('Okta leavers through the real backend, on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
