import type { HttpRouterService, LoggerService } from '@backstage/backend-plugin-api';
import type { OrgEventsService } from '../changes';
import express from 'express';
import type { OrgEntityProvider } from './OrgEntityProvider';

/** Where a provider's inbound routes live under the catalog's base path, e.g. `/api/catalog/org-sync/okta/main`. */
export function changeRoutePath(idp: string, id: string): string {
  return `/org-sync/${encodeURIComponent(idp)}/${encodeURIComponent(id)}`;
}

/**
 * Connects a provider's push receiver and events subscriber: the receiver's
 * router is mounted without Backstage authentication (IdPs cannot sign in;
 * the receiver verifies every delivery itself) behind a body size limit, and
 * the subscriber hears its topics from Backstage's events service. Both only
 * queue what they heard (`provider.notify`); processing is the change run's.
 */
export async function wireChangeSignals(
  provider: OrgEntityProvider,
  where: { idp: string; id: string },
  services: { httpRouter?: HttpRouterService; events?: OrgEventsService; logger: LoggerService },
): Promise<void> {
  const signals = provider.changeSignals;
  if (!signals) return;
  const sink = { notify: (hints: Parameters<OrgEntityProvider['notify']>[0], origin: string) => provider.notify(hints, origin) };
  const logger = services.logger.child({ provider: provider.getProviderName() });
  if (signals.receiver) {
    if (!services.httpRouter) throw new Error(`${provider.getProviderName()}: push receivers need the catalog's HTTP router`);
    const path = changeRoutePath(where.idp, where.id);
    const outer = express.Router();
    const count: express.RequestHandler = (_req, res, next) => {
      res.once('finish', () => provider.noteDelivery({ via: 'push', accepted: res.statusCode < 400 }));
      next();
    };
    outer.use(path, count, express.raw({ type: () => true, limit: provider.changeOptions.maxBodyBytes }), signals.receiver.router({ sink, logger }));
    services.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
    services.httpRouter.use(outer);
    logger.info(`${provider.getProviderName()}: receiving pushed changes at <catalog base URL>${path}`);
  }
  if (signals.subscriber) {
    if (!services.events) throw new Error(`${provider.getProviderName()}: an events subscriber needs Backstage's events service`);
    const subscriber = signals.subscriber;
    await services.events.subscribe({
      id: `org-sync-${provider.getProviderName().replace(/[^A-Za-z0-9_-]/g, '-')}`,
      topics: subscriber.topics,
      onEvent: async event => {
        let hints;
        try {
          hints = subscriber.hintsOf({ topic: event.topic, eventPayload: event.eventPayload, metadata: event.metadata });
        } catch (error) {
          provider.noteDelivery({ via: 'event', accepted: false });
          logger.warn(`${provider.getProviderName()}: ignored a malformed ${event.topic} event: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        provider.noteDelivery({ via: 'event', accepted: true });
        if (hints) await provider.notify(hints, `event ${event.topic}`);
      },
    });
  }
}
