/**
 * Change signals: how an IdP module tells the engine that something changed,
 * between scheduled reads. Every signal is a hint: it names records, and the
 * engine has the source re-read them (`OrgSource.readRecords`) before
 * anything is applied. A duplicate, replayed or late signal therefore costs a
 * read, never a wrong entity.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import type { JsonValue, OrgMembershipHint } from './records';

/** Records an IdP says changed (ids as the source's records use them). @public */
export interface OrgChangeHints {
  users?: string[];
  groups?: string[];
  /**
   * Memberships said to have changed (a user added to or removed from a group), named instead of the
   * group: a source that declares `readsMemberships` re-reads just that membership, not the group's
   * whole member list; for any other source the engine re-reads the group.
   */
  memberships?: OrgMembershipHint[];
  /**
   * Set when the signal lost track of changes (Graph's `missed` lifecycle
   * notification, a log cursor the IdP no longer serves): the provider then
   * makes a scheduled-style read at once. The text says why, for the log.
   */
  resync?: string;
  /**
   * Set when the change may wait for the provider's next change round (`events.poll.interval`) instead of
   * being processed at once, so that changes arriving over the interval are re-read together: a module sets
   * it for changes that are not someone leaving, when its config asks for batching. Leavers are never deferred.
   */
  deferrable?: boolean;
}

/**
 * A change feed read by polling, so no inbound endpoint is needed (Okta's
 * System Log, Graph's delta queries). The engine calls it on one replica per
 * interval and keeps its cursor in the database.
 *
 * @public
 */
export interface OrgChangePoller {
  /** What the operations API and the org sync page call it, e.g. `Okta System Log poll` (default `change poll`). */
  readonly label?: string;
  /**
   * Without a cursor (the first poll, or the saved one is gone) it starts
   * from now and returns no hints: the scheduled read covers what came before.
   * A cursor the IdP refuses → `{ hints: { resync }, cursor: <a fresh one> }`.
   */
  poll(context: { cursor?: JsonValue; signal: AbortSignal }): Promise<{ hints: OrgChangeHints; cursor: JsonValue }>;
}

/** Where receivers and event subscribers hand over what they heard. @public */
export interface OrgChangeSink {
  /** Resolves once the hints are queued in the database (any replica may process them). `origin` names the signal for logs, e.g. `okta event hook`. */
  notify(hints: OrgChangeHints, origin: string): Promise<void>;
}

/**
 * Replay protection shared by every replica of a provider (kept in the
 * database): a receiver claims a key that identifies a delivery (Okta's
 * `eventId`, a digest of a Graph body) before queuing what it names.
 *
 * @public
 */
export interface OrgDeliveryLog {
  /**
   * True the first time `key` is claimed for this provider; false when any replica claimed it within
   * `rememberForMs` (a replay or an IdP's retry of a delivery already taken), so the delivery is answered as a duplicate.
   */
  claim(key: string, rememberForMs: number): Promise<boolean>;
  /** Gives up a claim whose delivery could not be queued, so the IdP's retry of it is taken. */
  release(key: string): Promise<void>;
}

/** What an inbound route gets from the engine besides the request. @public */
export interface OrgChangeRouteContext {
  sink: OrgChangeSink;
  logger: LoggerService;
  deliveries: OrgDeliveryLog;
}

/** A body the engine refuses before the receiver sees it: too large (413) or too slow (408). @public */
export interface OrgBodyRefusal {
  /** 413: larger than `events.push.maxBodyBytes`; 408: not complete within `events.push.bodyTimeout`. */
  status: 408 | 413;
  /** Why, in a sentence that quotes nothing the client sent. */
  message: string;
}

/** How a receiver's protocol words a refusal (SCIM's Error schema, say); the engine's default is `{ "error": message }` as JSON. @public */
export type OrgBodyRefusalFormatter = (refusal: OrgBodyRefusal) => { contentType: string; body: string };

/**
 * An inbound endpoint for pushed changes (Okta Event Hooks, Graph change
 * notifications). Its router is mounted at `<catalog base>/org-sync/<idp>/<id>`
 * (e.g. `/api/catalog/org-sync/okta/main`) without Backstage authentication,
 * because IdPs cannot sign in: every route must verify its caller itself
 * (shared secret compared in constant time, signature) and answer 401/403
 * otherwise, without logging the secret. Bodies arrive as a `Buffer`
 * (`req.body`), at most `events.push.maxBodyBytes` (the engine answers 413
 * and 408 for bodies too large or too slow before the route sees them).
 * A route claims each delivery's key (`deliveries`) before queuing it, and
 * only parses: the engine caps how many records a signal may name.
 *
 * @public
 */
export interface OrgChangeReceiver {
  /** What the operations API and the org sync page call it, e.g. `Okta event hook` (default `change hook`). */
  readonly label?: string;
  router(context: OrgChangeRouteContext): Router;
  /** How the receiver's protocol words the engine's 413 and 408 (default: `{ "error": message }` as JSON). */
  formatRefusal?: OrgBodyRefusalFormatter;
  /**
   * Upkeep on one replica at every change interval (create or renew a
   * subscription before it expires). `state` is what it returned last time
   * (kept by the engine in the database); it returns the state to keep.
   */
  maintain?(context: { state?: JsonValue; signal: AbortSignal; logger: LoggerService }): Promise<JsonValue | undefined>;
}

/** An event from Backstage's events service (`@backstage/plugin-events-node`). @public */
export interface OrgEvent {
  topic: string;
  eventPayload: unknown;
  metadata?: Record<string, string | string[] | undefined>;
}

/**
 * Changes heard through Backstage's events service, e.g. GitHub webhooks
 * received and verified by `@backstage/plugin-events-backend-module-github`.
 *
 * @public
 */
export interface OrgEventSubscriber {
  /** What the operations API and the org sync page call it, e.g. `GitHub webhooks` (default `change events`). */
  readonly label?: string;
  topics: string[];
  /** The records an event names; undefined when it is not about this provider (another org, an action that changes nothing we emit). */
  hintsOf(event: OrgEvent): OrgChangeHints | undefined;
  /**
   * What identifies one delivery of the event (GitHub's `x-github-delivery`), when the IdP gives it: an event
   * whose key was taken within `rememberForMs` (a redelivery) is not queued again, on any replica.
   */
  deliveryOf?(event: OrgEvent): { key: string; rememberForMs: number } | undefined;
}

/** The change signals a module offers for one provider; each is optional. @public */
export interface OrgChangeSignals {
  poller?: OrgChangePoller;
  receiver?: OrgChangeReceiver;
  subscriber?: OrgEventSubscriber;
}

/**
 * The part of Backstage's `EventsService` (`@backstage/plugin-events-node`)
 * the engine uses. Declared here so the engine's public types do not pull in
 * that package's declarations.
 *
 * @public
 */
export interface OrgEventsService {
  subscribe(options: { id: string; topics: string[]; onEvent(params: OrgEvent): Promise<void> }): Promise<void>;
}
