import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from '../core';
import type { OktaOrgHandle } from './orgHandle';
import { OktaAdminError } from './store';

type Body = Record<string, unknown>;

/** Runs an admin operation, answering its result as JSON (204 when undefined) or its failure as `{ error }`. */
function run(operation: (req: EmulatorRequest, body: Body) => unknown, okStatus = 200): (req: EmulatorRequest) => EmulatorResponse {
  return req => {
    try {
      const result = operation(req, (req.body ?? {}) as Body);
      return result === undefined ? { status: 204 } : { status: okStatus, body: result };
    } catch (error) {
      if (error instanceof OktaAdminError) return { status: error.status, body: { error: error.message } };
      throw error;
    }
  };
}

/** `/__admin/okta/...`: the same operations as the in-process `org` handle. */
export function installAdminRoutes(server: EmulatorServer, org: OktaOrgHandle): void {
  server.admin('GET', '/okta/fixture', run(() => org.fixture()));

  server.admin('POST', '/okta/users', run((_req, body) => org.createUser(body as never), 201));
  server.admin('POST', '/okta/users/:id/profile', run((req, body) => org.updateUserProfile(req.params.id, body)));
  server.admin('POST', '/okta/users/:id/rename', run((req, body) => org.renameUser(req.params.id, String(body.displayName))));
  server.admin('POST', '/okta/users/:id/status', run((req, body) => org.setUserStatus(req.params.id, body.status as never)));
  server.admin('POST', '/okta/users/:id/deactivate', run(req => org.deactivateUser(req.params.id)));
  server.admin('POST', '/okta/users/:id/suspend', run(req => org.suspendUser(req.params.id)));
  server.admin('POST', '/okta/users/:id/unsuspend', run(req => org.unsuspendUser(req.params.id)));
  server.admin('POST', '/okta/users/:id/activate', run(req => org.activateUser(req.params.id)));
  server.admin('POST', '/okta/users/:id/reactivate', run(req => org.reactivateUser(req.params.id)));
  server.admin('DELETE', '/okta/users/:id', run(req => org.deleteUser(req.params.id)));

  server.admin('POST', '/okta/groups', run((_req, body) => org.createGroup(body as never), 201));
  server.admin('POST', '/okta/groups/:id/profile', run((req, body) => org.updateGroupProfile(req.params.id, body as never)));
  server.admin('POST', '/okta/groups/:id/rename', run((req, body) => org.renameGroup(req.params.id, String(body.name))));
  server.admin('DELETE', '/okta/groups/:id', run(req => org.deleteGroup(req.params.id)));
  server.admin('PUT', '/okta/groups/:id/users/:userId', run(req => ({ added: org.addMember(req.params.id, req.params.userId) })));
  server.admin('DELETE', '/okta/groups/:id/users/:userId', run(req => ({ removed: org.removeMember(req.params.id, req.params.userId) })));

  server.admin('GET', '/okta/read-empty', run(() => ({ empty: org.isReadEmpty() })));
  server.admin('POST', '/okta/read-empty', run((_req, body) => ({ empty: org.setReadEmpty(body.empty !== false) })));
  server.admin('POST', '/okta/tokens/revoke', run(() => ({ revoked: org.revokeAccessTokens() })));
  server.admin('GET', '/okta/logs', run(() => org.logEvents()));
  server.admin('GET', '/okta/event-hook-deliveries', run(() => org.eventHookDeliveries()));
}
