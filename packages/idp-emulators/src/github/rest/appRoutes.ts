import type { EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import { notFound } from '../errors';
import { INSTALLATION_PERMISSIONS } from '../shapes';
import { apiRoute, paginate } from './pipeline';

/** The GitHub App endpoints `@octokit/auth-app` and `@backstage/integration` call. */
export function registerAppRoutes(server: EmulatorServer, ctx: GithubContext): void {
  const { store, shapes, credentials } = ctx;
  const installation = (org: Parameters<typeof shapes.installation>[0]) =>
    shapes.installation(org, credentials.appId, credentials.appSlug, credentials.clientId);
  const byId = (id: string) => [...store.orgs.values()].find(org => String(org.installation_id) === id);

  server.route(
    'GET',
    '/api/v3/app/installations',
    apiRoute(ctx, { auth: 'app' }, ({ req }) => {
      const { page, headers } = paginate(req, [...store.orgs.values()].sort((a, b) => a.installation_id - b.installation_id));
      return { status: 200, headers, body: page.map(installation) };
    }),
  );

  server.route(
    'GET',
    '/api/v3/app/installations/:id',
    apiRoute(ctx, { auth: 'app' }, ({ req }) => {
      const org = byId(req.params.id);
      return org ? { status: 200, body: installation(org) } : notFound();
    }),
  );

  server.route(
    'GET',
    '/api/v3/orgs/:org/installation',
    apiRoute(ctx, { auth: 'app' }, ({ req }) => {
      const org = store.org(req.params.org);
      return org ? { status: 200, body: installation(org) } : notFound();
    }),
  );

  server.route(
    'POST',
    '/api/v3/app/installations/:id/access_tokens',
    apiRoute(ctx, { auth: 'app' }, ({ req }) => {
      const org = byId(req.params.id);
      if (!org) return notFound();
      const issued = credentials.issueInstallationToken(org.installation_id, org.login);
      return { status: 201, body: { ...issued, permissions: INSTALLATION_PERMISSIONS, repository_selection: 'all' } };
    }),
  );

  server.route(
    'GET',
    '/api/v3/installation/repositories',
    apiRoute(ctx, { auth: 'token' }, () => ({ status: 200, body: { total_count: 0, repository_selection: 'all', repositories: [] } })),
  );
}
