import type { EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import { notFound, validationFailed } from '../errors';
import { apiRoute, paginate, pathOrg } from './pipeline';

const ROLES = new Set(['all', 'admin', 'member']);
const FILTERS = new Set(['all', '2fa_disabled', '2fa_insecure']);

/** `/orgs/{org}`, its members and memberships. */
export function registerOrgRoutes(server: EmulatorServer, ctx: GithubContext): void {
  const { store, shapes } = ctx;

  server.route(
    'GET',
    '/api/v3/orgs/:org',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const org = pathOrg(ctx, req);
      return org ? { status: 200, body: shapes.organizationFull(org) } : notFound();
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/members',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const org = pathOrg(ctx, req);
      if (!org) return notFound();
      const role = req.url.searchParams.get('role') ?? 'all';
      const filter = req.url.searchParams.get('filter') ?? 'all';
      if (!ROLES.has(role) || !FILTERS.has(filter)) return validationFailed('Validation Failed');
      // Every emulated member has two-factor authentication on, so the 2FA filters find nobody.
      const members = filter === 'all' ? store.members(org).filter(m => role === 'all' || m.role === role) : [];
      const { page, headers } = paginate(req, members);
      return { status: 200, headers, body: page.map(m => shapes.simpleUser(m.user)) };
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/members/:username',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const org = pathOrg(ctx, req);
      const member = org && store.members(org).some(m => m.user.login.toLowerCase() === req.params.username.toLowerCase());
      return member ? { status: 204 } : notFound();
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/memberships/:username',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const org = pathOrg(ctx, req);
      const found = org && store.members(org).find(m => m.user.login.toLowerCase() === req.params.username.toLowerCase());
      return org && found ? { status: 200, body: shapes.orgMembership(org, found.user, found.role) } : notFound();
    }),
  );
}
