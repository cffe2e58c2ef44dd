import type { Entity } from '@backstage/catalog-model';
import {
  graphProviderConnection,
  startGithubEmulator,
  startGraphEmulator,
  startOktaEmulator,
  type GithubEmulator,
  type GraphEmulator,
  type OktaEmulator,
} from '@orgsync/idp-emulators';
import githubOrgModule from '@orgsync/plugin-catalog-backend-module-github-org';
import msgraphOrgModule from '@orgsync/plugin-catalog-backend-module-msgraph-org';
import oktaOrgModule from '@orgsync/plugin-catalog-backend-module-okta-org';
import type { StoredRun } from '@orgsync/plugin-catalog-org-sync-node';
import {
  eventsBackendWithGithub,
  postgresConnectionString,
  startCatalogTestBackend,
  usePostgresDatabases,
  waitFor,
  type CatalogTestBackend,
} from '@orgsync/test-utils';

for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** The same generated org in every emulated IdP. */
const ORG = { users: 80, groups: 8, seed: 31, hostileShare: 0 };
const manual = { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } };
const GITHUB = 'GithubMultiOrgEntityProvider:acme';
const WEBHOOK_SECRET = 'linking-e2e-webhook-secret';


interface PeopleSide {
  /** `catalog.providers` key and id of the people source, and its provider name. */
  key: string;
  provider: string;
  /** Its config for the emulator. */
  config(): Record<string, unknown>;
  /** The people source's own sign-in annotation and its value on a User. */
  signIn: string;
  /** The IdP makes this person leave (by the id the module puts on the entity). */
  leave(entity: Entity): void;
  close(): Promise<void>;
}

function oktaSide(okta: () => OktaEmulator): PeopleSide {
  return {
    key: 'okta.main',
    provider: 'okta:main',
    config: () => ({ okta: { main: { orgUrl: okta().info.orgUrl, token: okta().info.token, schedule: manual } } }),
    signIn: 'okta.com/email',
    leave: entity => void okta().org.deactivateUser(entity.metadata.annotations!['okta.com/user-id']),
    close: () => okta().close(),
  };
}

function entraSide(graph: () => GraphEmulator): PeopleSide {
  return {
    key: 'microsoftGraphOrg.main',
    provider: 'MicrosoftGraphOrgEntityProvider:main',
    config: () => {
      return {
        microsoftGraphOrg: {
          main: {
            ...graphProviderConnection(graph().info),
            user: { loadPhotos: false },
            schedule: manual,
          },
        },
      };
    },
    signIn: 'graph.microsoft.com/user-id',
    leave: entity => void graph().org.disableUser(entity.metadata.annotations!['graph.microsoft.com/user-id']),
    close: () => graph().close(),
  };
}

/**
 * One backend: a people source and the GitHub org linked to it, driven through the operations API as an operator would;
 * with `postgres`, on PostgreSQL when a server answers (else on SQLite).
 */
