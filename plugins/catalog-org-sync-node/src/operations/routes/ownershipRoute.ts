import { ownershipLeftBehind } from '../ownership';
import type { RouteContext, RouteHandler } from './routeContext';

/** GET /ownership: users and groups no provider emits any more, and the catalog entities that still name them. */
export function ownershipRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    const credentials = await context.callers.reader(req);
    const leavers = await ownershipLeftBehind(
      context.providers().map(p => p.getProviderName()),
      context.queries,
      context.history,
      context.catalog,
      credentials,
    );
    res.json({ items: leavers });
  };
}
