import { Router, type Request, type Response } from 'express';
import { sameSecret, type OrgChangeReceiver, type OrgChangeRouteContext } from '@orgsync/plugin-catalog-org-sync-node';
import { hintsOfLogEvents } from './eventTypes';

/** Deliveries older than this are refused as replays (Okta delivers within seconds and retries once). */
const MAX_AGE_MS = 60 * 60 * 1000;
/** Clocks differ a little; an eventTime further ahead than this is not Okta's (it would outlive the replay window). */
const MAX_SKEW_MS = 5 * 60 * 1000;
/** Envelope ids are remembered (in the database, for every replica) as long as a delivery is accepted at all. */
const REMEMBER_MS = MAX_AGE_MS + MAX_SKEW_MS;
const ORIGIN = 'okta event hook';

/**
 * The Okta Event Hook endpoint: `GET` answers Okta's one-time verification
 * (`x-okta-verification-challenge`), `POST` takes deliveries. Both need the
 * configured Authorization header value (compared in constant time); a
 * delivery's `User` and `UserGroup` targets are queued as hints and Okta gets
 * its 200 at once. Nothing in a delivery is trusted beyond the ids it names.
 */
export class OktaEventHookReceiver implements OrgChangeReceiver {
  readonly label = 'Okta event hook';
  constructor(
    private readonly authorization: string,
    private readonly providerName: string,
  ) {}

  router({ sink, logger, deliveries }: OrgChangeRouteContext): Router {
    const router = Router();
    const authorized = (req: Request, res: Response): boolean => {
      const header = req.headers.authorization;
      if (sameSecret(header, this.authorization)) return true;
      logger.warn(`${this.providerName}: refused an Okta event hook request ${header ? 'with a wrong' : 'without an'} Authorization header (${req.method} from ${req.ip})`);
      res.status(401).json({ error: 'unauthorized' });
      return false;
    };

    router.get('/', (req, res) => {
      if (!authorized(req, res)) return;
      const challenge = req.headers['x-okta-verification-challenge'];
      if (typeof challenge !== 'string' || !challenge) {
        res.status(400).json({ error: 'missing x-okta-verification-challenge header' });
        return;
      }
      res.status(200).json({ verification: challenge });
    });

    router.post('/', async (req, res) => {
      if (!authorized(req, res)) return;
      const parsed = parseDelivery(req.body);
      if ('error' in parsed) {
        logger.warn(`${this.providerName}: refused an Okta event hook delivery: ${parsed.error}`);
        res.status(400).json({ error: parsed.error });
        return;
      }
      const key = `okta-event-hook:${parsed.eventId}`;
      try {
        if (!(await deliveries.claim(key, REMEMBER_MS))) {
          logger.info(`${this.providerName}: an Okta event hook delivery came again (eventId ${parsed.eventId}); not queued twice`);
          res.status(200).json({ duplicate: true });
          return;
        }
        await sink.notify(hintsOfLogEvents(parsed.events), ORIGIN).catch(async error => {
          await deliveries.release(key).catch(() => undefined);
          throw error;
        });
      } catch (error) {
        logger.error(`${this.providerName}: could not queue an Okta event hook delivery: ${(error as Error).message}`);
        // Okta retries once after an error answer.
        res.status(503).json({ error: 'not queued' });
        return;
      }
      res.status(200).end();
    });
    return router;
  }
}

/** The envelope's id and events, or what is wrong with it. */
export function parseDelivery(body: unknown, now = Date.now()): { eventId: string; events: unknown[] } | { error: string } {
  if (!Buffer.isBuffer(body) || body.length === 0) return { error: 'the body is empty' };
  let envelope: unknown;
  try {
    envelope = JSON.parse(body.toString('utf8'));
  } catch {
    return { error: 'the body is not JSON' };
  }
  if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) return { error: 'the body is not a JSON object' };
  const { eventType, eventId, eventTime, data } = envelope as Record<string, unknown>;
  if (eventType !== 'com.okta.event_hook') return { error: `eventType must be "com.okta.event_hook", got ${JSON.stringify(eventType)?.slice(0, 80)}` };
  if (typeof eventId !== 'string' || !eventId || eventId.length > 100) return { error: 'eventId is missing or not a string' };
  const time = typeof eventTime === 'string' ? Date.parse(eventTime) : NaN;
  if (Number.isNaN(time)) return { error: 'eventTime is missing or not a timestamp' };
  if (now - time > MAX_AGE_MS) return { error: `eventTime ${eventTime} is more than an hour old (a replayed delivery)` };
  if (time - now > MAX_SKEW_MS) return { error: `eventTime ${eventTime} is more than 5 minutes in the future` };
  const events = (data as { events?: unknown } | undefined)?.events;
  if (!Array.isArray(events)) return { error: 'data.events is missing or not a list' };
  return { eventId, events };
}
