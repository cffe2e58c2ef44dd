import express, { type Request } from 'express';
import type { OperableProvider } from './OperableProvider';
import { acceptRoute } from './routes/acceptRoute';
import { callers } from './routes/callers';
import { dryRunRoute } from './routes/dryRunRoute';
import { explainRoute } from './routes/explainRoute';
import { errorHandler, HttpError } from './routes/httpErrors';
import { ownershipRoute } from './routes/ownershipRoute';
import { providerRoute, providersRoute } from './routes/providersRoute';
import { route, type OperationsRouterOptions, type RouteContext } from './routes/routeContext';
import { runsRoute } from './routes/runsRoute';
import { triggerRoute } from './routes/triggerRoute';

/** Where the operations API lives under the catalog's base path (`/api/catalog/org-sync/…`). */
export const OPERATIONS_PATH = '/org-sync';

/** The operations API: status, run history, dry runs, triggering, accepting held plans, explain and ownership. */
export function createOperationsRouter(options: OperationsRouterOptions): express.Router {
  const context: RouteContext = {
    ...options,
    callers: callers(options.httpAuth, options.permissions),
    provider: req => providerNamed(options.providers(), req),
  };
  const router = express.Router();
  // Only on our own routes: the push receivers under /org-sync/<idp>/<id> need their bodies raw (signatures).
  const json = express.json({ limit: '16kb' });
  router.get('/providers', route(providersRoute(context)));
  router.get('/providers/:name', route(providerRoute(context)));
  router.get('/providers/:name/runs', route(runsRoute(context)));
  router.post('/providers/:name/dry-run', route(dryRunRoute(context)));
  router.post('/providers/:name/run', route(triggerRoute(context)));
  router.post('/providers/:name/accept', json, route(acceptRoute(context)));
  router.get('/explain', route(explainRoute(context)));
  router.get('/ownership', route(ownershipRoute(context)));
  router.use(errorHandler(options.logger));
  return router;
}

function providerNamed(providers: OperableProvider[], req: Request): OperableProvider {
  const name = String(req.params.name);
  const found = providers.find(p => p.getProviderName() === name);
  if (!found) throw new HttpError(404, `no org sync provider named "${name}" (GET ${OPERATIONS_PATH}/providers lists them)`);
  return found;
}
