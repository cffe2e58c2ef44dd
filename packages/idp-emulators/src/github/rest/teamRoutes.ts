import type { EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import { notFound, validationFailed } from '../errors';
import { apiRoute, paginate, pathOrg } from './pipeline';

const TEAM_ROLES = new Set(['all', 'member', 'maintainer']);

/** `/orgs/{org}/teams` and everything under a team slug. */
export function registerTeamRoutes(server: EmulatorServer, ctx: GithubContext): void {
  const { store, shapes } = ctx;
  const teamOf = (org: string, slug: string) => {
    const record = store.org(org);
    const team = record && store.team(record, slug);
    return record && team ? { org: record, team } : undefined;
  };

  server.route(
    'GET',
    '/api/v3/orgs/:org/teams',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const org = pathOrg(ctx, req);
      if (!org) return notFound();
      const { page, headers } = paginate(req, store.teams(org));
      return { status: 200, headers, body: page.map(team => shapes.team(org, team)) };
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/teams/:slug',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const found = teamOf(req.params.org, req.params.slug);
      return found ? { status: 200, body: shapes.teamFull(found.org, found.team) } : notFound();
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/teams/:slug/members',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const found = teamOf(req.params.org, req.params.slug);
      if (!found) return notFound();
      const role = req.url.searchParams.get('role') ?? 'all';
      if (!TEAM_ROLES.has(role)) return validationFailed('Validation Failed');
      // "Team members will include the members of child teams", each with its role and `inherited`.
      const members = store.teamMembers(found.org, found.team, 'all').filter(m => role === 'all' || m.role === role);
      const { page, headers } = paginate(req, members);
      return { status: 200, headers, body: page.map(m => shapes.teamMember(m.user, m.role, m.inherited)) };
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/teams/:slug/memberships/:username',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const found = teamOf(req.params.org, req.params.slug);
      if (!found) return notFound();
      const member = store
        .teamMembers(found.org, found.team, 'all')
        .find(m => m.user.login.toLowerCase() === req.params.username.toLowerCase());
      if (!member) return notFound();
      return {
        status: 200,
        body: {
          url: `${shapes.api}/organizations/${found.org.id}/team/${found.team.id}/memberships/${encodeURIComponent(member.user.login)}`,
          role: member.role,
          state: 'active',
        },
      };
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/teams/:slug/teams',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const found = teamOf(req.params.org, req.params.slug);
      if (!found) return notFound();
      const { page, headers } = paginate(req, store.children(found.org, found.team));
      return { status: 200, headers, body: page.map(team => shapes.team(found.org, team)) };
    }),
  );
}
