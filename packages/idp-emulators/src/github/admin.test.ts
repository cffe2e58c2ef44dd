import { admin, bareClient, ThrottledOctokit } from './__fixtures__/clients';
import { startGithubEmulator, type GithubEmulator } from './index';

const MEMBERS = `query($org: String!) { organization(login: $org) { membersWithRole(first: 100) { nodes { login name suspendedAt } } } }`;

describe('GitHub emulator admin mutations, seen through Octokit', () => {
  let emulator: GithubEmulator;
  const octokit = () => bareClient(emulator.info);
  const memberLogins = async () =>
    (await octokit().paginate(octokit().rest.orgs.listMembers, { org: 'acme', per_page: 100 })).map(m => m.login);

  beforeEach(async () => {
    emulator = await startGithubEmulator({ generate: { seed: 3, users: 60, groups: 6, nestingDepth: 2 } });
  });
  afterEach(() => emulator.close());

  it('creates, renames, suspends and deletes a user over the admin API', async () => {
    expect((await admin(emulator.info, 'POST', '/users', { login: 'new-hire', name: 'New Hire', email: 'new.hire@example.com' })).status).toBe(201);
    expect(await memberLogins()).toContain('new-hire');
    expect((await admin(emulator.info, 'PATCH', '/users/new-hire', { name: 'Renamed Hire' })).status).toBe(200);
    expect((await octokit().rest.users.getByUsername({ username: 'new-hire' })).data.name).toBe('Renamed Hire');

    expect((await admin(emulator.info, 'POST', '/users/new-hire/suspend')).status).toBe(200);
    const data = await octokit().graphql<{ organization: { membersWithRole: { nodes: { login: string; suspendedAt: string | null }[] } } }>(MEMBERS, {
      org: 'acme',
    });
    expect(data.organization.membersWithRole.nodes.find(n => n.login === 'new-hire')?.suspendedAt).toMatch(/^\d{4}-/);

    expect((await admin(emulator.info, 'DELETE', '/users/new-hire')).status).toBe(204);
    expect(await memberLogins()).not.toContain('new-hire');
    await expect(octokit().rest.users.getByUsername({ username: 'new-hire' })).rejects.toMatchObject({ status: 404 });
    expect((await admin(emulator.info, 'DELETE', '/users/new-hire')).status).toBe(404);
  });

  it('removes an org member from the org and its teams, and adds them back', async () => {
    const fixture = emulator.org.snapshot().orgs[0];
    const [slug, members] = Object.entries(fixture.team_members).find(([, ms]) => ms.length > 0)!;
    const login = members[0].login;
    expect((await admin(emulator.info, 'DELETE', `/orgs/acme/members/${login}`)).status).toBe(204);
    expect(await memberLogins()).not.toContain(login);
    const teamMembers = await octokit().rest.teams.listMembersInOrg({ org: 'acme', team_slug: slug, per_page: 100 });
    expect(teamMembers.data.map(m => m.login)).not.toContain(login);
    expect((await admin(emulator.info, 'PUT', `/orgs/acme/members/${login}`, { role: 'admin' })).status).toBe(204);
    expect((await octokit().rest.orgs.getMembershipForUser({ org: 'acme', username: login })).data.role).toBe('admin');
  });

  it('creates, renames (slug follows), re-parents and deletes teams, and changes team memberships', async () => {
    const login = emulator.org.snapshot().orgs[0].members[0].login;
    expect((await admin(emulator.info, 'POST', '/orgs/acme/teams', { name: 'Night Watch', description: 'x' })).status).toBe(201);
    expect((await admin(emulator.info, 'POST', '/orgs/acme/teams', { name: 'Night Owls', parentSlug: 'night-watch' })).status).toBe(201);
    expect((await admin(emulator.info, 'PUT', `/orgs/acme/teams/night-owls/members/${login}`, { role: 'maintainer' })).status).toBe(204);

    const parentMembers = await octokit().rest.teams.listMembersInOrg({ org: 'acme', team_slug: 'night-watch' });
    expect(parentMembers.data).toEqual([expect.objectContaining({ login, role: 'maintainer', inherited: true })]);

    expect((await admin(emulator.info, 'PATCH', '/orgs/acme/teams/night-watch', { name: 'Day Watch' })).status).toBe(200);
    const child = await octokit().rest.teams.getByName({ org: 'acme', team_slug: 'night-owls' });
    expect(child.data.parent?.slug).toBe('day-watch');
    await expect(octokit().rest.teams.getByName({ org: 'acme', team_slug: 'night-watch' })).rejects.toMatchObject({ status: 404 });

    expect((await admin(emulator.info, 'DELETE', `/orgs/acme/teams/night-owls/members/${login}`)).status).toBe(204);
    expect((await octokit().rest.teams.listMembersInOrg({ org: 'acme', team_slug: 'night-owls' })).data).toEqual([]);

    expect((await admin(emulator.info, 'DELETE', '/orgs/acme/teams/day-watch')).status).toBe(204);
    await expect(octokit().rest.teams.getByName({ org: 'acme', team_slug: 'night-owls' })).rejects.toMatchObject({ status: 404 });
  });

  it('makes the org read empty and back, through REST and GraphQL', async () => {
    const before = (await memberLogins()).length;
    expect((await admin(emulator.info, 'PUT', '/empty', { empty: true })).status).toBe(200);
    expect(await memberLogins()).toEqual([]);
    expect((await octokit().rest.teams.list({ org: 'acme' })).data).toEqual([]);
    const data = await octokit().graphql<{ organization: { membersWithRole: { nodes: unknown[] } } }>(MEMBERS, { org: 'acme' });
    expect(data.organization.membersWithRole.nodes).toEqual([]);
    emulator.org.setEmpty(false);
    expect((await memberLogins()).length).toBe(before);
  });

  it('revokes issued installation tokens over the admin API', async () => {
    const jwtless = await admin(emulator.info, 'POST', '/tokens/revoke');
    expect(jwtless).toEqual({ status: 200, body: { revoked: 0 } });
  });

  it('rejects bad admin input with the right status', async () => {
    expect((await admin(emulator.info, 'POST', '/users', { login: 'bad login!' })).status).toBe(422);
    expect((await admin(emulator.info, 'PUT', '/orgs/acme/teams/nope/members/x')).status).toBe(404);
    expect((await admin(emulator.info, 'PUT', '/empty', {})).status).toBe(400);
    const info = await admin(emulator.info, 'GET', '/info');
    expect(info.body).toEqual(JSON.parse(JSON.stringify(emulator.info)));
  });

  it('applies in-process handle mutations the same way', async () => {
    const login = emulator.org.snapshot().orgs[0].members[1].login;
    emulator.org.renameUser(login, 'Handle Renamed');
    emulator.org.removeOrgMember(login);
    expect(await memberLogins()).not.toContain(login);
    expect((await octokit().rest.users.getByUsername({ username: login })).data.name).toBe('Handle Renamed');
  });
});

describe('GitHub emulator faults through Octokit', () => {
  it('lets plugin-retry ride out injected 5xx answers', async () => {
    const emulator = await startGithubEmulator({ generate: { users: 20, groups: 2 } });
    try {
      emulator.server.faults.add({ kind: 'status', status: 502, route: 'GET /api/v3/orgs/:org/members', count: 2 });
      const octokit = new ThrottledOctokit({
        baseUrl: emulator.info.apiBaseUrl,
        auth: emulator.info.token,
        throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
        request: { retries: 3, retryAfter: 0 },
        log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      });
      const { data } = await octokit.rest.orgs.listMembers({ org: 'acme', per_page: 100 });
      expect(data.length).toBe(emulator.org.snapshot().orgs[0].members.length);
      expect(emulator.server.counters().byStatus['502']).toBe(2);
    } finally {
      await emulator.close();
    }
  });
});
