import { randomUUID } from 'node:crypto';
import { GraphError } from '../errors';
import { checkNotificationUrl, post, validateEndpoint } from './endpoint';
import {
  MAX_DIRECTORY_SUBSCRIPTION_MINUTES,
  VALIDATION_TIMEOUT_MS,
  type ChangeType,
  type DirectoryChange,
  type GraphSubscription,
  type LifecycleEvent,
  type NotificationDelivery,
  type SubscribedResource,
} from './types';

export interface GraphSubscriptionsOptions {
  tenantId: string;
  applicationId: string;
  now: () => number;
  /** How long a subscriber may take to answer validation and notifications. Default 10 s, as Graph. */
  timeoutMs?: number;
}

interface Stored {
  subscription: GraphSubscription;
  resource: SubscribedResource;
  changeTypes: Set<ChangeType>;
  /** Set by a `reauthorizationRequired` lifecycle event, cleared by `reauthorize`. */
  reauthorizationRequired: boolean;
}

const CHANGE_TYPES: ChangeType[] = ['created', 'updated', 'deleted'];
const RESOURCE_TYPES: Record<SubscribedResource, string> = { users: '#Microsoft.Graph.User', groups: '#Microsoft.Graph.Group' };
const RESOURCE_PATHS: Record<SubscribedResource, string> = { users: 'Users', groups: 'Groups' };

/**
 * Change notification subscriptions on `users` and `groups`: creation (with
 * the notification URLs validated first), renewal, deletion, reauthorization,
 * expiry on the emulator's clock, and delivery of change and lifecycle
 * notifications, in order per URL, without blocking the change that caused them.
 */
export class GraphSubscriptions {
  private readonly subscriptions = new Map<string, Stored>();
  private readonly log: NotificationDelivery[] = [];
  /** One delivery chain per URL, so a subscriber gets notifications in the order of the changes. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphSubscriptionsOptions) {
    this.timeoutMs = options.timeoutMs ?? VALIDATION_TIMEOUT_MS;
  }

  async create(input: unknown): Promise<GraphSubscription> {
    const body = objectBody(input);
    const resource = parseResource(body.resource);
    const changeTypes = parseChangeTypes(body.changeType);
    const notificationUrl = checkNotificationUrl(body.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl =
      body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
        ? null
        : checkNotificationUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const expirationDateTime = this.parseExpiration(body.expirationDateTime);
    const clientState = parseClientState(body.clientState);

    await this.validate(notificationUrl);
    if (lifecycleNotificationUrl && lifecycleNotificationUrl !== notificationUrl) await this.validate(lifecycleNotificationUrl);

    const subscription: GraphSubscription = {
      id: randomUUID(),
      resource: typeof body.resource === 'string' ? body.resource : resource,
      applicationId: this.options.applicationId,
      changeType: [...changeTypes].join(','),
      clientState,
      notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl,
      expirationDateTime,
      creatorId: this.options.applicationId,
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
    this.subscriptions.set(subscription.id, { subscription, resource, changeTypes, reauthorizationRequired: false });
    return structuredClone(subscription);
  }

  /** Live (unexpired) subscriptions; Graph does not return the clientState once created. */
  list(): GraphSubscription[] {
    return this.live().map(s => ({ ...structuredClone(s.subscription), clientState: null }));
  }

  get(id: string): GraphSubscription {
    return { ...structuredClone(this.mustGet(id).subscription), clientState: null };
  }

  /** PATCH: a new `expirationDateTime` (renewal) and/or `notificationUrl` (validated again). */
  async update(id: string, input: unknown): Promise<GraphSubscription> {
    const stored = this.mustGet(id);
    const body = objectBody(input);
    const expirationDateTime = body.expirationDateTime === undefined ? undefined : this.parseExpiration(body.expirationDateTime);
    const notificationUrl = body.notificationUrl === undefined ? undefined : checkNotificationUrl(body.notificationUrl, 'notificationUrl');
    if (notificationUrl && notificationUrl !== stored.subscription.notificationUrl) await this.validate(notificationUrl);
    if (expirationDateTime) stored.subscription.expirationDateTime = expirationDateTime;
    if (notificationUrl) stored.subscription.notificationUrl = notificationUrl;
    return this.get(id);
  }

  delete(id: string): void {
    this.mustGet(id);
    this.subscriptions.delete(id);
  }

  reauthorize(id: string): void {
    this.mustGet(id).reauthorizationRequired = false;
  }

  /** Whether a `reauthorizationRequired` event is still unanswered. */
  needsReauthorization(id: string): boolean {
    return this.mustGet(id).reauthorizationRequired;
  }

  /** Admin: ends a subscription now (as if its expirationDateTime had passed). */
  expire(id: string): void {
    this.mustGet(id).subscription.expirationDateTime = isoSeconds(this.options.now() - 1000);
  }

