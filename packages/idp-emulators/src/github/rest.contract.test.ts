import { generateOrg } from '../core';
import { bareClient, patClient, type ThrottleLog } from './__fixtures__/clients';
import { startGithubEmulator, type GithubEmulator } from './index';

// A 2,000-person org read completely through @octokit/rest (throttling + retry) over REST paging.
describe('GitHub emulator REST with @octokit/rest on a 2,000-person org', () => {
  const generate = { seed: 11, users: 2000, groups: 120 };
  const people = generateOrg(generate).people;
  let emulator: GithubEmulator;

  beforeAll(async () => {
    emulator = await startGithubEmulator({ generate });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.server.resetCounters();
    emulator.server.faults.clear();
  });

  it('lists every org member (deprovisioned people are not members) with per_page=100 and absolute Link headers', async () => {
    const octokit = patClient(emulator.info);
    const pages: string[] = [];
    const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org: emulator.info.org, per_page: 100 }, response => {
      if (response.headers.link) pages.push(response.headers.link);
      return response.data;
    });
    const expected = people.filter(p => p.status !== 'deprovisioned').length;
    expect(expected).toBeLessThan(2000);
    expect(members).toHaveLength(expected);
    expect(new Set(members.map(m => m.login.toLowerCase())).size).toBe(expected);
    expect(members[0]).toMatchObject({ type: 'User', site_admin: false, gravatar_id: '' });
    expect(members[0]).not.toHaveProperty('name');
    expect(pages[0]).toMatch(new RegExp(`^<${emulator.info.apiBaseUrl}/orgs/acme/members\\?per_page=100&page=2>; rel="next", <.*page=${Math.ceil(expected / 100)}>; rel="last"$`));
    expect(emulator.server.counters().byRoute['GET /api/v3/orgs/:org/members']).toBe(Math.ceil(expected / 100));
  });

  it('pages with the default of 30 and caps per_page at 100', async () => {
    const octokit = bareClient(emulator.info);
    const first = await octokit.rest.orgs.listMembers({ org: emulator.info.org });
    expect(first.data).toHaveLength(30);
    const capped = await octokit.rest.orgs.listMembers({ org: emulator.info.org, per_page: 500 });
    expect(capped.data).toHaveLength(100);
  });

  it('filters members by role', async () => {
    const octokit = patClient(emulator.info);
    const admins = await octokit.paginate(octokit.rest.orgs.listMembers, { org: emulator.info.org, role: 'admin', per_page: 100 });
    const all = await octokit.paginate(octokit.rest.orgs.listMembers, { org: emulator.info.org, per_page: 100 });
    expect(admins.length).toBeGreaterThan(0);
    expect(admins.length).toBeLessThan(all.length);
    for (const a of admins) {
      const membership = await octokit.rest.orgs.getMembershipForUser({ org: emulator.info.org, username: a.login });
      expect(membership.data.role).toBe('admin');
    }
  });

  it('lists teams with their parent, child teams, and team members including child-team members', async () => {
    const octokit = patClient(emulator.info);
    const teams = await octokit.paginate(octokit.rest.teams.list, { org: emulator.info.org, per_page: 100 });
    expect(teams).toHaveLength(120);
    const child = teams.find(t => t.parent)!;
    expect(child.parent).toMatchObject({ slug: expect.any(String), name: expect.any(String) });
    const parentSlug = child.parent!.slug;

    const children = await octokit.paginate(octokit.rest.teams.listChildInOrg, { org: emulator.info.org, team_slug: parentSlug, per_page: 100 });
    expect(children.map(t => t.slug)).toContain(child.slug);

    const parentMembers = await octokit.paginate(octokit.rest.teams.listMembersInOrg, { org: emulator.info.org, team_slug: parentSlug, per_page: 100 });
    const childMembers = await octokit.paginate(octokit.rest.teams.listMembersInOrg, { org: emulator.info.org, team_slug: child.slug, per_page: 100 });
    const parentLogins = new Set(parentMembers.map(m => m.login));
    for (const m of childMembers) expect(parentLogins.has(m.login)).toBe(true);
    const direct = emulator.org.snapshot().orgs[0].team_members[parentSlug].map(m => m.login);
    const inherited = (parentMembers as Array<{ login: string; inherited?: boolean }>).filter(m => m.inherited);
    expect(inherited.every(m => !direct.includes(m.login))).toBe(true);
    expect(parentMembers.length).toBe(new Set([...direct, ...childMembers.map(m => m.login), ...inherited.map(m => m.login)]).size);

    const full = await octokit.rest.teams.getByName({ org: emulator.info.org, team_slug: child.slug });
    expect(full.data).toMatchObject({ slug: child.slug, members_count: expect.any(Number), organization: { login: 'acme' } });
  });

  it('gives name, public email and GHES suspended_at only on /users/{login}', async () => {
    const octokit = patClient(emulator.info);
    const suspended = emulator.org.snapshot().users.find(u => u.suspended_at)!;
    const { data } = await octokit.rest.users.getByUsername({ username: suspended.login });
    expect(data).toMatchObject({ login: suspended.login, name: suspended.name, email: suspended.email });
    expect((data as { suspended_at?: string }).suspended_at).toBe(suspended.suspended_at);
    await expect(octokit.rest.users.getByUsername({ username: 'no-such-user-here' })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found' } },
    });
  });

  it('answers a repeated read with If-None-Match by 304, which does not count against the rate limit', async () => {
    const octokit = bareClient(emulator.info);
    const first = await octokit.rest.orgs.listMembers({ org: emulator.info.org, per_page: 100 });
    expect(first.headers.etag).toMatch(/^W\/"/);
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    const error = await octokit.rest.orgs
      .listMembers({ org: emulator.info.org, per_page: 100, headers: { 'if-none-match': first.headers.etag! } })
      .catch(e => e);
    expect(error.status).toBe(304);
    expect(Number(error.response.headers['x-ratelimit-remaining'])).toBe(remaining);
    const third = await octokit.rest.orgs.listMembers({ org: emulator.info.org, per_page: 100 });
    expect(Number(third.headers['x-ratelimit-remaining'])).toBe(remaining - 1);
    expect(third.headers).toMatchObject({ 'x-ratelimit-limit': '5000', 'x-ratelimit-resource': 'core', 'x-ratelimit-used': String(5000 - remaining + 1) });
  });

  it('rides out a secondary-rate-limit storm with the throttling plugin and still reads everything', async () => {
    emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v3/orgs/:org/members', probability: 0.5, count: 3, retryAfterSeconds: 1 });
    const log: ThrottleLog = { primary: 0, secondary: 0 };
    const octokit = patClient(emulator.info, log);
    const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org: emulator.info.org, per_page: 100 });
    expect(members).toHaveLength(people.filter(p => p.status !== 'deprovisioned').length);
    expect(log.secondary).toBe(3);
    expect(emulator.server.counters().byStatus['403']).toBe(3);
  });

  it('renders the secondary limit as GitHub does', async () => {
    emulator.server.faults.add({ kind: 'rate-limit', route: '/api/v3/orgs', count: 1, retryAfterSeconds: 7 });
    const error = await bareClient(emulator.info).rest.orgs.get({ org: 'acme' }).catch(e => e);
    expect(error.status).toBe(403);
    expect(error.response.headers['retry-after']).toBe('7');
    expect(error.response.data.message).toMatch(/^You have exceeded a secondary rate limit/);
    expect(error.response.data.documentation_url).toMatch(/secondary-rate-limits/);
  });

  it('refuses requests without or with a wrong token', async () => {
    await expect(bareClient(emulator.info, 'ghp_wrong').rest.orgs.get({ org: 'acme' })).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials' } },
    });
    const anonymous = await fetch(`${emulator.info.apiBaseUrl}/orgs/acme`);
    expect(anonymous.status).toBe(401);
  });
});

describe('GitHub emulator primary rate limit', () => {
  it('answers 403 with remaining 0 once the hourly budget is spent', async () => {
    const emulator = await startGithubEmulator({ generate: { users: 10, groups: 2 }, rateLimit: { perHour: 3 } });
    try {
      const octokit = bareClient(emulator.info);
      for (let i = 0; i < 3; i++) await octokit.rest.orgs.get({ org: 'acme' });
      const error = await octokit.rest.orgs.get({ org: 'acme' }).catch(e => e);
      expect(error.status).toBe(403);
      expect(error.response.data.message).toMatch(/^API rate limit exceeded for /);
      expect(error.response.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(error.response.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    } finally {
      await emulator.close();
    }
  });

  it('lets the throttling plugin wait for the reset of a short window and finish the read', async () => {
    const emulator = await startGithubEmulator({ generate: { users: 250, groups: 2 }, rateLimit: { perHour: 2, windowSeconds: 1 } });
    try {
      const log: ThrottleLog = { primary: 0, secondary: 0 };
      const octokit = patClient(emulator.info, log);
      const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org: 'acme', per_page: 100 });
      expect(members.length).toBe(emulator.org.snapshot().orgs[0].members.length);
      expect(log.primary).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });
});
