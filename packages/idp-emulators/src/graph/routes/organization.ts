import type { GraphContext } from '../context';
import { graphRoute, ok } from '../graphRoute';
import { contextUrl } from '../odata';

export function registerOrganizationRoutes(ctx: GraphContext): void {
  graphRoute(ctx, 'GET', '/organization', () =>
    ok({ '@odata.context': contextUrl(ctx.server.baseUrl, 'organization'), value: [structuredClone(ctx.store.organization)] }),
  );
  graphRoute(ctx, 'GET', '/organization/:id', req => {
    if (req.params.id !== ctx.store.organization.id) {
      return ok({ error: { code: 'Request_ResourceNotFound', message: `Resource '${req.params.id}' does not exist.` } }, 404);
    }
    return ok({ '@odata.context': `${contextUrl(ctx.server.baseUrl, 'organization')}/$entity`, ...structuredClone(ctx.store.organization) });
  });
}
