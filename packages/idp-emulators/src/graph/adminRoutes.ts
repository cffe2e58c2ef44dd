import type { EmulatorRequest } from '../core';
import type { GraphContext } from './context';
import { GraphError } from './errors';
import type { GraphGroup, GraphPhoto, GraphUser } from './fixture';
import type { GraphOrgHandle } from './orgHandle';

/** `/__admin/graph/...`: change the tenant between syncs (see docs/graph.md). */
export function registerGraphAdminRoutes(ctx: GraphContext, org: GraphOrgHandle): void {
  const admin = (method: string, pattern: string, action: (req: EmulatorRequest) => unknown, status = 200) =>
    ctx.server.admin(method, `/graph${pattern}`, req => {
      try {
        const result = action(req);
        return result === undefined ? { status: 204 } : { status, body: result };
      } catch (error) {
        if (error instanceof GraphError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
        return { status: 400, body: { error: { code: 'BadRequest', message: (error as Error).message } } };
      }
    });
  const body = <T>(req: EmulatorRequest): T => (req.body ?? {}) as T;
  const permanent = (req: EmulatorRequest) => ({ permanent: req.url.searchParams.get('permanent') === 'true' });

  admin('GET', '/state', () => ({
    users: org.users().length,
    groups: org.groups().length,
    version: ctx.store.version,
    empty: ctx.store.empty,
    deltaGeneration: ctx.deltaGeneration,
  }));
  admin('GET', '/fixture', () => org.fixture());

  admin('POST', '/users', req => requireName(org.createUser, body<Partial<GraphUser>>(req)), 201);
  admin('PATCH', '/users/:id', req => org.updateUser(req.params.id, body<Partial<GraphUser>>(req)));
  admin('POST', '/users/:id/disable', req => org.disableUser(req.params.id));
  admin('POST', '/users/:id/enable', req => org.enableUser(req.params.id));
  admin('DELETE', '/users/:id', req => org.deleteUser(req.params.id, permanent(req)));
  admin('PUT', '/users/:id/photo', req => org.setPhoto(req.params.id, body<GraphPhoto>(req)));
  admin('DELETE', '/users/:id/photo', req => org.setPhoto(req.params.id, null));

  admin(
    'POST',
    '/groups',
    req => {
      const { memberIds, ...group } = body<Partial<GraphGroup> & { memberIds?: string[] }>(req);
      return requireName(input => org.createGroup(input, memberIds), group);
    },
    201,
  );
  admin('PATCH', '/groups/:id', req => org.updateGroup(req.params.id, body<Partial<GraphGroup>>(req)));
  admin('DELETE', '/groups/:id', req => org.deleteGroup(req.params.id, permanent(req)));
  admin('POST', '/groups/:id/members', req => org.addMember(req.params.id, body<{ id: string }>(req).id));
  admin('DELETE', '/groups/:id/members/:memberId', req => org.removeMember(req.params.id, req.params.memberId));

  admin('POST', '/empty', req => {
    org.setEmpty(body<{ empty?: boolean }>(req).empty !== false);
    return { empty: ctx.store.empty };
  });
  admin('POST', '/tokens/revoke', () => ({ revoked: org.revokeTokens() }));
  admin('POST', '/delta/expire', () => {
    org.expireDeltaTokens();
    return { deltaGeneration: ctx.deltaGeneration };
  });
}

function requireName<T extends { displayName?: unknown }, R>(create: (input: T & { displayName: string }) => R, input: T): R {
  if (typeof input.displayName !== 'string' || !input.displayName) throw new GraphError(400, 'Request_BadRequest', 'displayName is required.');
  return create(input as T & { displayName: string });
}

