import type { HttpRouterService, LoggerService } from '@backstage/backend-plugin-api';
import type { OrgChangeHints, OrgEventsService } from '../changes';
import express from 'express';
import { guardedRawBody } from './bodyGuard';
import type { OrgEntityProvider } from './OrgEntityProvider';

/** Where a provider's inbound routes live under the catalog's base path, e.g. `/api/catalog/org-sync/okta/main`. @alpha */
export function changeRoutePath(idp: string, id: string): string {
  return `/org-sync/${encodeURIComponent(idp)}/${encodeURIComponent(id)}`;
}

/**
 * Connects a provider's push receiver and events subscriber: the receiver's
 * router is mounted without Backstage authentication (IdPs cannot sign in;
 * the receiver verifies every delivery itself) behind a body size limit and
 * a body timeout, and
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
      res.once('finish', () => provider.noteDelivery({ via: 'push', accepted: res.statusCode < 400, detail: `HTTP ${res.statusCode}` }));
      next();
    };
    const { maxBodyBytes, bodyTimeoutMs } = provider.changeOptions;
    outer.use(
      path,
      count,
      ...guardedRawBody({ maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs, format: signals.receiver.formatRefusal }),
      signals.receiver.router({ sink, logger, deliveries: provider.deliveryLog() }),
    );
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
          provider.noteDelivery({ via: 'event', accepted: false, detail: event.topic });
          logger.warn(`${provider.getProviderName()}: ignored a malformed ${event.topic} event: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        provider.noteDelivery({ via: 'event', accepted: true, detail: event.topic });
        if (hints) await notifyOnce(provider, hints, subscriber.deliveryOf?.(event), `event ${event.topic}`, logger);
      },
    });
  }
}

/** Queues an event's hints unless its delivery was taken before (on any replica); a claim whose queuing failed is given up, so a retry is taken. */
async function notifyOnce(
  provider: OrgEntityProvider,
  hints: OrgChangeHints,
  delivery: { key: string; rememberForMs: number } | undefined,
  origin: string,
  logger: LoggerService,
): Promise<void> {
  if (!delivery) return provider.notify(hints, origin);
  const deliveries = provider.deliveryLog();
  if (!(await deliveries.claim(delivery.key, delivery.rememberForMs))) {
    logger.info(`${provider.getProviderName()}: ${origin} came again (a redelivery); not queued twice`);
    return;
  }
  try {
    await provider.notify(hints, origin);
  } catch (error) {
    await deliveries.release(delivery.key).catch(() => undefined);
    throw error;
  }
}
