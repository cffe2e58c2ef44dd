import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from '../core';
import type { AdDirectoryHandle } from './adminHandle';
import { AdAdminError } from './errors';
import type { AdLdapFault, AdLdapFaults } from './faults';
import type { AdLdapServer } from './ldapServer';

type Body = Record<string, unknown>;

function run(operation: (req: EmulatorRequest, body: Body) => unknown, okStatus = 200): (req: EmulatorRequest) => EmulatorResponse {
  return req => {
    try {
      const result = operation(req, (req.body ?? {}) as Body);
      return result === undefined ? { status: 204 } : { status: okStatus, body: result };
    } catch (error) {
      if (error instanceof AdAdminError) return { status: error.status, body: { error: error.message } };
      if (error instanceof Error) return { status: 400, body: { error: error.message } };
      throw error;
    }
  };
}

/** `/__admin/ad/...`: the directory handle, the LDAP faults and counters over HTTP. Objects are named by any reference (URL-encoded). */
export function installAdAdminRoutes(server: EmulatorServer, admin: AdDirectoryHandle, faults: AdLdapFaults, ldap: AdLdapServer): void {
  server.admin('GET', '/ad/users', run(() => admin.users()));
  server.admin('GET', '/ad/groups', run(() => admin.groups()));
  server.admin('GET', '/ad/objects/:ref', run(req => admin.find(req.params.ref) ?? { error: `no object ${req.params.ref}` }));
  server.admin('GET', '/ad/usn', run(() => ({ highestCommittedUSN: admin.highestCommittedUsn() })));
  server.admin('POST', '/ad/users', run((_req, body) => admin.createUser(body as never), 201));
  server.admin('POST', '/ad/groups', run((_req, body) => admin.createGroup(body as never), 201));
  server.admin('POST', '/ad/objects/:ref/attributes', run((req, body) => admin.updateAttributes(req.params.ref, body as never)));
  server.admin('POST', '/ad/objects/:ref/disable', run(req => admin.disableUser(req.params.ref)));
  server.admin('POST', '/ad/objects/:ref/enable', run(req => admin.enableUser(req.params.ref)));
  server.admin('POST', '/ad/objects/:ref/rename', run((req, body) => admin.rename(req.params.ref, String(body.cn))));
  server.admin('POST', '/ad/objects/:ref/move', run((req, body) => admin.move(req.params.ref, String(body.parentDn))));
  server.admin('DELETE', '/ad/objects/:ref', run(req => admin.delete(req.params.ref)));
  server.admin('PUT', '/ad/groups/:ref/members/:member', run(req => ({ added: admin.addMember(req.params.ref, req.params.member) })));
  server.admin('DELETE', '/ad/groups/:ref/members/:member', run(req => ({ removed: admin.removeMember(req.params.ref, req.params.member) })));

  server.admin('GET', '/ad/faults', run(() => faults.list()));
  server.admin('POST', '/ad/faults', run((_req, body) => faults.add(body as unknown as AdLdapFault), 201));
  server.admin('DELETE', '/ad/faults', run(() => faults.clear()));
  server.admin('DELETE', '/ad/faults/:id', run(req => (faults.remove(req.params.id) ? undefined : { removed: false })));
  server.admin('GET', '/ad/counters', run(() => ldap.counters()));
  server.admin('DELETE', '/ad/counters', run(() => ldap.resetCounters()));
}
