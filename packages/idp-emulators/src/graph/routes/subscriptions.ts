import type { GraphContext } from '../context';
import { graphRoute, ok } from '../graphRoute';

/**
 * `/v1.0/subscriptions`: create (after validating the notification URLs),
 * list, get, renew or move (PATCH), delete, and `reauthorize`.
 */
export function registerSubscriptionRoutes(ctx: GraphContext): void {
  const { subscriptions } = ctx;
  const entity = (body: object, status = 200) =>
    ok({ '@odata.context': `${ctx.server.baseUrl}/v1.0/$metadata#subscriptions/$entity`, ...body }, status);

  graphRoute(ctx, 'POST', '/subscriptions', async req => entity(await subscriptions.create(req.body), 201));
  graphRoute(ctx, 'GET', '/subscriptions', () => ok({ '@odata.context': `${ctx.server.baseUrl}/v1.0/$metadata#subscriptions`, value: subscriptions.list() }));
  graphRoute(ctx, 'GET', '/subscriptions/:id', req => entity(subscriptions.get(req.params.id)));
  graphRoute(ctx, 'PATCH', '/subscriptions/:id', async req => entity(await subscriptions.update(req.params.id, req.body)));
  graphRoute(ctx, 'DELETE', '/subscriptions/:id', req => {
    subscriptions.delete(req.params.id);
    return { status: 204 };
  });
  graphRoute(ctx, 'POST', '/subscriptions/:id/reauthorize', req => {
    subscriptions.reauthorize(req.params.id);
    return { status: 204 };
  });
}
