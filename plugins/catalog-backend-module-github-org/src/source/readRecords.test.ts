import { ConfigReader } from '@backstage/config';
import { startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import { CapturingLogger } from '@orgsync/test-utils';
import { GithubInstanceCredentials } from '../client/credentials';
import { readGithubOrgProviderConfig } from '../config';
import { integrationFor } from '../__testing__/harness';
import { recordsOf } from '../__testing__/recordReader';
import { GithubOrgSource } from './GithubOrgSource';
import { githubTeamRaw } from './githubRecords';
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

  it('throws, so nothing is applied, when GitHub fails', async () => {
    github.server.faults.add({ kind: 'status', status: 502, route: 'POST /api/graphql', count: 20 });
    try {
      await expect(source.readRecords({ users: [full.users[0].id], groups: [] }, { signal, records: recordsOf(full) })).rejects.toThrow();
    } finally {
      github.server.faults.clear();
    }
  });
});
