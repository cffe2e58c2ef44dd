import { generateOrg } from '../core';
import { bareClient } from './__fixtures__/clients';
import { startGithubEmulator, type GithubEmulator } from './index';

// The queries of @backstage/plugin-catalog-backend-module-github 0.14.0 (dist/lib/github.cjs.js), verbatim.
const USERS_QUERY = `
    query users($org: String!, $email: Boolean!, $cursor: String, $organizationMembersPageSize: Int!) {
      organization(login: $org) {
        membersWithRole(first: $organizationMembersPageSize, after: $cursor) {
          pageInfo { hasNextPage, endCursor }
          nodes {
            avatarUrl,
            bio,
            email @include(if: $email),
            id,
            login,
            name,
            suspendedAt,
            organizationVerifiedDomainEmails(login: $org)
          }
        }
      }
    }`;
const TEAMS_QUERY = `
    query teams($org: String!, $cursor: String, $teamsPageSize: Int!, $membersPageSize: Int!) {
      organization(login: $org) {
        teams(first: $teamsPageSize, after: $cursor) {
          pageInfo { hasNextPage, endCursor }
          nodes {
            slug
            combinedSlug
            name
            description
            avatarUrl
            editTeamUrl
            parentTeam { slug }
            members(first: $membersPageSize, membership: IMMEDIATE) {
              pageInfo { hasNextPage }
              nodes {
                avatarUrl,
                bio,
                email,
                id,
                login,
                name,
                organizationVerifiedDomainEmails(login: $org)
               }
            }
          }
        }
      }
    }`;
const TEAMS_FROM_USERS_QUERY = `
   query teams($org: String!, $cursor: String, $userLogins: [String!] = "", $teamsPageSize: Int!) {
  organization(login: $org) {
    teams(first: $teamsPageSize, after: $cursor, userLogins: $userLogins) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        slug
        combinedSlug
        name
        description
        avatarUrl
        editTeamUrl
        parentTeam {
          slug
        }
      }
    }
  }
}`;
const ORGS_OF_USER_QUERY = `
  query orgs($user: String!) {
    user(login: $user) {
      organizations(first: 100) {
        nodes { login }
        pageInfo { hasNextPage, endCursor }
      }
    }
  }`;
const TEAM_QUERY = `
  query teams($org: String!, $teamSlug: String!, $membersPageSize: Int!) {
      organization(login: $org) {
        team(slug:$teamSlug) {
            slug
            combinedSlug
            name
            description
            avatarUrl
            editTeamUrl
            parentTeam { slug }
            members(first: $membersPageSize, membership: IMMEDIATE) {
              pageInfo { hasNextPage }
              nodes { login }
            }
        }
      }
    }`;
const TEAM_MEMBERS_QUERY = `
    query members($org: String!, $teamSlug: String!, $cursor: String, $membersPageSize: Int!) {
      organization(login: $org) {
        team(slug: $teamSlug) {
          members(first: $membersPageSize, after: $cursor, membership: IMMEDIATE) {
            pageInfo { hasNextPage, endCursor }
            nodes { login }
          }
        }
      }
    }`;

/** What octokit.graphql rejects with when the answer carries `errors`. */
interface GraphqlFailure {
  name: string;
  errors: Array<{ type?: string; path?: string[]; message: string }>;
  headers: Record<string, string>;
}

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

async function readAll<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    cursor = page.pageInfo.endCursor!;
  }
}

type UserNode = { login: string; name: string | null; email?: string; suspendedAt: string | null; organizationVerifiedDomainEmails: string[] };
type TeamNode = { slug: string; combinedSlug: string; parentTeam: { slug: string } | null; members: Page<{ login: string }> };

