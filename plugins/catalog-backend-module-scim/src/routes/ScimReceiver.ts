import type { OrgBodyRefusalFormatter, OrgChangeReceiver, OrgChangeRouteContext } from '@orgsync/plugin-catalog-org-sync-node';
import { Router, type RequestHandler } from 'express';
import { groupResourceType, ScimError, userResourceType } from '../protocol';
import type { ScimResourceStore } from '../store/ScimResourceStore';
import { bearerAuth } from './bearerAuth';
import { HintBatcher } from './hintBatcher';
import { addDiscoveryRoutes } from './discoveryRoutes';
import { addResourceRoutes, type ScimHandler } from './resourceRoutes';
import { scimErrorText, sendScim, sendScimError } from './scimResponses';

const ORIGIN = 'SCIM';

export interface ScimReceiverOptions {
  providerName: string;
  tokens: readonly string[];
  requestsPerMinute: number;
  store: ScimResourceStore;
}

/**
 * The SCIM service provider of one configured id, mounted by the engine as the provider's push receiver at
 * `<backend>/api/catalog/org-sync/scim/<id>` (outside Backstage auth, behind the engine's body limits). A write is
 * stored, then named to the engine (`sink.notify`), which re-reads it from the store and applies it as a delta under
 * the provider's lease; the SCIM answer does not wait for the catalog.
 */
export class ScimReceiver implements OrgChangeReceiver {
  readonly label = 'SCIM pushes';
  constructor(private readonly options: ScimReceiverOptions) {}

  /** The engine's 413 (body over `events.push.maxBodyBytes`) and 408 (too slow) as SCIM errors. */
  readonly formatRefusal: OrgBodyRefusalFormatter = ({ status, message }) => scimErrorText(new ScimError(status, undefined, message));

  router({ sink, logger }: OrgChangeRouteContext): Router {
    const { providerName, store } = this.options;
    const router = Router();
    router.use(bearerAuth({ ...this.options, logger }));
    const wrap = (handler: ScimHandler): RequestHandler => async (req, res) => {
      try {
        const answer = await handler(req);
        if (answer.location) res.set('location', answer.location);
        if (answer.body === undefined) res.status(answer.status).end();
        else sendScim(res, answer.status, answer.body);
      } catch (error) {
        if (error instanceof ScimError) return sendScimError(res, error);
        logger.error(`${providerName}: a SCIM ${req.method} failed: ${error instanceof Error ? error.message : String(error)}`);
        return sendScimError(res, new ScimError(500, undefined, 'the request could not be completed'));
      }
    };
    const batcher = new HintBatcher(hints => sink.notify(hints, ORIGIN));
    const changed = (hints: Parameters<typeof sink.notify>[0]) => {
      // The answer waits for the store (the resource is the record), not for the hint: queued with the other writes of the
      // moment, it only makes the engine apply the write now. Should queuing fail, the next scheduled run (a list of the store) applies it.
      batcher.add(hints).catch(error => logger.warn(`${providerName}: a SCIM change was stored but not queued (${error instanceof Error ? error.message : String(error)}); the next scheduled run applies it`));
    };
    addDiscoveryRoutes(router, wrap);
    addResourceRoutes(router, { store, type: userResourceType, changed }, wrap);
    addResourceRoutes(router, { store, type: groupResourceType, changed }, wrap);
    router.use((req, res) => sendScimError(res, new ScimError(404, undefined, `no SCIM endpoint ${req.method} ${req.path.slice(0, 64)}`)));
    return router;
  }
}
