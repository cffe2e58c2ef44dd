import type { EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import { githubError, notFound } from '../errors';
import { apiRoute } from './pipeline';

/** `/users/{login}` and `/user`. */
export function registerUserRoutes(server: EmulatorServer, ctx: GithubContext): void {
  const { store, shapes } = ctx;

  server.route(
    'GET',
    '/api/v3/users/:username',
    apiRoute(ctx, { auth: 'token' }, ({ req }) => {
      const user = store.user(req.params.username);
      return user ? { status: 200, body: shapes.publicUser(user) } : notFound();
    }),
  );

  server.route(
    'GET',
    '/api/v3/user',
    apiRoute(ctx, { auth: 'token' }, ({ identity }) => {
      if (identity.kind !== 'pat') return githubError(403, 'Resource not accessible by integration');
      return { status: 200, body: shapes.publicUser(patOwner(ctx)) };
    }),
  );
}

/** The site admin the personal access token belongs to (not a member of any org). */
export function patOwner(ctx: GithubContext) {
  const login = ctx.credentials.patOwner;
  return (
    ctx.store.user(login) ?? {
      login,
      id: 1,
      node_id: Buffer.from('04:User1').toString('base64'),
      name: 'GHE Admin',
      email: null,
      company: null,
      location: null,
      bio: null,
      blog: '',
      site_admin: true,
      created_at: '2019-01-01T00:00:00Z',
      updated_at: '2019-01-01T00:00:00Z',
      suspended_at: null,
      verified_emails: [],
    }
  );
}
