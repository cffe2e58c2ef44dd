import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue, OrgChangeReceiver, OrgChangeRouteContext } from '@orgsync/plugin-catalog-org-sync-node';
import express, { type Request, type Response, type Router } from 'express';
import type { MsGraphOrgSource } from '../source/MsGraphOrgSource';
import { readDelivery, RefusedDelivery } from './notifications';
import { MAX_SUBSCRIPTION_MINUTES, SubscriptionApi, type SubscriptionInfo } from './subscriptionApi';

const RESOURCES = ['users', 'groups'] as const;
type Resource = (typeof RESOURCES)[number];

/** Subscriptions are made for their whole allowed life, less this margin against clock skew. */
const LIFETIME_MARGIN_MS = 10 * 60_000;
/** Renewed once less than this is left: a week of failed renewals before anything is lost. */
export const RENEW_BEFORE_MS = 7 * 24 * 3600_000;
/** A delivery seen again within this window is a replay (or Graph's retry) and is not queued twice. */
const REPLAY_WINDOW_MS = 10 * 60_000;
/** Graph's validation tokens are short; a longer one is not Graph. */
const MAX_VALIDATION_TOKEN_LENGTH = 1024;

/** What `maintain` keeps in the engine's state: our subscription per resource. */
interface UpkeepState {
  notificationUrl: string;
  /** A digest of the clientState the subscriptions were made with (never the secret): a new one means new subscriptions. */
  clientStateDigest?: string;
  subscriptions: Partial<Record<Resource, { id: string; expirationDateTime: string }>>;
}

export interface MsGraphChangeReceiverOptions {
  source: MsGraphOrgSource;
  notificationUrl: string;
  clientState: string;
  /** The provider's name in log lines. */
  name: string;
  now?: () => number;
}

/**
 * Microsoft Graph change notifications for one provider: the route Graph
 * posts to (validation handshake, notifications checked against the
 * clientState in constant time, ids queued as hints) and the upkeep of the
 * users and groups subscriptions (created when missing or removed, renewed
 * well before they expire, reauthorized when Graph asks).
 */
