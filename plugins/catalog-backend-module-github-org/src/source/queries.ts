/**
 * The GraphQL reads. Users come with every profile field in the member pages
 * (never one request per user); teams come with their parent and the first
 * page of IMMEDIATE members; longer member lists are paged per team.
 */
export function membersQuery(options: { suspendedAt: boolean }): string {
  return `
query orgSyncMembers($org: String!, $cursor: String, $pageSize: Int!, $email: Boolean!, $verified: Boolean!) {
  organization(login: $org) {
    membersWithRole(first: $pageSize, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        login
        name
        bio
        avatarUrl
        email @include(if: $email)
        organizationVerifiedDomainEmails(login: $org) @include(if: $verified)
        ${options.suspendedAt ? 'suspendedAt' : ''}
      }
    }
  }
}`;
}

export const TEAMS_QUERY = `
query orgSyncTeams($org: String!, $cursor: String, $pageSize: Int!, $membersPageSize: Int!) {
  organization(login: $org) {
    teams(first: $pageSize, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        slug
        combinedSlug
        name
        description
        avatarUrl
        editTeamUrl
        parentTeam { id slug }
        members(first: $membersPageSize, membership: IMMEDIATE) {
          pageInfo { hasNextPage endCursor }
          nodes { id login }
        }
      }
    }
  }
}`;

export const TEAM_MEMBERS_QUERY = `
query orgSyncTeamMembers($org: String!, $slug: String!, $cursor: String, $pageSize: Int!) {
  organization(login: $org) {
    team(slug: $slug) {
      members(first: $pageSize, after: $cursor, membership: IMMEDIATE) {
        pageInfo { hasNextPage endCursor }
        nodes { id login }
      }
    }
  }
}`;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface MemberNode {
  id: string;
  login: string;
  name?: string | null;
  bio?: string | null;
  avatarUrl?: string | null;
  email?: string | null;
  organizationVerifiedDomainEmails?: string[] | null;
  suspendedAt?: string | null;
}

export interface TeamMemberNode {
  id: string;
  login: string;
}

export interface TeamNode {
  id: string;
  slug: string;
  combinedSlug: string;
  name?: string | null;
  description?: string | null;
  avatarUrl?: string | null;
  editTeamUrl?: string | null;
  parentTeam?: { id: string; slug: string } | null;
  members: { pageInfo: PageInfo; nodes: TeamMemberNode[] };
}

export interface MembersResponse {
  organization: { membersWithRole: { pageInfo: PageInfo; nodes: MemberNode[] } } | null;
}
export interface TeamsResponse {
  organization: { teams: { pageInfo: PageInfo; nodes: TeamNode[] } } | null;
}
export interface TeamMembersResponse {
  organization: { team: { members: { pageInfo: PageInfo; nodes: TeamMemberNode[] } } | null } | null;
}

/**
 * Users by node id, with the same profile fields as the member pages.
 * `memberOf` (an alias: Team also has `organization`) is null when the user
 * is not a member of `$org`.
 */
export function userNodesQuery(options: { suspendedAt: boolean }): string {
  return `
query orgSyncUserNodes($ids: [ID!]!, $org: String!, $email: Boolean!, $verified: Boolean!) {
  nodes(ids: $ids) {
    ... on User {
      id
      login
      name
      bio
      avatarUrl
      email @include(if: $email)
      organizationVerifiedDomainEmails(login: $org) @include(if: $verified)
      ${options.suspendedAt ? 'suspendedAt' : ''}
      memberOf: organization(login: $org) { id }
    }
  }
}`;
}

/** Teams by node id, with the same fields as the teams pages and the org they belong to. */
export const TEAM_NODES_QUERY = `
query orgSyncTeamNodes($ids: [ID!]!, $membersPageSize: Int!) {
  nodes(ids: $ids) {
    ... on Team {
      id
      slug
      combinedSlug
      name
      description
      avatarUrl
      editTeamUrl
      parentTeam { id slug }
      organization { login }
      members(first: $membersPageSize, membership: IMMEDIATE) {
        pageInfo { hasNextPage endCursor }
        nodes { id login }
      }
    }
  }
}`;

export interface UserNodesResponse {
  nodes: Array<(MemberNode & { memberOf?: { id: string } | null }) | Record<string, never> | null>;
}
export interface TeamNodesResponse {
  nodes: Array<(TeamNode & { organization: { login: string } }) | Record<string, never> | null>;
}

/**
 * The org's SAML external identities of members (identity linking). GitHub
 * shows `samlIdentityProvider` to org owners' tokens with `read:org` and to
 * Apps with `members` read; it is null when the org has no SAML SSO.
 */
export const SAML_IDENTITIES_QUERY = `
query orgSyncSamlIdentities($org: String!, $cursor: String, $pageSize: Int!) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: $pageSize, after: $cursor, membersOnly: true) {
        pageInfo { hasNextPage endCursor }
        nodes { samlIdentity { nameId username } user { id } }
      }
    }
  }
}`;

/**
 * The SAML identities of named members, one aliased `externalIdentities(login:)`
 * per login (`i0`, `i1`, ...): one query for a batch of re-read users. GitHub
 * links an account to at most one identity per org.
 */
export function samlIdentitiesOfQuery(count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return `
query orgSyncSamlIdentitiesOf($org: String!, ${indexes.map(i => `$l${i}: String!`).join(', ')}) {
  organization(login: $org) {
    samlIdentityProvider {
      ${indexes.map(i => `i${i}: externalIdentities(first: 1, login: $l${i}, membersOnly: true) { nodes { samlIdentity { nameId username } user { id } } }`).join('\n      ')}
    }
  }
}`;
}

export interface SamlIdentityNode {
  samlIdentity: { nameId?: string | null; username?: string | null } | null;
  user: { id: string } | null;
}

export interface SamlIdentitiesResponse {
  organization: { samlIdentityProvider: { externalIdentities: { pageInfo: PageInfo; nodes: SamlIdentityNode[] } } | null } | null;
}

export interface SamlIdentitiesOfResponse {
  organization: { samlIdentityProvider: Record<string, { nodes: SamlIdentityNode[] }> | null } | null;
}

/**
 * Whether users are immediate members of teams: per pair, the team by node id
 * (`m0`, `m1`, ...) with its members searched for the user's login. GraphQL has
 * no membership lookup by id; the search matches logins and names, so the
 * answer is whether the user's id is among the matches.
 */
export function teamMembershipsQuery(count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return `
query orgSyncTeamMemberships(${indexes.map(i => `$t${i}: ID!, $l${i}: String!`).join(', ')}) {
  ${indexes
    .map(i => `m${i}: node(id: $t${i}) { ... on Team { id members(first: 100, query: $l${i}, membership: IMMEDIATE) { pageInfo { hasNextPage endCursor } nodes { id } } } }`)
    .join('\n  ')}
}`;
}

export type TeamMembershipsResponse = Record<string, { id?: string; members?: { pageInfo: PageInfo; nodes: Array<{ id: string }> } } | null>;
