import type { EmulatorResponse, EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import { githubError, notFound } from '../errors';
import { GithubAdminError, type OrgRecord } from '../store';
import type { OrgHook } from '../webhooks';
import { apiRoute, paginate, pathOrg, type ApiCall } from './pipeline';

/** Org webhooks: `/orgs/{org}/hooks`, their pings, deliveries and redeliveries. Personal tokens only (the App has no `organization_hooks` permission). */
export function registerHookRoutes(server: EmulatorServer, ctx: GithubContext): void {
  const { webhooks } = ctx;
  const base = '/api/v3/orgs/:org/hooks';

  const withOrg = (handler: (call: ApiCall, org: OrgRecord) => EmulatorResponse) =>
    apiRoute(ctx, { auth: 'token' }, call => {
      if (call.identity.kind !== 'pat') return githubError(403, 'Resource not accessible by integration');
      const org = pathOrg(ctx, call.req);
      if (!org) return notFound();
      try {
        return handler(call, org);
      } catch (error) {
        if (error instanceof GithubAdminError) return githubError(error.status, error.message);
        throw error;
      }
    });
  const withHook = (handler: (call: ApiCall, org: OrgRecord, hook: OrgHook) => EmulatorResponse) =>
    withOrg((call, org) => {
      const hook = webhooks.hooks.get(org.login, Number(call.req.params.hook_id));
      return hook ? handler(call, org, hook) : notFound();
    });

  server.route(
    'GET',
    base,
    withOrg(({ req }, org) => {
      const { page, headers } = paginate(req, webhooks.hooks.list(org.login));
      return { status: 200, headers, body: page.map(h => webhooks.hookBody(org, h)) };
    }),
  );
  server.route(
    'POST',
    base,
    withOrg(({ req }, org) => {
      const hook = webhooks.hooks.create(org.login, (req.body ?? {}) as never);
      webhooks.ping(org, hook);
      return { status: 201, body: webhooks.hookBody(org, hook) };
    }),
  );
  server.route('GET', `${base}/:hook_id`, withHook((_call, org, hook) => ({ status: 200, body: webhooks.hookBody(org, hook) })));
  server.route(
    'PATCH',
    `${base}/:hook_id`,
    withHook(({ req }, org, hook) => ({ status: 200, body: webhooks.hookBody(org, webhooks.hooks.update(hook, (req.body ?? {}) as never)) })),
  );
  server.route(
    'DELETE',
    `${base}/:hook_id`,
    withHook((_call, _org, hook) => {
      webhooks.hooks.delete(hook);
      return { status: 204 };
    }),
  );
  server.route(
    'POST',
    `${base}/:hook_id/pings`,
    withHook((_call, org, hook) => {
      webhooks.ping(org, hook);
      return { status: 204 };
    }),
  );
  server.route(
    'GET',
    `${base}/:hook_id/deliveries`,
    withHook(({ req }, _org, hook) => {
      const newestFirst = webhooks.deliveries.list(hook.id).reverse();
      const { page, headers } = paginate(req, newestFirst);
      return {
        status: 200,
        headers,
        body: page.map(d => ({
          id: d.id,
          guid: d.guid,
          delivered_at: d.deliveredAt,
          redelivery: d.redelivery,
          duration: d.duration / 1000,
          status: d.status,
          status_code: d.statusCode,
          event: d.event,
          action: d.action,
          installation_id: null,
          repository_id: null,
        })),
      };
    }),
  );
  server.route(
    'POST',
    `${base}/:hook_id/deliveries/:delivery_id/attempts`,
    withHook(({ req }, _org, hook) => {
      const delivery = webhooks.deliveries.get(Number(req.params.delivery_id));
      if (!delivery || delivery.hookId !== hook.id) return notFound();
      webhooks.deliveries.redeliver(delivery.id);
      return { status: 202, body: {} };
    }),
  );
}