// Reads use a bare Octokit: the throttling plugin spaces POSTs (GraphQL included) 1 s apart.
describe('GitHub emulator GraphQL with octokit.graphql on a 2,000-person org', () => {
  const generate = { seed: 5, users: 2000, groups: 150 };
  const people = generateOrg(generate).people;
  let emulator: GithubEmulator;

  beforeAll(async () => {
    emulator = await startGithubEmulator({ generate });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.server.faults.clear());

  it("reads every member with the Backstage github module's users query, 100 per page", async () => {
    const octokit = bareClient(emulator.info);
    const users = await readAll<UserNode>(async cursor => {
      const data = await octokit.graphql<{ organization: { membersWithRole: Page<UserNode> } }>(USERS_QUERY, {
        org: emulator.info.org,
        email: true,
        cursor,
        organizationMembersPageSize: 100,
      });
      return data.organization.membersWithRole;
    });
    const members = people.filter(p => p.status !== 'deprovisioned');
    expect(users).toHaveLength(members.length);
    expect(new Set(users.map(u => u.login)).size).toBe(members.length);
    expect(users.filter(u => u.suspendedAt).length).toBe(members.filter(p => p.status === 'suspended').length);
    const withPrivateEmail = users.find(u => u.email === '' && u.organizationVerifiedDomainEmails.length > 0);
    expect(withPrivateEmail?.organizationVerifiedDomainEmails[0]).toMatch(/@example\.com$/i);
    expect(users.find(u => u.email)?.email).toMatch(/@/);
  });

  it('reads every team with its immediate members, and the member lists match the REST direct memberships', async () => {
    const octokit = bareClient(emulator.info);
    const teams = await readAll<TeamNode>(async cursor => {
      const data = await octokit.graphql<{ organization: { teams: Page<TeamNode> } }>(TEAMS_QUERY, {
        org: emulator.info.org,
        cursor,
        teamsPageSize: 25,
        membersPageSize: 100,
      });
      return data.organization.teams;
    });
    expect(teams).toHaveLength(150);
    const fixture = emulator.org.snapshot().orgs[0];
    for (const team of teams) {
      expect(team.combinedSlug).toBe(`acme/${team.slug}`);
      expect(team.parentTeam?.slug ?? null).toBe(fixture.teams.find(t => t.slug === team.slug)!.parent_slug);
      expect(team.members.nodes.map(n => n.login).sort()).toEqual(fixture.team_members[team.slug].map(m => m.login).sort());
    }
  });

  it('answers the single-team, team-members, teams-for-users and orgs-of-user queries', async () => {
    const octokit = bareClient(emulator.info);
    const fixture = emulator.org.snapshot().orgs[0];
    const slug = Object.entries(fixture.team_members).sort((a, b) => b[1].length - a[1].length)[0][0];
    const direct = fixture.team_members[slug].map(m => m.login).sort();

    const single = await octokit.graphql<{ organization: { team: TeamNode } }>(TEAM_QUERY, { org: 'acme', teamSlug: slug, membersPageSize: 100 });
    expect(single.organization.team.members.nodes.map(n => n.login).sort()).toEqual(direct);

    const paged = await readAll<{ login: string }>(async cursor => {
      const data = await octokit.graphql<{ organization: { team: { members: Page<{ login: string }> } } }>(TEAM_MEMBERS_QUERY, {
        org: 'acme',
        teamSlug: slug,
        cursor,
        membersPageSize: 3,
      });
      return data.organization.team.members;
    });
    expect(paged.map(n => n.login).sort()).toEqual(direct);

    const login = direct[0];
    const forUser = await octokit.graphql<{ organization: { teams: Page<{ slug: string }> } }>(TEAMS_FROM_USERS_QUERY, {
      org: 'acme',
      userLogins: [login],
      teamsPageSize: 100,
    });
    const expectedTeams = Object.entries(fixture.team_members).filter(([, ms]) => ms.some(m => m.login === login)).map(([s]) => s);
    expect(forUser.organization.teams.nodes.map(t => t.slug).sort()).toEqual(expectedTeams.sort());

    const orgs = await octokit.graphql<{ user: { organizations: Page<{ login: string }> } }>(ORGS_OF_USER_QUERY, { user: login });
    expect(orgs.user.organizations.nodes).toEqual([{ login: 'acme' }]);
  });

  it('serves edges with roles, totalCount, rootTeamsOnly and membership: ALL', async () => {
    const octokit = bareClient(emulator.info);
    const data = await octokit.graphql<{
      organization: {
        membersWithRole: { totalCount: number; edges: { role: string; node: { databaseId: number; url: string } }[] };
        teams: { totalCount: number; nodes: { parentTeam: null; childTeams: { nodes: { slug: string }[] }; members: { totalCount: number } }[] };
      };
    }>(
      `query($org: String!) { organization(login: $org) {
          membersWithRole(first: 100) { totalCount edges { role node { databaseId url } } }
          teams(first: 100, rootTeamsOnly: true) { totalCount nodes { parentTeam { slug } childTeams(first: 100) { nodes { slug } } members(first: 1, membership: ALL) { totalCount } } }
      } }`,
      { org: 'acme' },
    );
    expect(data.organization.membersWithRole.totalCount).toBe(people.filter(p => p.status !== 'deprovisioned').length);
    expect(data.organization.membersWithRole.edges.some(e => e.role === 'ADMIN')).toBe(true);
    expect(data.organization.teams.nodes.every(t => t.parentTeam === null)).toBe(true);
    expect(data.organization.teams.totalCount).toBeLessThan(150);
  });

  it('refuses more than 100 records per page and queries that do not validate against the schema, with 200 and errors', async () => {
    const octokit = bareClient(emulator.info);
    const tooMany = await octokit.graphql<never>('query { organization(login: "acme") { membersWithRole(first: 101) { nodes { login } } } }').catch((e: GraphqlFailure) => e);
    expect(tooMany.name).toBe('GraphqlResponseError');
    expect(tooMany.errors[0]).toMatchObject({ type: 'EXCESSIVE_PAGINATION', path: ['organization', 'membersWithRole'] });
    expect(tooMany.errors[0].message).toBe('Requesting 101 records on the `membersWithRole` connection exceeds the `first` limit of 100 records.');

    const invalid = await fetch(emulator.info.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `bearer ${emulator.info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ organization(login: "acme") { noSuchField } }' }),
    });
    expect(invalid.status).toBe(200);
    const body = (await invalid.json()) as { data?: unknown; errors: { message: string }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/noSuchField/);

    const missing = await octokit.graphql<never>('query { organization(login: "nope") { login } }').catch((e: GraphqlFailure) => e);
    expect(missing.errors[0]).toMatchObject({ type: 'NOT_FOUND', message: "Could not resolve to an Organization with the login of 'nope'." });
  });

  it('nodes(ids:) resolves users and teams by node id; an id that resolves to nothing is null with a NOT_FOUND error at its path', async () => {
    const octokit = bareClient(emulator.info);
    const state = emulator.org.snapshot();
    const user = state.users.find(u => state.orgs[0].members.some(m => m.login === u.login))!;
    const team = state.orgs[0].teams[0];
    const gone = Buffer.from('04:User999999').toString('base64');
    const query = `query ($ids: [ID!]!, $org: String!) {
      nodes(ids: $ids) { __typename ... on User { id login member: organization(login: $org) { login } } ... on Team { id slug organization { login } } }
    }`;
    const failure = (await octokit.graphql<never>(query, { ids: [user.node_id, gone, team.node_id], org: emulator.info.org }).catch(e => e)) as GraphqlFailure & {
      data: { nodes: Array<Record<string, unknown> | null> };
    };
    expect(failure.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', path: ['nodes', 1], message: `Could not resolve to a node with the global id of '${gone}'` })]);
    expect(failure.data.nodes).toEqual([
      { __typename: 'User', id: user.node_id, login: user.login, member: { login: emulator.info.org } },
      null,
      { __typename: 'Team', id: team.node_id, slug: team.slug, organization: { login: emulator.info.org } },
    ]);
  });

  it('reports a spent GraphQL budget as errors[].type RATE_LIMITED', async () => {
    const small = await startGithubEmulator({ generate: { users: 5, groups: 1 }, rateLimit: { graphqlPerHour: 1 } });
    try {
      const octokit = bareClient(small.info);
      const ok = await octokit.graphql<{ rateLimit: { remaining: number; limit: number } }>('{ rateLimit { limit remaining } }');
      expect(ok.rateLimit).toEqual({ limit: 1, remaining: 0 });
      const limited = await octokit.graphql<never>('{ organization(login: "acme") { login } }').catch((e: GraphqlFailure) => e);
      expect(limited.errors[0].type).toBe('RATE_LIMITED');
      expect(limited.headers['x-ratelimit-remaining']).toBe('0');
      expect(limited.headers['x-ratelimit-resource']).toBe('graphql');
    } finally {
      await small.close();
    }
  });
});