export class MsGraphChangeReceiver implements OrgChangeReceiver {
  readonly label = 'Graph change notifications';
  /** Lifecycle events heard by this replica's route, acted on by `maintain`. */
  private readonly reauthorize = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: MsGraphChangeReceiverOptions) {
    this.now = options.now ?? Date.now;
  }

  router(context: OrgChangeRouteContext): Router {
    const router = express.Router();
    router.post('/', (req, res) => {
      this.handle(req, res, context).catch(error => {
        const { logger } = context;
        logger.error(`${this.options.name}: could not queue a Microsoft Graph change notification: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.status(500).end();
      });
    });
    return router;
  }

  private async handle(req: Request, res: Response, { sink, logger, deliveries }: OrgChangeRouteContext): Promise<void> {
    const token = req.query.validationToken;
    if (token !== undefined) {
      // Graph's handshake when a subscription is made: echo the token as plain text.
      if (typeof token !== 'string' || token.length > MAX_VALIDATION_TOKEN_LENGTH) return void res.status(400).end();
      res.status(200).set('x-content-type-options', 'nosniff').type('text/plain').send(token);
      return;
    }
    const body: unknown = req.body;
    let delivery;
    try {
      delivery = readDelivery(body, this.options.clientState, this.now());
    } catch (error) {
      if (!(error instanceof RefusedDelivery)) throw error;
      logger.warn(`${this.options.name}: refused a Microsoft Graph notification delivery (${error.status}): ${error.message}; nothing queued`);
      return void res.status(error.status).end();
    }
    // Graph's notifications carry no id of their own: this exact body within the window is a replay or Graph's retry.
    const key = `msgraph-body:${createHash('sha256').update(Buffer.isBuffer(body) ? body : String(body)).digest('base64')}`;
    if (!(await deliveries.claim(key, REPLAY_WINDOW_MS))) {
      logger.info(`${this.options.name}: a Microsoft Graph notification delivery came again (replay or retry); not queued twice`);
      return void res.status(202).end();
    }
    for (const { subscriptionId, event } of delivery.lifecycle) {
      logger.info(`${this.options.name}: Microsoft Graph lifecycle notification ${event} for subscription ${subscriptionId}`);
      if (event === 'reauthorizationRequired') this.reauthorize.add(subscriptionId);
      if (event === 'subscriptionRemoved') this.removed.add(subscriptionId);
    }
    const { hints } = delivery;
    if (hints.users?.length || hints.groups?.length || hints.resync) {
      await sink.notify(hints, 'msgraph change notification').catch(async error => {
        await deliveries.release(key).catch(() => undefined);
        throw error;
      });
    }
    res.status(202).end();
  }

  async maintain({ state, signal, logger }: { state?: JsonValue; signal: AbortSignal; logger: LoggerService }): Promise<JsonValue | undefined> {
    const { notificationUrl, clientState, name } = this.options;
    const digest = createHash('sha256').update(`msgraph-client-state:${clientState}`).digest('hex');
    const saved = upkeepState(state, notificationUrl);
    const rotated = saved?.clientStateDigest !== undefined && saved.clientStateDigest !== digest;
    return this.options.source.withGraph(signal, async ctx => {
      const api = new SubscriptionApi(ctx.client);
      const live = new Map((await api.list()).map(s => [s.id, s]));
      const next: UpkeepState = { notificationUrl, clientStateDigest: digest, subscriptions: {} };
      const expiry = () => new Date(this.now() + MAX_SUBSCRIPTION_MINUTES * 60_000 - LIFETIME_MARGIN_MS).toISOString();
      for (const resource of RESOURCES) {
        const mine = saved?.subscriptions[resource];
        let current: SubscriptionInfo | undefined = mine ? live.get(mine.id) : undefined;
        if (current && (this.removed.has(current.id) || current.notificationUrl !== notificationUrl || rotated)) {
          // Made for another URL or secret: replaced, and the old one deleted so Graph stops posting with the old secret.
          if (!this.removed.has(current.id)) await api.delete(current.id).catch(() => undefined);
          current = undefined;
        }
        if (!current) {
          current = await api.create({ resource, notificationUrl, clientState, expirationDateTime: expiry() });
          logger.info(`${name}: created the Microsoft Graph subscription on ${resource} (${current.id}), expires ${current.expirationDateTime}`);
        } else {
          if (this.reauthorize.has(current.id)) {
            await api.reauthorize(current.id);
            logger.info(`${name}: reauthorized the Microsoft Graph subscription on ${resource} (${current.id})`);
          }
          if (Date.parse(current.expirationDateTime) - this.now() < RENEW_BEFORE_MS) {
            current = { ...current, ...(await api.renew(current.id, expiry())) };
            logger.info(`${name}: renewed the Microsoft Graph subscription on ${resource} (${current.id}) until ${current.expirationDateTime}`);
          }
        }
        this.reauthorize.delete(current.id);
        next.subscriptions[resource] = { id: current.id, expirationDateTime: current.expirationDateTime };
      }
      this.removed.clear();
      return savedUpkeepState(next);
    });
  }
}

/** The state as the engine stores it: JSON, without the resources that have no subscription. */
function savedUpkeepState(state: UpkeepState): JsonValue {
  const subscriptions: { [resource: string]: JsonValue } = {};
  for (const [resource, subscription] of Object.entries(state.subscriptions)) {
    if (subscription) subscriptions[resource] = { id: subscription.id, expirationDateTime: subscription.expirationDateTime };
  }
  const saved: { [key: string]: JsonValue } = { notificationUrl: state.notificationUrl };
  if (state.clientStateDigest !== undefined) saved.clientStateDigest = state.clientStateDigest;
  saved.subscriptions = subscriptions;
  return saved;
}

function upkeepState(state: JsonValue | undefined, notificationUrl: string): UpkeepState | undefined {
  const s = state as Partial<UpkeepState> | null | undefined;
  if (!s || typeof s !== 'object' || typeof s.subscriptions !== 'object' || !s.subscriptions) return undefined;
  return { notificationUrl: s.notificationUrl ?? notificationUrl, clientStateDigest: s.clientStateDigest, subscriptions: s.subscriptions };
}
