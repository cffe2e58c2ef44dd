import { ConfigReader } from '@backstage/config';
import { startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import { CapturingLogger } from '@orgsync/test-utils';
import { GithubInstanceCredentials } from '../client/credentials';
import { readGithubOrgProviderConfig } from '../config';
import { integrationFor } from '../__testing__/harness';
import { recordsOf } from '../__testing__/recordReader';
import { GithubOrgSource } from './GithubOrgSource';
import { githubTeamRaw, type GithubTeamRecord } from './githubRecords';
import type { GithubRecords } from './toRecords';

describe('GithubOrgSource.readRecords: re-reading named users and teams by node id', () => {
  let github: GithubEmulator;
  let source: GithubOrgSource;
  let full: GithubRecords;
  const signal = new AbortController().signal;

  function sourceFor(auth: 'token' | 'app', extra: Record<string, unknown> = {}) {
    const root = new ConfigReader({ integrations: { github: integrationFor(github, auth) } });
    const entry = new ConfigReader({ id: 'main', githubUrl: github.info.url, orgs: [github.info.org], pageSizes: { teamMembers: 2 }, ...extra });
    const config = readGithubOrgProviderConfig(entry, 'main', 'catalog.providers.githubOrg');
    return new GithubOrgSource({ config, credentials: GithubInstanceCredentials.fromConfig(root, github.info.url), logger: new CapturingLogger(), readVerifiedEmails: true });
  }

  const readNow = () => source.read({ signal, reportProgress: () => undefined });
  const userId = (login: string) => full.users.find(u => u.login === login)!.id;
  const teamBySlug = (records: GithubRecords, slug: string) => records.groups.find(g => g.name === slug);
  const graphqlRequests = () => github.server.counters().byRoute['POST /api/graphql'] ?? 0;
  /** A team record with its members in id order: an edited team lists a new member last, a full read in GitHub's order. */
  const membersSorted = (team: GithubTeamRecord) => {
    const raw = githubTeamRaw(team);
    return {
      ...team,
      memberUserIds: [...team.memberUserIds!].sort(),
      raw: { ...raw, github: { ...raw.github, members: [...raw.github.members].sort((a, b) => a.id!.localeCompare(b.id!)) } },
    };
  };

  beforeAll(async () => {
    github = await startGithubEmulator({ generate: { users: 40, groups: 6, seed: 8, hostileShare: 0, nestingDepth: 2 } });
    source = sourceFor('token');
    full = await readNow();
  });
  afterAll(() => github?.close());

  it('re-reads users and teams into exactly the records the full read makes, teams with every member (paged)', async () => {
    const team = [...full.groups].sort((a, b) => (b.memberUserIds?.length ?? 0) - (a.memberUserIds?.length ?? 0))[0];
    expect(team.memberUserIds!.length).toBeGreaterThan(2);
    const users = full.users.slice(0, 3).map(u => u.id);
    const delta = await source.readRecords({ users, groups: [team.id] }, { signal, records: recordsOf(full) });
    expect(delta.users).toEqual({ upserted: full.users.slice(0, 3), deleted: [] });
    expect(delta.groups).toEqual({ upserted: [team], deleted: [] });
  });

  it('deletes a user who left the org (and re-reads the teams they were in), and a deleted team', async () => {
    const org = github.org.snapshot().orgs[0];
    const [slug, teamMembers] = Object.entries(org.team_members).find(([, ms]) => ms.length > 0)!;
    const leaver = teamMembers[0].login;
    const team = teamBySlug(full, slug)!;
    const childless = org.teams.find(t => !org.teams.some(c => c.parent_slug === t.slug) && t.slug !== slug)!;
    github.org.removeOrgMember(leaver);
    github.org.deleteTeam(childless.slug);

    const delta = await source.readRecords({ users: [userId(leaver)], groups: [teamBySlug(full, childless.slug)!.id] }, { signal, records: recordsOf(full) });
    expect(delta.users).toEqual({ upserted: [], deleted: [userId(leaver)] });
    expect(delta.groups.deleted).toEqual([teamBySlug(full, childless.slug)!.id]);
    const reread = delta.groups.upserted.find(g => g.id === team.id)!;
    expect(reread.memberUserIds).toEqual(team.memberUserIds!.filter(id => id !== userId(leaver)));
    // Members not re-read keep the GitHub fields the store had for them.
    expect(githubTeamRaw(reread).github.members).toEqual(team.raw!.github.members.filter(m => m.login !== leaver));
  });

  it('a user who exists on GitHub but is not a member, an unknown id and a team id asked as a user are all deleted', async () => {
    const outsider = github.org.createUser({ login: 'outsider', org: null });
    const unknown = Buffer.from('04:User987654').toString('base64');
    const delta = await source.readRecords({ users: [outsider.node_id, unknown, full.groups[0].id], groups: [] }, { signal, records: recordsOf(full) });
    expect(delta.users).toEqual({ upserted: [], deleted: [outsider.node_id, unknown, full.groups[0].id] });
  });

  it('finds a team created after the last read, in its org', async () => {
    const created = github.org.createTeam({ name: 'Brand New', parentSlug: full.groups[0].name! });
    github.org.addTeamMember('brand-new', full.users[5].login!);
    const delta = await source.readRecords({ users: [], groups: [created.node_id] }, { signal, records: recordsOf(full) });
    expect(delta.groups.upserted).toEqual([
      expect.objectContaining({ id: created.node_id, name: 'brand-new', parentIds: [full.groups[0].id], memberUserIds: [full.users[5].id], raw: expect.objectContaining({ org: github.info.org }) }),
    ]);
  });

  it('batches: 150 ids are two nodes queries (100 per query) per kind', async () => {
    // Members only: a user found gone would also have their teams re-read.
    const members = new Set(github.org.snapshot().orgs[0].members.map(m => m.login));
    const ids = full.users.filter(u => members.has(u.login!)).map(u => u.id);
    const padded = [...ids, ...Array.from({ length: 150 - ids.length }, (_, i) => Buffer.from(`04:User${900000 + i}`).toString('base64'))];
    const before = github.server.counters().byRoute['POST /api/graphql'] ?? 0;
    const delta = await source.readRecords({ users: padded, groups: [] }, { signal, records: recordsOf(full) });
    expect((github.server.counters().byRoute['POST /api/graphql'] ?? 0) - before).toBe(2);
    expect(delta.users.upserted).toHaveLength(ids.length);
    expect(delta.users.deleted).toHaveLength(150 - ids.length);
  });

  describe('named memberships', () => {
    const org = () => github.org.snapshot().orgs[0];
    const freshTeam = async (slug: string) => membersSorted(teamBySlug(await readNow(), slug)!);

    it('reads a membership by itself and edits the stored team into what a full read makes: joined, then left', async () => {
      const stored = await readNow();
      const team = [...stored.groups].sort((a, b) => b.memberUserIds!.length - a.memberUserIds!.length)[0];
      expect(team.memberUserIds!.length).toBeGreaterThan(4); // several member pages of 2: a whole read costs more than one request
      const joiner = stored.users.find(u => !team.memberUserIds!.includes(u.id))!;
      github.org.addTeamMember(team.name!, joiner.login!);

      let before = graphqlRequests();
      const joined = await source.readRecords({ users: [], groups: [], memberships: [{ user: joiner.id, group: team.id }] }, { signal, records: recordsOf(stored) });
      expect(graphqlRequests() - before).toBe(1);
      expect(joined.users).toEqual({ upserted: [], deleted: [] });
      expect(joined.groups.deleted).toEqual([]);
      expect(joined.groups.upserted.map(membersSorted)).toEqual([await freshTeam(team.name!)]);

      const afterJoin = { ...stored, groups: stored.groups.map(g => (g.id === team.id ? joined.groups.upserted[0] : g)) };
      github.org.removeTeamMember(team.name!, joiner.login!);
      before = graphqlRequests();
      const left = await source.readRecords({ users: [joiner.id], groups: [], memberships: [{ user: joiner.id, group: team.id }] }, { signal, records: recordsOf(afterJoin) });
      expect(graphqlRequests() - before).toBe(2); // the user, the membership
      expect(left.users.upserted.map(u => u.id)).toEqual([joiner.id]);
      expect(left.groups.upserted.map(membersSorted)).toEqual([await freshTeam(team.name!)]);
      expect(left.groups.upserted[0].memberUserIds).toEqual(team.memberUserIds); // the stored order is kept
    });

    it('re-reads a member the store does not hold yet (their login is what the membership read searches for)', async () => {
      const stored = await readNow();
      const team = stored.groups.find(g => g.memberUserIds!.length > 0)!;
      const newcomer = github.org.createUser({ login: 'newcomer' });
      github.org.addTeamMember(team.name!, 'newcomer');
      const before = graphqlRequests();
      const delta = await source.readRecords({ users: [], groups: [], memberships: [{ user: newcomer.node_id, group: team.id }] }, { signal, records: recordsOf(stored) });
      expect(graphqlRequests() - before).toBe(2); // the user, the membership
      const fresh = await readNow();
      expect(delta.users).toEqual({ upserted: [fresh.users.find(u => u.id === newcomer.node_id)], deleted: [] });
      expect(delta.groups.upserted.map(membersSorted)).toEqual([membersSorted(teamBySlug(fresh, team.name!)!)]);
    });

    it('a membership that is as stored changes nothing', async () => {
      const stored = await readNow();
      const team = stored.groups.find(g => g.memberUserIds!.length > 0)!;
      const delta = await source.readRecords({ users: [], groups: [], memberships: [{ user: team.memberUserIds![0], group: team.id }] }, { signal, records: recordsOf(stored) });
      expect(delta.groups).toEqual({ upserted: [], deleted: [] });
    });

    it('counts only the user asked: the login search also matches others (a login inside theirs, a name)', async () => {
      const team = github.org.createTeam({ name: 'Search Team' });
      const zed = github.org.createUser({ login: 'zed' });
      github.org.createUser({ login: 'zedekiah' });
      github.org.createUser({ login: 'nick', name: 'Zed Nickname' });
      github.org.addTeamMember(team.slug, 'zedekiah');
      github.org.addTeamMember(team.slug, 'nick');
      const stored = await readNow();
      const delta = await source.readRecords({ users: [], groups: [], memberships: [{ user: zed.node_id, group: team.node_id }] }, { signal, records: recordsOf(stored) });
      expect(delta.groups).toEqual({ upserted: [], deleted: [] }); // zed is not a member, and the store agrees

      github.org.addTeamMember(team.slug, 'zed');
      const joined = await source.readRecords({ users: [], groups: [], memberships: [{ user: zed.node_id, group: team.node_id }] }, { signal, records: recordsOf(stored) });
      expect(joined.groups.upserted.map(membersSorted)).toEqual([await freshTeam(team.slug)]);
    });

    it('reads the team whole when the search matches more members than a page holds and not the user', async () => {
      const team = github.org.createTeam({ name: 'Crowded' });
      for (let i = 0; i < 101; i++) {
        github.org.createUser({ login: `kai-${i}` });
        github.org.addTeamMember(team.slug, `kai-${i}`);
      }
      const kai = github.org.createUser({ login: 'kai' });
      const stored = await readNow();
      github.org.addTeamMember(team.slug, 'kai'); // last in GitHub's order: not on the search's first page of 100
      const before = graphqlRequests();
      const delta = await source.readRecords({ users: [], groups: [], memberships: [{ user: kai.node_id, group: team.node_id }] }, { signal, records: recordsOf(stored) });
      expect(graphqlRequests() - before).toBeGreaterThan(2); // the search, then the team's member pages
      expect(delta.groups.upserted.map(membersSorted)).toEqual([await freshTeam(team.slug)]);
    });

    it('reads a team the store does not hold whole, and deletes a team GitHub no longer has', async () => {
      const stored = await readNow();
      const created = github.org.createTeam({ name: 'Not Stored Yet' });
      const member = org().members[0].login;
      github.org.addTeamMember(created.slug, member);
      const gone = stored.groups.find(g => !stored.groups.some(c => c.parentIds?.includes(g.id)) && g.memberUserIds!.length > 0)!;
      github.org.deleteTeam(gone.name!);
      const delta = await source.readRecords(
        { users: [], groups: [], memberships: [{ user: userId(member), group: created.node_id }, { user: gone.memberUserIds![0], group: gone.id }] },
        { signal, records: recordsOf(stored) },
      );
      expect(delta.groups.upserted.map(membersSorted)).toEqual([await freshTeam(created.slug)]);
      expect(delta.groups.deleted).toEqual([gone.id]);
    });
  });

  it('throws, so nothing is applied, when GitHub fails', async () => {
    github.server.faults.add({ kind: 'status', status: 502, route: 'POST /api/graphql', count: 20 });
    try {
      await expect(source.readRecords({ users: [full.users[0].id], groups: [] }, { signal, records: recordsOf(full) })).rejects.toThrow();
    } finally {
      github.server.faults.clear();
    }
  });
});
