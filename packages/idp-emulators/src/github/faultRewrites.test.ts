import { admin, bareClient } from './__fixtures__/clients';
import { startGithubEmulator, type GithubEmulator } from './index';

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
  totalCount?: number;
}

const MEMBERS = `query($org: String!, $cursor: String) {
  organization(login: $org) { membersWithRole(first: 10, after: $cursor) { totalCount pageInfo { hasNextPage endCursor } nodes { login } } }
}`;
const TEAMS = `query($org: String!) {
  organization(login: $org) { teams(first: 3) { pageInfo { hasNextPage endCursor } nodes { slug members(first: 2) { pageInfo { hasNextPage endCursor } nodes { login } } } } }
}`;
const PROFILE = `query($login: String!) { user(login: $login) { login name avatarUrl } }`;

describe('GitHub emulator: loop and empty-page faults, hostile profile fields', () => {
  let emulator: GithubEmulator;
  const octokit = () => bareClient(emulator.info);
  const members = async (cursor: string | null) =>
    (await octokit().graphql<{ organization: { membersWithRole: Page<{ login: string }> } }>(MEMBERS, { org: 'acme', cursor })).organization
      .membersWithRole;

  beforeEach(async () => {
    emulator = await startGithubEmulator({ generate: { seed: 4, users: 40, groups: 6, hostileShare: 0 } });
  });
  afterEach(() => emulator.close());

  it('loop: the paged GraphQL connection keeps announcing a next page with the cursor it was asked with', async () => {
    const first = await members(null);
    emulator.server.faults.add({ kind: 'loop', route: 'POST /api/graphql' });
    const looping = await members(first.pageInfo.endCursor);
    expect(looping.pageInfo).toEqual({ hasNextPage: true, endCursor: first.pageInfo.endCursor });
    // The page's nodes are the real second page: only the paging is wrong.
    expect(looping.nodes).toHaveLength(10);
    expect(looping.nodes[0].login).not.toBe(first.nodes[0].login);
    const fromStart = await members(null);
    expect(fromStart.pageInfo).toEqual({ hasNextPage: true, endCursor: first.pageInfo.endCursor });
  });

  it('loop and empty-page touch only the outermost paged connection, not the connections nested in its nodes', async () => {
    const real = (await octokit().graphql<{ organization: { teams: Page<{ members: Page<unknown> }> } }>(TEAMS, { org: 'acme' })).organization.teams;
    emulator.server.faults.add({ kind: 'empty-page', route: 'POST /api/graphql', count: 1 });
    const empty = (await octokit().graphql<{ organization: { teams: Page<unknown> } }>(TEAMS, { org: 'acme' })).organization.teams;
    expect(empty).toEqual({ pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });

    emulator.server.faults.add({ kind: 'loop', route: 'POST /api/graphql', count: 1 });
    const looped = (await octokit().graphql<{ organization: { teams: Page<{ members: Page<unknown> }> } }>(TEAMS, { org: 'acme' })).organization.teams;
    expect(looped.pageInfo.hasNextPage).toBe(true);
    expect(looped.nodes.map(n => n.members)).toEqual(real.nodes.map(n => n.members));
  });

  it('empty-page answers an empty connection with totalCount 0 and no next page', async () => {
    emulator.server.faults.add({ kind: 'empty-page', route: 'POST /api/graphql', count: 1 });
    expect(await members(null)).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
    expect((await members(null)).nodes).toHaveLength(10);
  });

  it('REST: loop points Link rel="next" at the page itself; empty-page answers [] without a Link', async () => {
    const url = `/orgs/acme/members?per_page=5&page=2`;
    emulator.server.faults.add({ kind: 'loop', route: 'GET /api/v3/orgs/:org/members', count: 1 });
    const looped = await octokit().request(`GET ${url}`);
    expect(looped.data).toHaveLength(5);
    expect(looped.headers.link).toContain(`<${emulator.info.apiBaseUrl}${url}>; rel="next"`);
    expect(looped.headers.link).toContain('rel="prev"');
    expect(looped.headers.link?.match(/rel="next"/g)).toHaveLength(1);

    emulator.server.faults.add({ kind: 'empty-page', route: 'GET /api/v3/orgs/:org/members', count: 1 });
    const empty = await octokit().request(`GET ${url}`);
    expect(empty.data).toEqual([]);
    expect(empty.headers.link).toBeUndefined();
  });

  it('serves NUL and control characters, a 1 MB name and a javascript: avatar set over the admin API', async () => {
    const login = emulator.org.snapshot().orgs[0].members[0].login;
    const hostileLogin = `${login}\u0000\u0007\u001b[31m`;
    const longName = 'N'.repeat(1024 * 1024);
    const update = await admin(emulator.info, 'PATCH', `/users/${login}`, { login: hostileLogin, name: longName, avatar_url: 'javascript:alert(1)' });
    expect(update.status).toBe(200);

    const { user } = await octokit().graphql<{ user: { login: string; name: string; avatarUrl: string } }>(PROFILE, { login: hostileLogin });
    expect(user).toEqual({ login: hostileLogin, name: longName, avatarUrl: 'javascript:alert(1)' });
    // Still a member (of the org and its teams) under the new login.
    const all = await octokit().paginate(octokit().rest.orgs.listMembers, { org: 'acme', per_page: 100 });
    expect(all.find(m => m.login === hostileLogin)?.avatar_url).toBe('javascript:alert(1)');
    expect(all.some(m => m.login === login)).toBe(false);

    expect((await admin(emulator.info, 'PATCH', `/users/${encodeURIComponent(hostileLogin)}`, { site_admin: true })).status).toBe(400);
    expect((await admin(emulator.info, 'PATCH', `/users/${encodeURIComponent(hostileLogin)}`, { name: 5 })).status).toBe(400);
  });
});
