import type { GithubContext } from '../context';
import type { GithubIdentity } from '../credentials';
import type { GithubUser } from '../fixture';
import { decodeNodeId } from '../ids';
import { patOwner } from '../rest/userRoutes';
import type { OrgRecord, TeamRecord } from '../store';
import { connection, idKey, typedError, type ConnectionArgs } from './connection';
import { samlIdentityProviderView } from './identityProvider';

/**
 * Root value for GitHub's schema. Objects expose fields as plain values or as
 * functions `(args) => value`, which graphql-js's default resolver calls.
 * Fields not modelled here resolve to null (an error when non-null).
 */
export function rootValue(ctx: GithubContext, identity: GithubIdentity, graphqlRate: () => Record<string, unknown>) {
  const { store, shapes } = ctx;
  const web = shapes.web;

  const visibleOrg = (login: string): OrgRecord | undefined => {
    const org = store.org(login);
    if (!org) return undefined;
    if (identity.kind === 'installation' && identity.org.toLowerCase() !== org.login.toLowerCase()) return undefined;
    return org;
  };

  const userView = (user: GithubUser): Record<string, unknown> => ({
    __typename: 'User',
    login: user.login,
    name: user.name,
    email: user.email ?? '',
    avatarUrl: shapes.avatarUrl(user),
    bio: user.bio,
    company: user.company,
    location: user.location,
    databaseId: user.id,
    id: user.node_id,
    url: `${web}/${encodeURIComponent(user.login)}`,
    resourcePath: `/${encodeURIComponent(user.login)}`,
    websiteUrl: user.blog || null,
    twitterUsername: null,
    isSiteAdmin: user.site_admin,
    createdAt: user.created_at,
    updatedAt: user.updated_at,
    suspendedAt: user.suspended_at,
    organizationVerifiedDomainEmails: ({ login }: { login: string }) => {
      const org = store.org(login);
      if (!org || !org.members.has(user.login.toLowerCase())) return [];
      const domains = new Set(org.verified_domains.map(d => d.toLowerCase()));
      return user.verified_emails.filter(email => domains.has(email.split('@').pop()!.toLowerCase()));
    },
    organizations: (args: ConnectionArgs) =>
      connection('organizations', store.orgsOf(user), org => idKey(org.id), args, org => ({ node: orgView(org) })),
    organization: ({ login }: { login: string }) => {
      const org = visibleOrg(login);
      return org && org.members.has(user.login.toLowerCase()) ? orgView(org) : null;
    },
  });

  const teamView = (org: OrgRecord, team: TeamRecord): Record<string, unknown> => ({
    __typename: 'Team',
    slug: team.slug,
    name: team.name,
    combinedSlug: `${org.login}/${team.slug}`,
    description: team.description,
    databaseId: team.id,
    id: team.node_id,
    avatarUrl: `${web}/avatars/t/${team.id}`,
    url: `${web}/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}`,
    resourcePath: `/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}`,
    editTeamUrl: `${web}/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}/edit`,
    membersUrl: `${web}/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}/members`,
    privacy: team.privacy === 'secret' ? 'SECRET' : 'VISIBLE',
    notificationSetting: team.notification_setting === 'notifications_enabled' ? 'NOTIFICATIONS_ENABLED' : 'NOTIFICATIONS_DISABLED',
    createdAt: team.created_at,
    updatedAt: team.updated_at,
    organization: () => orgView(org),
    parentTeam: () => {
      const parent = team.parentId === null ? undefined : org.teams.get(team.parentId);
      return parent ? teamView(org, parent) : null;
    },
    ancestors: (args: ConnectionArgs) =>
      connection('ancestors', store.ancestors(org, team), t => idKey(t.id), args, t => ({ node: teamView(org, t) })),
    childTeams: (args: ConnectionArgs & { immediateOnly?: boolean | null; userLogins?: string[] | null }) => {
      let teams = args.immediateOnly === false ? store.descendants(org, team) : store.children(org, team);
      if (args.userLogins?.length) teams = withAnyMember(org, teams, args.userLogins);
      return connection('childTeams', teams, teamKey, args, t => ({ node: teamView(org, t) }));
    },
    members: (args: ConnectionArgs & { membership?: string | null; role?: string | null; query?: string | null }) => {
      const membership = args.membership === 'IMMEDIATE' ? 'immediate' : args.membership === 'CHILD_TEAM' ? 'childTeams' : 'all';
      let members = store.teamMembers(org, team, membership);
      if (args.role) members = members.filter(m => m.role.toUpperCase() === args.role);
      if (args.query) members = members.filter(m => matchesUser(m.user, args.query!));
      return connection('members', members, m => idKey(m.user.id), args, m => ({
        node: userView(m.user),
        role: m.role === 'maintainer' ? 'MAINTAINER' : 'MEMBER',
        memberAccessResourcePath: `/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}/members`,
        memberAccessUrl: `${web}/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}/members`,
      }));
    },
  });

  const orgView = (org: OrgRecord): Record<string, unknown> => ({
    __typename: 'Organization',
    login: org.login,
    name: org.name,
    description: org.description,
    email: org.email,
    id: org.node_id,
    databaseId: org.id,
    url: `${web}/${encodeURIComponent(org.login)}`,
    resourcePath: `/${encodeURIComponent(org.login)}`,
    avatarUrl: `${web}/avatars/o/${org.id}`,
    createdAt: org.created_at,
    updatedAt: org.updated_at,
    isVerified: org.verified_domains.length > 0,
    membersWithRole: (args: ConnectionArgs) =>
      connection('membersWithRole', store.members(org), m => idKey(m.user.id), args, m => ({
        node: userView(m.user),
        role: m.role === 'admin' ? 'ADMIN' : 'MEMBER',
        hasTwoFactorEnabled: true,
      })),
    teams: (
      args: ConnectionArgs & {
        userLogins?: string[] | null;
        rootTeamsOnly?: boolean | null;
        query?: string | null;
        privacy?: string | null;
        orderBy?: { direction?: string } | null;
      },
    ) => {
      let teams = store.teams(org);
      if (args.rootTeamsOnly) teams = teams.filter(t => t.parentId === null);
      if (args.privacy) teams = teams.filter(t => (t.privacy === 'secret' ? 'SECRET' : 'VISIBLE') === args.privacy);
      if (args.query) {
        const q = args.query.toLowerCase();
        teams = teams.filter(t => t.name.toLowerCase().includes(q) || t.slug.includes(q));
      }
      if (args.userLogins?.length) teams = withAnyMember(org, teams, args.userLogins);
      return connection('teams', teams, teamKey, args, t => ({ node: teamView(org, t) }), args.orderBy?.direction === 'DESC');
    },
    team: ({ slug }: { slug: string }) => {
      const team = store.team(org, slug);
      return team ? teamView(org, team) : null;
    },
    samlIdentityProvider: () => samlIdentityProviderView(org, { store, identity, userView, orgView }),
  });

  const withAnyMember = (org: OrgRecord, teams: TeamRecord[], logins: string[]) => {
    const wanted = new Set(logins.map(l => l.toLowerCase()));
    return teams.filter(t => [...(org.teamMembers.get(t.id)?.keys() ?? [])].some(login => wanted.has(login)));
  };

  const nodeById = (id: string) => {
    const decoded = decodeNodeId(id);
    if (decoded?.type === 'User') {
      const user = store.userById(decoded.id);
      if (user) return userView(user);
    }
    for (const org of store.orgs.values()) {
      if (decoded?.type === 'Organization' && org.id === decoded.id && visibleOrg(org.login)) return orgView(org);
      const team = decoded?.type === 'Team' && !store.empty ? org.teams.get(decoded.id) : undefined;
      if (team && visibleOrg(org.login)) return teamView(org, team);
    }
    return null;
  };

  return {
    organization: ({ login }: { login: string }) => {
      const org = visibleOrg(login);
      if (!org) throw typedError('NOT_FOUND', `Could not resolve to an Organization with the login of '${login}'.`);
      return orgView(org);
    },
    user: ({ login }: { login: string }) => {
      const user = store.user(login);
      if (!user) throw typedError('NOT_FOUND', `Could not resolve to a User with the login of '${login}'.`);
      return userView(user);
    },
    viewer: () => {
      if (identity.kind !== 'pat') throw typedError('FORBIDDEN', 'Resource not accessible by integration');
      return userView(patOwner(ctx));
    },
    rateLimit: () => graphqlRate(),
    // As on GitHub: an id that resolves to nothing is null plus a NOT_FOUND error at its path.
    node: ({ id }: { id: string }) => nodeById(id) ?? unresolvedNode(id),
    nodes: ({ ids }: { ids: string[] }) => ids.map(id => nodeById(id) ?? unresolvedNode(id)),
  };
}

/** graphql-js turns a returned error into a located field error, and the nullable node into null. */
const unresolvedNode = (id: string) => typedError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);

const teamKey = (team: TeamRecord) => `${team.name.toLowerCase()}\u0000${idKey(team.id)}`;

function matchesUser(user: GithubUser, query: string): boolean {
  const q = query.toLowerCase();
  return user.login.toLowerCase().includes(q) || (user.name ?? '').toLowerCase().includes(q);
}
