import type { EmulatorResponse, EmulatorServer, RouteHandler, EmulatorRequest } from '../core';
import type { GithubOrgHandle } from './orgHandle';
import { GithubAdminError } from './adminError';
import type { SamlIdentityInput } from './samlIdentities';

type Body = Record<string, unknown>;

function admin(handler: (req: EmulatorRequest, body: Body) => EmulatorResponse | unknown): RouteHandler {
  return req => {
    try {
      const result = handler(req, (req.body ?? {}) as Body);
      if (result && typeof result === 'object' && 'status' in result && typeof (result as EmulatorResponse).status === 'number') {
        return result as EmulatorResponse;
      }
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    } catch (error) {
      if (error instanceof GithubAdminError) return { status: error.status, body: { error: error.message } };
      throw error;
    }
  };
}

/** Admin API under `/__admin/github`: each route is one org-handle method (see docs/github.md). */
export function registerGithubAdminRoutes(server: EmulatorServer, org: GithubOrgHandle, info: () => unknown): void {
  const p = '/github';
  server.admin('GET', `${p}/info`, admin(() => info()));
  server.admin('GET', `${p}/state`, admin(() => org.snapshot()));

  server.admin('POST', `${p}/users`, admin((_req, body) => ({ status: 201, body: org.createUser(body as never) })));
  server.admin('PATCH', `${p}/users/:login`, admin((req, body) => org.updateUser(req.params.login, body)));
  server.admin('DELETE', `${p}/users/:login`, admin(req => org.deleteUser(req.params.login)));
  server.admin('POST', `${p}/users/:login/suspend`, admin(req => org.suspendUser(req.params.login)));
  server.admin('POST', `${p}/users/:login/unsuspend`, admin(req => org.unsuspendUser(req.params.login)));

  server.admin(
    'PUT',
    `${p}/orgs/:org/members/:login`,
    admin((req, body) => org.addOrgMember(req.params.login, (body.role as 'admin' | 'member') ?? 'member', req.params.org)),
  );
  server.admin('DELETE', `${p}/orgs/:org/members/:login`, admin(req => org.removeOrgMember(req.params.login, req.params.org)));

  server.admin('POST', `${p}/orgs/:org/teams`, admin((req, body) => ({ status: 201, body: org.createTeam(body as never, req.params.org) })));
  server.admin(
    'PATCH',
    `${p}/orgs/:org/teams/:slug`,
    admin((req, body) => {
      let slug = req.params.slug;
      let team;
      if (typeof body.name === 'string') {
        team = org.renameTeam(slug, body.name, req.params.org);
        slug = team.slug;
      }
      if ('parentSlug' in body) team = org.setTeamParent(slug, (body.parentSlug as string | null) ?? null, req.params.org);
      if (!team) throw new GithubAdminError(400, 'nothing to change: send name and/or parentSlug');
      return team;
    }),
  );
  server.admin('DELETE', `${p}/orgs/:org/teams/:slug`, admin(req => org.deleteTeam(req.params.slug, req.params.org)));
  server.admin(
    'PUT',
    `${p}/orgs/:org/teams/:slug/members/:login`,
    admin((req, body) =>
      org.addTeamMember(req.params.slug, req.params.login, (body.role as 'member' | 'maintainer') ?? 'member', req.params.org),
    ),
  );
  server.admin(
    'DELETE',
    `${p}/orgs/:org/teams/:slug/members/:login`,
    admin(req => org.removeTeamMember(req.params.slug, req.params.login, req.params.org)),
  );

  server.admin(
    'PUT',
    `${p}/orgs/:org/saml/identities/:login`,
    admin((req, body) => org.setSamlIdentity(req.params.login, body as unknown as SamlIdentityInput, req.params.org)),
  );
  server.admin('DELETE', `${p}/orgs/:org/saml/identities/:login`, admin(req => org.setSamlIdentity(req.params.login, null, req.params.org)));
  server.admin(
    'PUT',
    `${p}/orgs/:org/saml/readable`,
    admin((req, body) => {
      if (typeof body.readable !== 'boolean') throw new GithubAdminError(400, 'send {"readable": true|false}');
      org.setSamlReadable(body.readable, req.params.org);
      return { readable: body.readable };
    }),
  );

  server.admin(
    'PUT',
    `${p}/empty`,
    admin((_req, body) => {
      if (typeof body.empty !== 'boolean') throw new GithubAdminError(400, 'send {"empty": true|false}');
      org.setEmpty(body.empty);
      return { empty: body.empty };
    }),
  );
  server.admin('POST', `${p}/tokens/revoke`, admin(() => ({ revoked: org.revokeInstallationTokens() })));
}
