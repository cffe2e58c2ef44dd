import { startGithubEmulator } from '@orgsync/idp-emulators';
import { refsOf } from '@orgsync/test-utils';
import { annotation, integrationFor, processed, providerConfig, specOf, useGithubFixture } from '../__testing__/harness';

describe('GitHub org provider: first sync of an org with nested teams, through the emulator and a real catalog', () => {
  const pageSizes = { organizationMembers: 40, teams: 7, teamMembers: 6 };
  const fixture = useGithubFixture({
    emulator: () => startGithubEmulator({ generate: { users: 160, groups: 24, seed: 7, nestingDepth: 3, hostileShare: 0 } }),
    providers: github => providerConfig(github, { pageSizes }),
    config: github => ({ integrations: { github: integrationFor(github) }, catalog: { processingInterval: { seconds: 1 } } }),
  });

  it('emits every member by login and every team by slug, with hierarchy and direct memberships both ways', async () => {
    // The emulator serves http: avatars, which never reach an entity (the engine keeps https: pictures only); one member gets an https: one.
    const withPicture = fixture.emulator.org.snapshot().orgs[0].members[0].login;
    fixture.emulator.org.updateUser(withPicture, { avatar_url: 'https://avatars.example.com/u/1?v=4' });
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    const snapshot = fixture.emulator.org.snapshot();
    const org = snapshot.orgs[0];
    expect(result.counts).toMatchObject({ users: org.members.length, groups: org.teams.length, skipped: 0 });

    const users = await processed(fixture.catalog, 'kind=user', org.members.length);
    const groups = await processed(fixture.catalog, 'kind=group', org.teams.length);
    expect(users.map(u => u.metadata.name).sort()).toEqual(org.members.map(m => m.login).sort());
    expect(groups.map(g => g.metadata.name).sort()).toEqual(org.teams.map(t => t.slug).sort());
    expect(groups.every(g => g.metadata.namespace === 'default' && specOf<{ type: string }>(g).type === 'team')).toBe(true);

    for (const team of org.teams) {
      const group = groups.find(g => g.metadata.name === team.slug)!;
      expect(annotation(group, 'github.com/team-slug')).toBe(`${org.login}/${team.slug}`);
      const spec = specOf<{ parent?: string; children: string[]; members: string[] }>(group);
      expect(spec.parent).toBe(team.parent_slug ? `group:default/${team.parent_slug}` : undefined);
      expect(spec.children.sort()).toEqual(org.teams.filter(t => t.parent_slug === team.slug).map(t => `group:default/${t.slug}`).sort());
      expect([...spec.members].sort()).toEqual(org.team_members[team.slug].map(m => `user:default/${m.login}`).sort());
    }
    expect(org.teams.some(t => t.parent_slug)).toBe(true);
    expect(Object.values(org.team_members).some(m => m.length > pageSizes.teamMembers)).toBe(true);

    const byLogin = new Map(snapshot.users.map(u => [u.login, u]));
    for (const user of users) {
      const gh = byLogin.get(user.metadata.name)!;
      expect(user.metadata.annotations).toMatchObject({
        'github.com/user-login': gh.login,
        'github.com/user-id': gh.node_id,
        'backstage.io/managed-by-location': `url:https://${new URL(fixture.emulator.info.url).host}/${gh.login}`,
      });
      const profile = specOf<{ profile: { displayName?: string; email?: string; picture?: string } }>(user).profile;
      expect(profile.displayName).toBe(gh.name ?? gh.login);
      expect(profile.email).toBe(gh.email ?? undefined);
      expect(profile.picture).toBe(gh.login === withPicture ? 'https://avatars.example.com/u/1?v=4' : undefined);
      const direct = Object.entries(org.team_members).filter(([, ms]) => ms.some(m => m.login === gh.login)).map(([slug]) => `group:default/${slug}`);
      expect([...specOf<{ memberOf: string[] }>(user).memberOf].sort()).toEqual(direct.sort());
    }
    const memberOf = users.flatMap(u => (u.relations ?? []).filter(r => r.type === 'memberOf'));
    expect(memberOf.length).toBe(Object.values(org.team_members).reduce((n, ms) => n + ms.length, 0));
    expect(refsOf(groups).length).toBe(org.teams.length);
  });

  it('reads with GraphQL pages and follow-up pages for long team member lists, never one request per user', async () => {
    const org = fixture.emulator.org.snapshot().orgs[0];
    const before = fixture.emulator.server.counters();
    const result = await fixture.provider('main').run();
    expect(result.outcome).toBe('applied');
    const after = fixture.emulator.server.counters();
    const delta = (route: string) => (after.byRoute[route] ?? 0) - (before.byRoute[route] ?? 0);
    const followUps = Object.values(org.team_members).reduce((n, ms) => n + Math.max(0, Math.ceil(ms.length / pageSizes.teamMembers) - 1), 0);
    const expectedGraphql =
      Math.ceil(org.members.length / pageSizes.organizationMembers) + Math.ceil(org.teams.length / pageSizes.teams) + followUps;
    expect(delta('POST /api/graphql')).toBe(expectedGraphql);
    expect(delta('GET /api/v3/orgs/:org')).toBe(1);
    expect(after.total - before.total).toBe(expectedGraphql + 1);
    // The org read is conditional: unchanged, it answered 304.
    expect((after.byStatus['304'] ?? 0) - (before.byStatus['304'] ?? 0)).toBe(1);
  });
});
