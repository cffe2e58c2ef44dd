import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import { eventsBackendWithGithub, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { integrationFor, manualSchedule, processed, specOf, useGithubFixture } from '../__testing__/harness';

const LABEL = 'orgsync.io/departed';
const DEPARTED_AT = 'orgsync.io/departed-at';
const DEPARTURE = 'orgsync.io/departure';
const SECRET = 'webhook-secret-for-the-leavers-test';

/** The `main` provider's config, run on demand. */
function leaversProvider(github: GithubEmulator, extra: Record<string, unknown>) {
  return {
    id: 'main',
    githubUrl: github.info.url,
    orgs: [github.info.org],
    schedule: manualSchedule,
    namespaceGroupsByOrg: false,
    // Deleting a team removes all its memberships at once: more than the default share.
    guard: { maxGroupRemovalShare: 0.5, maxMembershipRemovalShare: 0.5 },
    events: { poll: { interval: { seconds: 1 } } },
    ...extra,
  };
}

/** A fixture with the events backend (GitHub's webhook ingress), its `main` provider run on demand. */
function useLeaversFixture(seed: number, database: () => Promise<Knex>, extra: Record<string, unknown>) {
  return useGithubFixture({
    emulator: () => startGithubEmulator({ generate: { users: 40, groups: 6, seed, hostileShare: 0, nestingDepth: 1 } }),
    database,
    features: () => eventsBackendWithGithub(),
    providers: github => leaversProvider(github, extra),
    config: github => ({
      integrations: { github: integrationFor(github) },
      events: { modules: { github: { webhookSecret: SECRET } } },
      catalog: { processingInterval: { seconds: 1 } },
    }),
  });
}

/** Someone in the catalog, with the teams GitHub has them in. */
interface Person {
  login: string;
  uid: string;
  teams: string[];
}

function teamsOf(github: GithubEmulator, login: string): string[] {
  const org = github.org.snapshot().orgs[0];
  return Object.entries(org.team_members)
    .filter(([, members]) => members.some(m => m.login === login))
    .map(([slug]) => slug)
    .sort();
}

const userRequest = (backend: CatalogTestBackend, login: string) => backend.catalog.request(`/entities/by-name/user/default/${login}`);

const groupsListing = async (backend: CatalogTestBackend, login: string) =>
  (await backend.catalog.query('kind=group')).filter(g => (specOf<{ members?: string[] }>(g).members ?? []).includes(`user:default/${login}`)).map(g => g.metadata.name);

const departedNames = async (backend: CatalogTestBackend, kind = 'user') =>
  (await backend.catalog.query(`kind=${kind},metadata.labels.${LABEL}=true`)).map(e => e.metadata.name).sort();

/** Waits for the departed entity and checks everything a departed person must (and must not) carry. */
async function expectDeparted(backend: CatalogTestBackend, who: Person, departure: string): Promise<Entity> {
  const entity = await waitFor(`${who.login} marked as departed`, async () => {
    const e = await backend.catalog.byName('user', 'default', who.login);
    return e?.metadata.labels?.[LABEL] === 'true' && e;
  });
  expect((await userRequest(backend, who.login)).status).toBe(200);
  expect(entity.metadata.uid).toBe(who.uid);
  expect(entity.metadata.annotations![DEPARTURE]).toBe(departure);
  expect(Number.isNaN(Date.parse(entity.metadata.annotations![DEPARTED_AT]))).toBe(false);
  expect(Object.keys(entity.metadata.annotations!).filter(k => k.startsWith('github.com/'))).toEqual([]);
  expect(specOf<{ memberOf?: string[] }>(entity).memberOf).toEqual([]);
  expect(specOf<{ profile?: { email?: string } }>(entity).profile?.email).toBeUndefined();
  // Backstage's GitHub sign-in resolvers look users up by these annotations: they find nobody.
  expect(await backend.catalog.query(`kind=user,metadata.annotations.github.com/user-login=${who.login}`)).toEqual([]);
  await waitFor(`no group listing ${who.login}`, async () => (await groupsListing(backend, who.login)).length === 0);
  return entity;
}

describe('GitHub leavers through the real backend (SQLite)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });

  describe('leavers.mode retain', () => {
    const fixture = useLeaversFixture(51, () => databases.init('SQLITE_3'), { leavers: { mode: 'retain', retainFor: { days: 30 } } });
    const provider = () => fixture.provider('main');
    let removed: Person;
    let byWebhook: Person;
    let deletedTeam: string;

    async function person(login: string): Promise<Person> {
      const entity = (await fixture.catalog.byName('user', 'default', login))!;
      return { login, uid: entity.metadata.uid!, teams: teamsOf(fixture.emulator, login) };
    }

    beforeAll(async () => {
      const result = await provider().run();
      expect(result).toMatchObject({ outcome: 'applied' });
      await processed(fixture.catalog, 'kind=user', result.counts.users);
      const org = fixture.emulator.org.snapshot().orgs[0];
      const [a, b] = org.members.map(m => m.login).filter(login => teamsOf(fixture.emulator, login).length > 0);
      [removed, byWebhook] = [await person(a), await person(b)];
    });

    it('a member removed from the org stays, marked as departed: no teams, no github.com annotations, same uid', async () => {
      fixture.emulator.org.removeOrgMember(removed.login);
      const result = await provider().run();
      expect(result).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0 } });
      expect(result.guard).toMatchObject({ removedUsers: [`user:default/${removed.login}`] });
      await expectDeparted(fixture.backend, removed, 'no longer a member of the organization');
      expect(await departedNames(fixture.backend)).toEqual([removed.login]);
    });

    it('a deleted team stays as a departed group without members', async () => {
      const org = fixture.emulator.org.snapshot().orgs[0];
      deletedTeam = org.teams.find(t => !org.teams.some(c => c.parent_slug === t.slug))!.slug;
      const uid = (await fixture.catalog.byName('group', 'default', deletedTeam))!.metadata.uid;
      fixture.emulator.org.deleteTeam(deletedTeam);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0 } });
      const group = await waitFor(`${deletedTeam} departed`, async () => {
        const e = await fixture.catalog.byName('group', 'default', deletedTeam);
        return e?.metadata.labels?.[LABEL] === 'true' && e;
      });
      expect(group.metadata.uid).toBe(uid);
      expect(group.metadata.annotations![DEPARTURE]).toBe('team deleted in GitHub');
      expect(specOf<{ members?: string[] }>(group).members ?? []).toEqual([]);
      expect(Object.keys(group.metadata.annotations!).filter(k => k.startsWith('github.com/'))).toEqual([]);
      expect(await departedNames(fixture.backend, 'group')).toEqual([deletedTeam]);
      expect(await departedNames(fixture.backend)).toEqual([removed.login]);
    });

    it('a member added back within retainFor is a normal member again: same name and uid, teams and annotations back', async () => {
      fixture.emulator.org.addOrgMember(removed.login);
      const teams = removed.teams.filter(t => t !== deletedTeam);
      for (const slug of teams) fixture.emulator.org.addTeamMember(slug, removed.login);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0 } });
      const expected = teams.map(t => `group:default/${t}`).sort();
      const back = await waitFor(`${removed.login} back in their teams`, async () => {
        const e = await fixture.catalog.byName('user', 'default', removed.login);
        return e && !e.metadata.labels?.[LABEL] && [...(specOf<{ memberOf?: string[] }>(e).memberOf ?? [])].sort().join() === expected.join() && e;
      });
      expect(back.metadata.uid).toBe(removed.uid);
      expect(back.metadata.annotations).toMatchObject({ 'github.com/user-login': removed.login, 'github.com/user-id': expect.any(String) });
      expect(back.metadata.annotations![DEPARTURE]).toBeUndefined();
      expect(await fixture.catalog.query(`kind=user,metadata.annotations.github.com/user-login=${removed.login}`)).toHaveLength(1);
      await waitFor(`teams listing ${removed.login} again`, async () => (await groupsListing(fixture.backend, removed.login)).sort().join() === teams.join());
      expect(await departedNames(fixture.backend)).toEqual([]);
    });

    it('a member_removed webhook keeps the leaver as departed the same way, without a scheduled run', async () => {
      const hooks = `${fixture.emulator.info.apiBaseUrl}/orgs/${fixture.emulator.info.org}/hooks`;
      const headers = { authorization: `token ${fixture.emulator.info.token}`, 'content-type': 'application/json' };
      const url = `http://localhost:${fixture.backend.backend.server.port()}/api/events/http/github`;
      const hook = (await (
        await fetch(hooks, { method: 'POST', headers, body: JSON.stringify({ name: 'web', config: { url, content_type: 'json', secret: SECRET }, events: ['organization', 'team', 'membership'] }) })
      ).json()) as { id: number };
      try {
        fixture.emulator.org.removeOrgMember(byWebhook.login);
        await fixture.emulator.webhooks.idle();
        expect(fixture.emulator.webhooks.deliveries(hook.id).at(-1)).toMatchObject({ event: 'organization', action: 'member_removed', statusCode: 202 });
        await expectDeparted(fixture.backend, byWebhook, 'no longer a member of the organization');
        expect(provider().lastRun()).toMatchObject({ trigger: 'changes', outcome: 'applied', counts: { departed: 1, removed: 0 } });
      } finally {
        await fetch(`${hooks}/${hook.id}`, { method: 'DELETE', headers });
      }
      // The scheduled list agrees.
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0, changed: 0, added: 0 } });
      expect(await departedNames(fixture.backend)).toEqual([byWebhook.login]);
    });

    it('after retainFor the departed are deleted (the departure times survive a restart)', async () => {
      await fixture.restart({ providers: github => leaversProvider(github, { leavers: { mode: 'retain', retainFor: { seconds: 2 } } }) });
      const departed = [...(await fixture.catalog.query(`kind=user,metadata.labels.${LABEL}=true`)), ...(await fixture.catalog.query(`kind=group,metadata.labels.${LABEL}=true`))];
      expect(departed).toHaveLength(2);
      const leftAt = Math.max(...departed.map(e => Date.parse(e.metadata.annotations![DEPARTED_AT])));
      await new Promise(resolve => setTimeout(resolve, Math.max(0, leftAt + 2100 - Date.now())));
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 2 } });
      await waitFor(`user:default/${byWebhook.login} answering 404`, async () => (await userRequest(fixture.backend, byWebhook.login)).status === 404);
      await waitFor(`group:default/${deletedTeam} answering 404`, async () => (await fixture.catalog.request(`/entities/by-name/group/default/${deletedTeam}`)).status === 404);
      expect(await fixture.catalog.byName('user', 'default', removed.login)).toBeDefined();
    });
  });

  describe('leavers.mode delete (the default)', () => {
    const fixture = useLeaversFixture(52, () => databases.init('SQLITE_3'), {});

    beforeAll(async () => {
      const result = await fixture.provider('main').run();
      expect(result).toMatchObject({ outcome: 'applied' });
      await processed(fixture.catalog, 'kind=user', result.counts.users);
    });

    it('a member removed from the org is deleted at the next run (404)', async () => {
      const leaver = fixture.emulator.org.snapshot().orgs[0].members[0].login;
      expect((await userRequest(fixture.backend, leaver)).status).toBe(200);
      fixture.emulator.org.removeOrgMember(leaver);
      expect(await fixture.provider('main').run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 1 } });
      await waitFor(`user:default/${leaver} answering 404`, async () => (await userRequest(fixture.backend, leaver)).status === 404);
      expect(await departedNames(fixture.backend)).toEqual([]);
    });
  });
});
