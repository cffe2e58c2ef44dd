import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import { eventsBackendWithGithub, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { githubTestModule, integrationFor, manualSchedule, processed, specOf, type Harness } from '../__testing__/harness';

const LABEL = 'orgsync.io/departed';
const DEPARTED_AT = 'orgsync.io/departed-at';
const DEPARTURE = 'orgsync.io/departure';
const SECRET = 'webhook-secret-for-the-leavers-test';

/** A backend with the events backend (GitHub's webhook ingress), its `main` provider run on demand. */
async function start(github: GithubEmulator, knex: Knex, extra: Record<string, unknown>) {
  const test = githubTestModule();
  const backend = await startCatalogTestBackend({
    features: [test.feature, ...eventsBackendWithGithub()],
    database: knex,
    config: {
      integrations: { github: integrationFor(github) },
      events: { modules: { github: { webhookSecret: SECRET } } },
      catalog: {
        processingInterval: { seconds: 1 },
        providers: {
          githubOrg: {
            id: 'main',
            githubUrl: github.info.url,
            orgs: [github.info.org],
            schedule: manualSchedule,
            namespaceGroupsByOrg: false,
            // Deleting a team removes all its memberships at once: more than the default share.
            guard: { maxGroupRemovalShare: 0.5, maxMembershipRemovalShare: 0.5 },
            events: { poll: { interval: { seconds: 1 } } },
            ...extra,
          },
        },
      },
    },
  });
  return { backend, harness: test.harness };
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
    let github: GithubEmulator;
    let knex: Knex;
    let backend: CatalogTestBackend;
    let harness: Harness;
    const provider = () => harness.provider('main');
    let removed: Person;
    let byWebhook: Person;
    let deletedTeam: string;

    async function person(login: string): Promise<Person> {
      const entity = (await backend.catalog.byName('user', 'default', login))!;
      return { login, uid: entity.metadata.uid!, teams: teamsOf(github, login) };
    }

    beforeAll(async () => {
      github = await startGithubEmulator({ generate: { users: 40, groups: 6, seed: 51, hostileShare: 0, nestingDepth: 1 } });
      knex = await databases.init('SQLITE_3');
      ({ backend, harness } = await start(github, knex, { leavers: { mode: 'retain', retainFor: { days: 30 } } }));
      const result = await provider().run();
      expect(result).toMatchObject({ outcome: 'applied' });
      await processed(backend.catalog, 'kind=user', result.counts.users);
      const org = github.org.snapshot().orgs[0];
      const [a, b] = org.members.map(m => m.login).filter(login => teamsOf(github, login).length > 0);
      [removed, byWebhook] = [await person(a), await person(b)];
    });

    afterAll(async () => {
      await backend?.stop();
      await github?.close();
    });

    it('a member removed from the org stays, marked as departed: no teams, no github.com annotations, same uid', async () => {
      github.org.removeOrgMember(removed.login);
      const result = await provider().run();
      expect(result).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0 } });
      expect(result.guard).toMatchObject({ removedUsers: [`user:default/${removed.login}`] });
      await expectDeparted(backend, removed, 'no longer a member of the organization');
      expect(await departedNames(backend)).toEqual([removed.login]);
    });

    it('a deleted team stays as a departed group without members', async () => {
      const org = github.org.snapshot().orgs[0];
      deletedTeam = org.teams.find(t => !org.teams.some(c => c.parent_slug === t.slug))!.slug;
      const uid = (await backend.catalog.byName('group', 'default', deletedTeam))!.metadata.uid;
      github.org.deleteTeam(deletedTeam);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0 } });
      const group = await waitFor(`${deletedTeam} departed`, async () => {
        const e = await backend.catalog.byName('group', 'default', deletedTeam);
        return e?.metadata.labels?.[LABEL] === 'true' && e;
      });
      expect(group.metadata.uid).toBe(uid);
      expect(group.metadata.annotations![DEPARTURE]).toBe('team deleted in GitHub');
      expect(specOf<{ members?: string[] }>(group).members ?? []).toEqual([]);
      expect(Object.keys(group.metadata.annotations!).filter(k => k.startsWith('github.com/'))).toEqual([]);
      expect(await departedNames(backend, 'group')).toEqual([deletedTeam]);
      expect(await departedNames(backend)).toEqual([removed.login]);
    });

    it('a member added back within retainFor is a normal member again: same name and uid, teams and annotations back', async () => {
      github.org.addOrgMember(removed.login);
      const teams = removed.teams.filter(t => t !== deletedTeam);
      for (const slug of teams) github.org.addTeamMember(slug, removed.login);
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0 } });
      const expected = teams.map(t => `group:default/${t}`).sort();
      const back = await waitFor(`${removed.login} back in their teams`, async () => {
        const e = await backend.catalog.byName('user', 'default', removed.login);
        return e && !e.metadata.labels?.[LABEL] && [...(specOf<{ memberOf?: string[] }>(e).memberOf ?? [])].sort().join() === expected.join() && e;
      });
      expect(back.metadata.uid).toBe(removed.uid);
      expect(back.metadata.annotations).toMatchObject({ 'github.com/user-login': removed.login, 'github.com/user-id': expect.any(String) });
      expect(back.metadata.annotations![DEPARTURE]).toBeUndefined();
      expect(await backend.catalog.query(`kind=user,metadata.annotations.github.com/user-login=${removed.login}`)).toHaveLength(1);
      await waitFor(`teams listing ${removed.login} again`, async () => (await groupsListing(backend, removed.login)).sort().join() === teams.join());
      expect(await departedNames(backend)).toEqual([]);
    });

    it('a member_removed webhook keeps the leaver as departed the same way, without a scheduled run', async () => {
      const hooks = `${github.info.apiBaseUrl}/orgs/${github.info.org}/hooks`;
      const headers = { authorization: `token ${github.info.token}`, 'content-type': 'application/json' };
      const url = `http://localhost:${backend.backend.server.port()}/api/events/http/github`;
      const hook = (await (
        await fetch(hooks, { method: 'POST', headers, body: JSON.stringify({ name: 'web', config: { url, content_type: 'json', secret: SECRET }, events: ['organization', 'team', 'membership'] }) })
      ).json()) as { id: number };
      try {
        github.org.removeOrgMember(byWebhook.login);
        await github.webhooks.idle();
        expect(github.webhooks.deliveries(hook.id).at(-1)).toMatchObject({ event: 'organization', action: 'member_removed', statusCode: 202 });
        await expectDeparted(backend, byWebhook, 'no longer a member of the organization');
        expect(provider().lastRun()).toMatchObject({ trigger: 'changes', outcome: 'applied', counts: { departed: 1, removed: 0 } });
      } finally {
        await fetch(`${hooks}/${hook.id}`, { method: 'DELETE', headers });
      }
      // The scheduled list agrees.
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0, changed: 0, added: 0 } });
      expect(await departedNames(backend)).toEqual([byWebhook.login]);
    });

    it('after retainFor the departed are deleted (the departure times survive a restart)', async () => {
      await backend.stop();
      ({ backend, harness } = await start(github, knex, { leavers: { mode: 'retain', retainFor: { seconds: 2 } } }));
      const departed = [...(await backend.catalog.query(`kind=user,metadata.labels.${LABEL}=true`)), ...(await backend.catalog.query(`kind=group,metadata.labels.${LABEL}=true`))];
      expect(departed).toHaveLength(2);
      const leftAt = Math.max(...departed.map(e => Date.parse(e.metadata.annotations![DEPARTED_AT])));
      await new Promise(resolve => setTimeout(resolve, Math.max(0, leftAt + 2100 - Date.now())));
      expect(await provider().run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 2 } });
      await waitFor(`user:default/${byWebhook.login} answering 404`, async () => (await userRequest(backend, byWebhook.login)).status === 404);
      await waitFor(`group:default/${deletedTeam} answering 404`, async () => (await backend.catalog.request(`/entities/by-name/group/default/${deletedTeam}`)).status === 404);
      expect(await backend.catalog.byName('user', 'default', removed.login)).toBeDefined();
    });
  });

  describe('leavers.mode delete (the default)', () => {
    let github: GithubEmulator;
    let backend: CatalogTestBackend;
    let harness: Harness;

    beforeAll(async () => {
      github = await startGithubEmulator({ generate: { users: 40, groups: 6, seed: 52, hostileShare: 0, nestingDepth: 1 } });
      ({ backend, harness } = await start(github, await databases.init('SQLITE_3'), {}));
      const result = await harness.provider('main').run();
      expect(result).toMatchObject({ outcome: 'applied' });
      await processed(backend.catalog, 'kind=user', result.counts.users);
    });

    afterAll(async () => {
      await backend?.stop();
      await github?.close();
    });

    it('a member removed from the org is deleted at the next run (404)', async () => {
      const leaver = github.org.snapshot().orgs[0].members[0].login;
      expect((await userRequest(backend, leaver)).status).toBe(200);
      github.org.removeOrgMember(leaver);
      expect(await harness.provider('main').run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 1 } });
      await waitFor(`user:default/${leaver} answering 404`, async () => (await userRequest(backend, leaver)).status === 404);
      expect(await departedNames(backend)).toEqual([]);
    });
  });
});
