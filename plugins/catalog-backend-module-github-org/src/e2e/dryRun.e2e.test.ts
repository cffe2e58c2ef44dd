import { startGithubEmulator } from '@orgsync/idp-emulators';
import { installedModule, useOrgSyncFixture, waitFor } from '@orgsync/test-utils';
import { integrationFor, providerConfig } from '../__testing__/harness';
import { catalogModuleGithubOrg } from '../module';

describe('GitHub dry runs through the operations API: one read per provider at a time, stopped when its callers leave', () => {
  const fixture = useOrgSyncFixture({
    // The module as an adopter installs it (its operations API included); the test backend's mock auth allows the calls.
    module: installedModule('githubOrg'),
    features: () => [catalogModuleGithubOrg],
    emulator: () => startGithubEmulator({ generate: { users: 30, groups: 6, seed: 11, hostileShare: 0 } }),
    providers: github => providerConfig(github, { pageSizes: { organizationMembers: 10, teams: 2, teamMembers: 10 } }),
    config: github => ({ integrations: { github: integrationFor(github) } }),
  });
  const dryRun = (signal?: AbortSignal) =>
    fetch(`${fixture.catalog.baseUrl}/api/catalog/org-sync/providers/GithubMultiOrgEntityProvider%3Amain/dry-run`, { method: 'POST', signal });
  const requests = () => fixture.emulator.server.counters().total;
  const graphqlRequests = () => fixture.emulator.server.counters().byRoute['POST /api/graphql'] ?? 0;
  const answered = () => Object.values(fixture.emulator.server.counters().byStatus).reduce((n, count) => n + count, 0);
  /** Requests one whole dry run makes, measured by the first test. */
  let oneRead = 0;

  it('answers a dry run from a whole read of the org', async () => {
    const before = requests();
    const answer = await dryRun();
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { users: { add: string[] } }).users.add).toHaveLength(fixture.emulator.org.snapshot().orgs[0].members.length);
    oneRead = requests() - before;
    expect(oneRead).toBeGreaterThan(3);
  });

  it('a caller who comes while a dry run reads shares its read: two callers, one read of the IdP', async () => {
    // The first GraphQL page is slow, so the second caller surely comes while the first caller's read is under way.
    fixture.emulator.server.faults.add({ kind: 'latency', latencyMs: 1000, route: 'POST /api/graphql', count: 1 });
    const before = requests();
    const graphqlBefore = graphqlRequests();
    const first = dryRun();
    await waitFor('the first caller’s read', async () => graphqlRequests() > graphqlBefore);
    const second = await dryRun();
    const answers = await Promise.all([(await first).json(), second.json()]);
    expect(answers[1]).toEqual(answers[0]);
    expect(requests() - before).toBe(oneRead);
  });

  it('a caller who leaves stops the read: the IdP sees no request after it', async () => {
    // The second GraphQL request waits a second at the emulator: the caller leaves meanwhile.
    fixture.emulator.server.faults.add({ kind: 'latency', latencyMs: 1000, route: 'POST /api/graphql', afterRequests: 1, count: 1 });
    const before = requests();
    const graphqlBefore = graphqlRequests();
    const leaving = new AbortController();
    const gone = dryRun(leaving.signal).catch(() => 'gone');
    await waitFor('the slow second GraphQL request', async () => graphqlRequests() >= graphqlBefore + 2);
    leaving.abort();
    expect(await gone).toBe('gone');
    const askedBeforeLeaving = requests() - before;
    expect(askedBeforeLeaving).toBeLessThan(oneRead);
    // The emulator answers the slow request (into a closed connection); a read that went on would ask for its next
    // page at once, among the requests of the whole dry run that follows (which does not join it: nobody waits for it).
    await waitFor('the slow request answered', async () => answered() === requests());
    expect((await dryRun()).status).toBe(200);
    expect(requests() - before).toBe(askedBeforeLeaving + oneRead);
  });
});