function linkedToGithub(title: string, start: () => Promise<PeopleSide>, options: { postgres?: boolean } = {}) {
  describe(title, () => {
    const databasePerPlugin = options.postgres && postgresConnectionString() ? usePostgresDatabases() : undefined;
    let people: PeopleSide;
    let github: GithubEmulator;
    let backend: CatalogTestBackend;

    const api = <T>(path: string, init?: RequestInit) => backend.catalog.json<T>(`/org-sync${path}`, init);
    /** Triggers a provider's run and waits for it in the run history. */
    const runNow = async (provider: string): Promise<StoredRun> => {
      const before = (await api<{ items: StoredRun[] }>(`/providers/${encodeURIComponent(provider)}/runs?limit=1`)).items[0]?.runId;
      const triggered = await backend.catalog.request(`/org-sync/providers/${encodeURIComponent(provider)}/run`, { method: 'POST' });
      expect(triggered.status).toBe(202);
      return waitFor(`a run of ${provider}`, async () => {
        const [run] = (await api<{ items: StoredRun[] }>(`/providers/${encodeURIComponent(provider)}/runs?limit=1`)).items;
        return run && run.runId !== before && run.trigger === 'schedule' ? run : undefined;
      }, { timeoutMs: 120_000, intervalMs: 200 });
    };
    const usersWith = (key: string, value: string) => backend.catalog.query(`kind=user,metadata.annotations.${key}=${value}`);
    const refOf = (e: Entity) => `user:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase();
    const org = () => github.org.snapshot().orgs[0];
    let githubRun: StoredRun;

    beforeAll(async () => {
      people = await start();
      github = await startGithubEmulator({ generate: ORG, conversion: { org: 'acme', linkingExtras: true } });
      const host = new URL(github.info.url).host;
      backend = await startCatalogTestBackend({
        databasePerPlugin,
        features: [oktaOrgModule, msgraphOrgModule, githubOrgModule, ...eventsBackendWithGithub()],
        config: {
          integrations: { github: [{ host, apiBaseUrl: github.info.apiBaseUrl, token: github.info.token }] },
          events: { modules: { github: { webhookSecret: WEBHOOK_SECRET } } },
          catalog: {
            processingInterval: { seconds: 1 },
            providers: {
              ...people.config(),
              githubOrg: [
                {
                  id: 'acme',
                  githubUrl: github.info.url,
                  orgs: ['acme'],
                  namespace: 'github',
                  schedule: manual,
                  events: { poll: { interval: { seconds: 1 } } },
                  linkTo: { peopleSource: people.key },
                },
              ],
            },
          },
        },
      });
      const ingress = `http://localhost:${backend.backend.server.port()}/api/events/http/github`;
      await fetch(`${github.info.apiBaseUrl}/orgs/acme/hooks`, {
        method: 'POST',
        headers: { authorization: `token ${github.info.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'web', config: { url: ingress, content_type: 'json', secret: WEBHOOK_SECRET }, events: ['organization', 'team', 'membership'] }),
      });
      expect(await runNow(people.provider)).toMatchObject({ outcome: 'applied' });
      githubRun = await runNow(GITHUB);
      expect(githubRun).toMatchObject({ outcome: 'applied', links: { peopleSource: people.key } });
    }, 240_000);
    afterAll(async () => {
      await backend?.stop();
      await github?.close();
      await people?.close();
    });

    const notLinked = () => new Set([...githubRun.links!.unmatched, ...githubRun.links!.conflicts, ...githubRun.links!.departed].map(a => a.account));

    it('reports the contractors and the bot as unmatched, and refuses the person with two accounts', () => {
      expect(githubRun.links!.unmatched.map(u => u.account)).toEqual(expect.arrayContaining(['contractor-1', 'contractor-2', 'acme-ci-bot']));
      const personal = githubRun.links!.conflicts.find(c => c.account.endsWith('-personal'));
      expect(personal?.detail).toMatch(/is claimed by 2 accounts/);
      expect(githubRun.links!.conflicts.map(c => c.account)).toContain(personal!.account.replace(/-personal$/, ''));
      expect(githubRun.links!.linked).toBeGreaterThan(org().members.length * 0.6);
    });

    it('gives every linked member exactly one User, the person’s, carrying both identities; GitHub Users only for the rest', async () => {
      const left = notLinked();
      const linkedMembers = org().members.filter(m => !left.has(m.login));
      expect(linkedMembers.length).toBe(githubRun.links!.linked);
      await waitFor('every linked member on a person', async () => {
        for (const member of linkedMembers) {
          const found = await usersWith('github.com/user-login', member.login);
          if (found.length !== 1 || found[0].metadata.namespace !== 'default') return false;
        }
        return true;
      }, { timeoutMs: 60_000, intervalMs: 500 });
      const githubUsers = await backend.catalog.query('kind=user,metadata.namespace=github');
      expect(githubUsers.map(u => u.metadata.annotations?.['github.com/user-login']).sort()).toEqual(
        [...githubRun.links!.unmatched, ...githubRun.links!.conflicts].map(a => a.account).sort(),
      );
    });

    it('resolves each sign-in annotation of a linked person to the one merged User', async () => {
      const member = org().members.find(m => !notLinked().has(m.login))!;
      const [person] = await usersWith('github.com/user-login', member.login);
      const annotations = person.metadata.annotations!;
      expect(annotations['orgsync.io/linked-accounts']).toMatch(new RegExp(`^${GITHUB}/${member.login} \\((saml|verifiedEmail)\\)$`));
      for (const key of [people.signIn, 'github.com/user-login', 'github.com/user-id']) {
        expect(annotations[key]).toBeDefined();
        expect((await usersWith(key, annotations[key])).map(refOf)).toEqual([refOf(person)]);
      }
    });

    it('explains, asked about the person, which account joined them and how', async () => {
      const member = org().members.find(m => !notLinked().has(m.login))!;
      const [person] = await usersWith('github.com/user-login', member.login);
      type View = { provider: string; record?: { login?: string }; reasons: Array<{ reason: string; message: string }> };
      const { providers: views } = await api<{ providers: View[] }>(`/explain?q=${encodeURIComponent(refOf(person))}`);
      const github = views.find(v => v.provider === GITHUB)!;
      expect(github.record?.login).toBe(member.login);
      expect(github.reasons[0]).toMatchObject({ reason: 'linked' });
      expect(github.reasons[0].message).toContain(`linked to ${refOf(person)}`);
      const departedAccount = githubRun.links!.departed[0];
      if (departedAccount) {
        const [view] = (await api<{ providers: View[] }>(`/explain?q=${encodeURIComponent(departedAccount.account)}`)).providers.filter(v => v.provider === GITHUB);
        expect(view.reasons[0]).toMatchObject({ reason: 'not-linked' });
      }
    });

    it('lists the people as members of the GitHub teams', async () => {
      const team = org().teams.find(t => (org().team_members[t.slug] ?? []).some(m => !notLinked().has(m.login)))!;
      const expected = await Promise.all(
        (org().team_members[team.slug] ?? [])
          .filter(m => !githubRun.links!.departed.some(d => d.account === m.login))
          .map(async m => refOf((await usersWith('github.com/user-login', m.login))[0])),
      );
      const group = await waitFor('the team', async () => (await backend.catalog.query(`kind=group,metadata.namespace=github,metadata.annotations.github.com/team-slug=acme/${team.slug}`))[0]);
      expect([...((group.spec as { members?: string[] }).members ?? [])].map(r => r.toLowerCase()).sort()).toEqual(expected.sort());
      expect(expected.some(ref => ref.startsWith('user:default/'))).toBe(true);
    });

    it('adds a person to a team from a GitHub webhook, with no read of the people source', async () => {
      const runsOf = async (provider: string) => (await api<{ items: StoredRun[] }>(`/providers/${encodeURIComponent(provider)}/runs?limit=50`)).items.length;
      const peopleRuns = await runsOf(people.provider);
      const team = org().teams[0];
      const members = new Set((org().team_members[team.slug] ?? []).map(m => m.login));
      const joiner = org().members.find(m => !notLinked().has(m.login) && !members.has(m.login))!;
      const [person] = await usersWith('github.com/user-login', joiner.login);
      github.org.addTeamMember(team.slug, joiner.login);
      await waitFor(`${refOf(person)} in ${team.slug}`, async () => {
        const [group] = await backend.catalog.query(`kind=group,metadata.namespace=github,metadata.annotations.github.com/team-slug=acme/${team.slug}`);
        return ((group?.spec as { members?: string[] })?.members ?? []).map(r => r.toLowerCase()).includes(refOf(person));
      }, { timeoutMs: 60_000 });
      const [changeRun] = (await api<{ items: StoredRun[] }>(`/providers/${encodeURIComponent(GITHUB)}/runs?limit=1`)).items;
      expect(changeRun).toMatchObject({ trigger: 'changes', outcome: 'applied', readMode: 'records' });
      expect(await runsOf(people.provider)).toBe(peopleRuns);
      await waitFor('the person in the team, as the catalog relates them', async () =>
        ((await backend.catalog.byName('user', 'default', person.metadata.name))?.relations ?? []).some(
          r => r.type === 'memberOf' && r.targetRef === `group:github/${team.slug}`,
        ),
      );
    });

    it('refuses a new member whose verified email claims a linked person (member_added webhook), and the person keeps their account', async () => {
      const left = notLinked();
      const member = [...org().members].reverse().find(m => !left.has(m.login))!;
      const [person] = await usersWith('github.com/user-login', member.login);
      const linkedAccounts = person.metadata.annotations!['orgsync.io/linked-accounts'];
      const team = org().teams.find(t => !(org().team_members[t.slug] ?? []).some(m => m.login === member.login))!;
      const teamGroup = async () => (await backend.catalog.query(`kind=group,metadata.namespace=github,metadata.annotations.github.com/team-slug=acme/${team.slug}`))[0];
      const teamMembers = async () => ((await teamGroup())?.spec as { members?: string[] })?.members?.map(r => r.toLowerCase()) ?? [];
      expect(await teamMembers()).not.toContain(refOf(person));

      const email = (person.spec as { profile?: { email?: string } }).profile!.email!;
      github.org.createUser({ login: 'probe-evil', verified_emails: [email], org: null });
      github.org.addOrgMember('probe-evil');
      github.org.addTeamMember(team.slug, 'probe-evil');
      const newcomer = 'user:github/probe-evil';
      const listed = await waitFor(`the newcomer in ${team.slug}`, async () => {
        const members = await teamMembers();
        return members.includes(newcomer) || members.includes(refOf(person)) ? members : undefined;
      }, { timeoutMs: 60_000 });
      expect(listed).toContain(newcomer);
      expect(listed).not.toContain(refOf(person));
      const [changeRun] = (await api<{ items: StoredRun[] }>(`/providers/${encodeURIComponent(GITHUB)}/runs?limit=1`)).items;
      expect(changeRun).toMatchObject({ trigger: 'changes', outcome: 'applied' });
      const refused = { account: 'probe-evil', detail: expect.stringContaining(`${refOf(person)} is linked to ${member.login} already`) };
      expect(changeRun.links!.conflicts).toContainEqual(refused);

      await waitFor('the newcomer as its own User', () => backend.catalog.byName('user', 'github', 'probe-evil'));
      const keepsTheirAccount = async () => {
        expect((await usersWith('github.com/user-login', member.login)).map(refOf)).toEqual([refOf(person)]);
        expect((await usersWith('github.com/user-login', 'probe-evil')).map(refOf)).toEqual([newcomer]);
        const now = await backend.catalog.byName('user', person.metadata.namespace!, person.metadata.name);
        expect(now?.metadata.annotations).toMatchObject({ 'github.com/user-login': member.login, 'orgsync.io/linked-accounts': linkedAccounts });
      };
      await keepsTheirAccount();

      // The next list run decides every account again: the established link stays, the newcomer stays refused.
      const list = await runNow(GITHUB);
      expect(list).toMatchObject({ outcome: 'applied' });
      expect(list.links!.conflicts).toContainEqual(refused);
      expect(list.links!.conflicts.map(c => c.account)).not.toContain(member.login);
      await keepsTheirAccount();
      expect(await teamMembers()).not.toContain(refOf(person));
    });

    it('removes a person who leaves the people source although still in GitHub, and reports the account', async () => {
      const member = org().members.find(m => !notLinked().has(m.login))!;
      const [person] = await usersWith('github.com/user-login', member.login);
      people.leave(person);
      const left = await runNow(people.provider);
      expect(left).toMatchObject({ outcome: 'applied', counts: { removed: 1 } });
      expect(left.stillLinked).toEqual([{ person: refOf(person), account: member.login, where: 'GitHub org acme' }]);
      await waitFor('the person gone', async () => !(await backend.catalog.byName('user', 'default', person.metadata.name)));
      expect(await usersWith('github.com/user-login', member.login)).toEqual([]);

      const next = await runNow(GITHUB);
      expect(next.links!.departed.map(d => d.account)).toContain(member.login);
      expect(await backend.catalog.byName('user', 'github', member.login)).toBeUndefined();
    });
  });
}

let okta: OktaEmulator;
let graph: GraphEmulator;
linkedToGithub('identity linking: Okta people, GitHub accounts linked to them', async () => {
  okta = await startOktaEmulator({ generate: ORG });
  return oktaSide(() => okta);
});
linkedToGithub(
  'identity linking: Entra ID people, GitHub accounts linked to them (on PostgreSQL where available)',
  async () => {
    graph = await startGraphEmulator({ generate: ORG });
    return entraSide(() => graph);
  },
  { postgres: true },
);