  /** Sends the change to every live subscription on its resource that asked for its change type. */
  publish(change: DirectoryChange): void {
    const path = `${RESOURCE_PATHS[change.resource]}/${change.id}`;
    const byUrl = new Map<string, { ids: string[]; value: unknown[] }>();
    for (const stored of this.live()) {
      if (stored.resource !== change.resource || !stored.changeTypes.has(change.changeType)) continue;
      const { subscription } = stored;
      const entry = byUrl.get(subscription.notificationUrl) ?? { ids: [], value: [] };
      entry.ids.push(subscription.id);
      entry.value.push({
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: subscription.expirationDateTime,
        changeType: change.changeType,
        resource: path,
        resourceData: {
          '@odata.type': RESOURCE_TYPES[change.resource],
          '@odata.id': path,
          id: change.id,
          organizationId: this.options.tenantId,
          ...(change.membersDelta ? { 'members@delta': change.membersDelta } : {}),
        },
        clientState: subscription.clientState,
        tenantId: this.options.tenantId,
      });
      byUrl.set(subscription.notificationUrl, entry);
    }
    for (const [url, { ids, value }] of byUrl) this.send('change', url, ids, JSON.stringify({ value }));
  }

  /**
   * Admin: a lifecycle notification to the subscription's lifecycleNotificationUrl
   * (none without one, as Graph). `subscriptionRemoved` ends the subscription first;
   * `reauthorizationRequired` holds until `reauthorize`.
   */
  lifecycle(id: string, event: LifecycleEvent): { sent: boolean } {
    const stored = this.mustGet(id);
    const { subscription } = stored;
    if (event === 'subscriptionRemoved') this.subscriptions.delete(id);
    if (event === 'reauthorizationRequired') stored.reauthorizationRequired = true;
    if (!subscription.lifecycleNotificationUrl) return { sent: false };
    const value = [
      {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: subscription.expirationDateTime,
        tenantId: this.options.tenantId,
        clientState: subscription.clientState,
        lifecycleEvent: event,
        resource: subscription.resource,
      },
    ];
    this.send('lifecycle', subscription.lifecycleNotificationUrl, [id], JSON.stringify({ value }));
    return { sent: true };
  }

  /** Every POST made so far (validation, change and lifecycle notifications). */
  deliveries(): NotificationDelivery[] {
    return structuredClone(this.log);
  }

  /** Resolves once every notification queued so far was answered (or timed out). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private send(kind: 'change' | 'lifecycle', url: string, subscriptionIds: string[], body: string): void {
    const previous = this.chains.get(url) ?? Promise.resolve();
    const next = previous.then(async () => {
      const answer = await post(url, body, this.timeoutMs);
      this.log.push({ kind, url, subscriptionIds, body, status: answer.status, at: isoSeconds(this.options.now()) });
    });
    this.chains.set(url, next);
    void next.finally(() => {
      if (this.chains.get(url) === next) this.chains.delete(url);
    });
  }

  private async validate(url: string): Promise<void> {
    await validateEndpoint(url, this.timeoutMs, status =>
      this.log.push({ kind: 'validation', url, subscriptionIds: [], status, at: isoSeconds(this.options.now()) }),
    );
  }

  private live(): Stored[] {
    const now = this.options.now();
    return [...this.subscriptions.values()].filter(s => Date.parse(s.subscription.expirationDateTime) > now);
  }

  private mustGet(id: string): Stored {
    const stored = this.subscriptions.get(id);
    // An expired subscription is gone, as Graph removes it.
    if (!stored || Date.parse(stored.subscription.expirationDateTime) <= this.options.now()) {
      throw new GraphError(404, 'ResourceNotFound', `The object was not found. Subscription '${id}'.`);
    }
    return stored;
  }

  private parseExpiration(value: unknown): string {
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(time)) throw new GraphError(400, 'InvalidRequest', 'expirationDateTime is required and must be a date and time.');
    const now = this.options.now();
    if (time <= now) throw new GraphError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    if (time > now + MAX_DIRECTORY_SUBSCRIPTION_MINUTES * 60_000) {
      throw new GraphError(400, 'InvalidRequest', `Subscription expiration can only be ${MAX_DIRECTORY_SUBSCRIPTION_MINUTES} minutes in the future.`);
    }
    return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

function objectBody(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new GraphError(400, 'InvalidRequest', 'The request body must be a JSON object.');
  return input as Record<string, unknown>;
}

function parseResource(value: unknown): SubscribedResource {
  const resource = typeof value === 'string' ? value.replace(/^\/+|\/+$/g, '').toLowerCase() : '';
  if (resource === 'users' || resource === 'groups') return resource;
  throw new GraphError(400, 'InvalidRequest', `Resource '${String(value)}' is not supported by this emulator (users, groups).`);
}

function parseChangeTypes(value: unknown): Set<ChangeType> {
  const parts = typeof value === 'string' ? value.split(',').map(s => s.trim()) : [];
  if (parts.length === 0 || parts.some(p => !CHANGE_TYPES.includes(p as ChangeType))) {
    throw new GraphError(400, 'InvalidRequest', `changeType '${String(value)}' is invalid: use created, updated, deleted, comma-separated.`);
  }
  return new Set(parts as ChangeType[]);
}

function parseClientState(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > 128) throw new GraphError(400, 'InvalidRequest', 'clientState must be a string of at most 128 characters.');
  return value;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
