import { startGithubEmulator } from '@orgsync/idp-emulators';
import { useOrgSyncFixture, waitFor } from '@orgsync/test-utils';
import { githubModule, integrationFor, manualSchedule, picture, processed } from '../__testing__/harness';

const GRAPHQL = 'POST /api/graphql';

describe('GitHub org provider: looping pages, trickling and hung answers, aborted runs', () => {
  const pageSizes = { organizationMembers: 10, teams: 3, teamMembers: 4 };
  const fixture = useOrgSyncFixture({
    module: githubModule(),
    emulator: async () => {
      const github = await startGithubEmulator({ generate: { users: 60, groups: 8, seed: 12, nestingDepth: 1, hostileShare: 0 } });
      const githubApp = await startGithubEmulator({ generate: { users: 10, groups: 2, seed: 13, hostileShare: 0 } });
      // The emulator builds GitHub's large GraphQL schema on its first query: not part of any request budget tested here.
      await github.server.dispatch({
        method: 'POST',
        url: '/api/graphql',
        headers: { authorization: `token ${github.info.token}` },
        body: { query: '{ rateLimit { remaining } }' },
      });
      return { github, githubApp, stop: () => github.close().then(() => githubApp.close()) };
    },
    providers: ({ github, githubApp }) => {
      const base = { githubUrl: github.info.url, orgs: [github.info.org], schedule: manualSchedule, pageSizes, requestTimeout: { seconds: 2 } };
      return [{ id: 'main', ...base }, { id: 'app', ...base, githubUrl: githubApp.info.url, namespace: 'app' }];
    },
    config: ({ github, githubApp }) => ({
      integrations: { github: [...integrationFor(github), ...integrationFor(githubApp, 'app')] },
      catalog: { processingInterval: { seconds: 1 } },
    }),
  });
  const org = () => fixture.emulator.github.org.snapshot().orgs[0];

  const catalogPicture = async () => picture([...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))]);
  const graphqlRequests = () => fixture.emulator.github.server.counters().byRoute[GRAPHQL] ?? 0;
  /** The emulator's open client connections, once they have settled at `count` or fewer. */
  const socketsSettleAt = (count: number) =>
    waitFor(`at most ${count} open sockets at the emulator`, async () => fixture.emulator.github.server.openSockets <= count, { timeoutMs: 5000, intervalMs: 50 });

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await processed(fixture.catalog, 'kind=user', org().members.length);
    await processed(fixture.catalog, 'kind=group', org().teams.length);
  });

  afterEach(() => {
    fixture.emulator.github.server.faults.clear();
    fixture.emulator.githubApp.server.faults.clear();
  });

  it('a healthy run leaves no connection open behind it', async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await socketsSettleAt(0);
  });

  it('a members connection that repeats its cursor ends the run after two pages; the catalog is unchanged and the backend serves', async () => {
    const before = await catalogPicture();
    fixture.emulator.github.server.faults.add({ kind: 'loop', route: GRAPHQL });
    const requestsBefore = graphqlRequests();
    const result = await fixture.provider('main').run();

    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/GitHub org "acme" members: page 2 links to a page already read \(cursor of \d+ characters\); the IdP's paging loops/);
    expect(graphqlRequests() - requestsBefore).toBe(2);
    expect(await catalogPicture()).toEqual(before);
    await socketsSettleAt(0);
  });

  it("a team's member list that loops in its follow-up pages ends the run, naming the team", async () => {
    const teamsOverOnePage = org().teams.filter(t => org().team_members[t.slug].length > pageSizes.teamMembers);
    expect(teamsOverOnePage.length).toBeGreaterThan(0);
    const before = await catalogPicture();
    const listingPages = Math.ceil(org().members.length / pageSizes.organizationMembers) + Math.ceil(org().teams.length / pageSizes.teams);
    // Every GraphQL query shares one route: the members and teams pages answer normally, the team member follow-ups loop.
    fixture.emulator.github.server.faults.add({ kind: 'loop', route: GRAPHQL, afterRequests: listingPages });
    const requestsBefore = graphqlRequests();
    const result = await fixture.provider('main').run();

    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/GitHub team "acme\/[a-z0-9-]+" members: page 2 links to a page already read/);
    // The follow-ups run two at a time: at most one more started before the first loop was seen.
    expect(graphqlRequests() - requestsBefore).toBeLessThanOrEqual(listingPages + 2);
    expect(await catalogPicture()).toEqual(before);
    await socketsSettleAt(0);
  });

  it('a GraphQL answer whose body trickles ends the run after requestTimeout, naming the setting, and its socket is closed', async () => {
    const before = await catalogPicture();
    fixture.emulator.github.server.faults.add({ kind: 'trickle', route: GRAPHQL, afterRequests: 1, intervalMs: 100 });
    const requestsBefore = graphqlRequests();
    const started = Date.now();
    const result = await fixture.provider('main').run();
    const elapsed = Date.now() - started;

    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/GitHub POST http:\/\/127\.0\.0\.1:\d+\/api\/graphql did not complete within 2000 ms \(catalog\.providers\.githubOrg\[0\]\.requestTimeout\)/);
    // Not retried: a second attempt would only trickle as long again.
    expect(graphqlRequests() - requestsBefore).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(6000);
    await socketsSettleAt(0);
    expect(await catalogPicture()).toEqual(before);
  });

  it('a run aborted by its signal while GitHub holds an answer ends at once and closes the held socket', async () => {
    fixture.emulator.github.server.faults.add({ kind: 'hang', route: GRAPHQL, afterRequests: 2 });
    const controller = new AbortController();
    const running = fixture.provider('main').run({ signal: controller.signal });
    await waitFor('a held request', async () => fixture.emulator.github.server.faults.list().some(f => f.fired > 0), { timeoutMs: 5000, intervalMs: 20 });
    const abortedAt = Date.now();
    controller.abort(new Error('the schedule timeout passed'));
    const result = await running;

    expect(result.outcome).toBe('read-failed');
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    // The held socket is closed by the client, not left to the server.
    await socketsSettleAt(0);
  });

  it('reads completely again once GitHub answers properly', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    expect(result.counts.users).toBe(org().members.length);
    await socketsSettleAt(0);
  });

  it('an App installation token request that trickles ends the run after requestTimeout too', async () => {
    fixture.emulator.githubApp.server.faults.add({ kind: 'trickle', route: 'POST /api/v3/app/installations/:id/access_tokens', intervalMs: 100 });
    const started = Date.now();
    const result = await fixture.provider('app').run();

    expect(result.outcome).toBe('read-failed');
    expect(result.error).toContain('GitHub App credentials for org "acme" did not complete within 2000 ms (catalog.providers.githubOrg[1].requestTimeout)');
    expect(Date.now() - started).toBeLessThan(6000);
    // That request is @backstage/integration's, which takes no signal: its socket stays open until GitHub closes it (see the README).
  });
});
