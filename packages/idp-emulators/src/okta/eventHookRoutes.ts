import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from '../core';
import { managementEndpoint, type OktaContext } from './endpoint';
import { oktaError, oktaErrors } from './errors';
import { EventHookError, type OktaEventHook } from './eventHooks';

const READ_SCOPE = 'okta.eventHooks.read';
const MANAGE_SCOPE = 'okta.eventHooks.manage';

/** `/api/v1/eventHooks`: create, list, get, delete, and the lifecycle operations (verify, activate, deactivate). */
export function installEventHookRoutes(server: EmulatorServer, ctx: OktaContext): void {
  const hooks = ctx.eventHooks;
  const route = (method: string, path: string, scope: string, handler: (req: EmulatorRequest) => unknown) =>
    server.route(method, path, managementEndpoint(ctx, 'eventHooks', scope, req => answer(ctx, () => handler(req))));

  route('POST', '/api/v1/eventHooks', MANAGE_SCOPE, req => hooks.create(req.body));
  route('GET', '/api/v1/eventHooks', READ_SCOPE, () => hooks.list());
  route('GET', '/api/v1/eventHooks/:id', READ_SCOPE, req => hooks.get(req.params.id));
  route('DELETE', '/api/v1/eventHooks/:id', MANAGE_SCOPE, req => hooks.delete(req.params.id));
  route('POST', '/api/v1/eventHooks/:id/lifecycle/verify', MANAGE_SCOPE, req => hooks.verify(req.params.id));
  route('POST', '/api/v1/eventHooks/:id/lifecycle/activate', MANAGE_SCOPE, req => hooks.setStatus(req.params.id, 'ACTIVE'));
  route('POST', '/api/v1/eventHooks/:id/lifecycle/deactivate', MANAGE_SCOPE, req => hooks.setStatus(req.params.id, 'INACTIVE'));
}

async function answer(ctx: OktaContext, operation: () => unknown): Promise<EmulatorResponse> {
  try {
    const result = await operation();
    if (result === undefined) return { status: 204 };
    const render = (hook: OktaEventHook) => withLinks(hook, ctx.baseUrl());
    return { status: 200, body: Array.isArray(result) ? result.map(render) : render(result as OktaEventHook) };
  } catch (error) {
    if (!(error instanceof EventHookError)) throw error;
    if (error.status === 404) return oktaError(404, 'E0000007', error.reason);
    if (error.status === 403) return oktaError(403, 'E0000006', error.reason);
    return oktaErrors.validation(error.reason);
  }
}

function withLinks(hook: OktaEventHook, baseUrl: string): OktaEventHook & { _links: Record<string, unknown> } {
  const self = `${baseUrl}/api/v1/eventHooks/${hook.id}`;
  const lifecycle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    ...hook,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      verify: { href: `${self}/lifecycle/verify`, hints: { allow: ['POST'] } },
      [lifecycle]: { href: `${self}/lifecycle/${lifecycle}`, hints: { allow: ['POST'] } },
    },
  };
}
