import type { Entity } from '@backstage/catalog-model';
import { GithubMultiOrgEntityProvider } from '@backstage/plugin-catalog-backend-module-github-org';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { generateOrg, githubFixtureFromGeneratedOrg, startGithubEmulator, type GithubFixture } from '@orgsync/idp-emulators';
import { entitiesOfOneRead, refsOf } from '@orgsync/test-utils';
import { annotation, integrationFor, manualSchedule, processed, useGithubFixture } from '../__testing__/harness';

/** Two orgs: globex has the first 12 members of acme plus none of its own, and its own teams. */
function twoOrgFixture(): GithubFixture {
  const fixture = githubFixtureFromGeneratedOrg(generateOrg({ users: 40, groups: 6, seed: 3, hostileShare: 0, suspendedShare: 0 }), { org: 'acme' });
  const acme = fixture.orgs[0];
  const shared = acme.members.slice(0, 12);
  const teams = acme.teams.slice(0, 3).map((t, i) => ({
    ...t,
    id: t.id + 1000,
    node_id: `${t.node_id}G`,
    slug: `gx-${t.slug}`,
    name: `Globex ${t.name}`,
    parent_slug: i === 0 || !t.parent_slug ? null : `gx-${t.parent_slug}`,
  }));
  const teamMembers = Object.fromEntries(teams.map((t, i) => [t.slug, shared.slice(i * 3, i * 3 + 5).map(m => ({ login: m.login, role: 'member' as const }))]));
  for (const t of teams) if (t.parent_slug && !teams.some(p => p.slug === t.parent_slug)) t.parent_slug = null;
  fixture.orgs.push({ ...acme, login: 'globex', id: 101, node_id: `${acme.node_id}G`, installation_id: 2, members: shared, teams, team_members: teamMembers });
  return fixture;
}

const strip = (e: Entity) => {
  const a = e.metadata.annotations ?? {};
  return [refsOf([e])[0], Object.fromEntries(Object.entries(a).filter(([k]) => k.startsWith('github.com/') || k.startsWith('backstage.io/managed-by')).sort())];
};

describe('GitHub org provider: two orgs through a GitHub App whose installation tokens expire mid-sync', () => {
  const fixture = useGithubFixture({
    // Three-second tokens: @backstage/integration treats them as stale at once (it renews 10 minutes ahead), so tokens are replaced and expire throughout the read.
    emulator: () => startGithubEmulator({ fixture: twoOrgFixture(), installationTokenTtlSeconds: 3, latencyMs: 150 }),
    providers: github => ({ id: 'main', githubUrl: github.info.url, orgs: ['acme', 'globex'], schedule: manualSchedule, pageSizes: { organizationMembers: 10 } }),
    config: github => ({ integrations: { github: integrationFor(github, 'app') }, catalog: { processingInterval: { seconds: 1 } } }),
  });

  it('completes with tokens expiring throughout, one user per person across orgs, groups namespaced by org', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    // Tokens lived three seconds while requests took 150 ms each: many were replaced during the read.
    expect(fixture.emulator.installationTokensIssued()).toBeGreaterThan(3);

    const snapshot = fixture.emulator.org.snapshot();
    const [acme, globex] = snapshot.orgs;
    const logins = new Set([...acme.members, ...globex.members].map(m => m.login));
    expect(logins.size).toBe(acme.members.length);
    const users = await processed(fixture.catalog, 'kind=user', logins.size);
    const groups = await processed(fixture.catalog, 'kind=group', acme.teams.length + globex.teams.length);
    expect(users.map(u => u.metadata.name).sort()).toEqual([...logins].sort());
    expect(refsOf(groups).sort()).toEqual(
      [...acme.teams.map(t => `group:acme/${t.slug}`), ...globex.teams.map(t => `group:globex/${t.slug}`)].sort(),
    );
    // A person in both orgs belongs to teams of both.
    const both = globex.team_members[globex.teams[0].slug][0].login;
    const entity = users.find(u => u.metadata.name === both)!;
    const memberOf = (entity.spec as { memberOf: string[] }).memberOf;
    expect(memberOf.some(r => r.startsWith('group:globex/'))).toBe(true);
    expect(annotation(entity, 'github.com/user-id')).toBe(snapshot.users.find(u => u.login === both)!.node_id);
  });

  it('gives the same refs and annotations as the official module on the same orgs', async () => {
    const official = GithubMultiOrgEntityProvider.fromConfig(new ConfigReader({ integrations: { github: integrationFor(fixture.emulator, 'app') } }), {
      id: 'official',
      githubUrl: fixture.emulator.info.url,
      orgs: ['acme', 'globex'],
      logger: mockServices.logger.mock(),
      schedule: 'manual',
    });
    const theirs = (await entitiesOfOneRead(official)).map(strip).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const ours = [...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))]
      .map(strip)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(ours).toEqual(theirs);
  });
});
