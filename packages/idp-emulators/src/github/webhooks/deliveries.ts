import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { OrgHook } from './hooks';

/** One attempt to deliver an event to a hook, as `GET /orgs/{org}/hooks/{id}/deliveries` lists it. */
export interface WebhookDelivery {
  id: number;
  /** The `X-GitHub-Delivery` GUID; a redelivery keeps it. */
  guid: string;
  hookId: number;
  event: string;
  action: string | null;
  redelivery: boolean;
  deliveredAt: string;
  /** Milliseconds until the receiver answered (or failed). */
  duration: number;
  /** The receiver's HTTP status; 0 when it could not be reached or timed out. */
  statusCode: number;
  /** `OK`, `Invalid HTTP Response: 403`, or the connection error. */
  status: string;
  request: { headers: Record<string, string>; body: string };
  response?: { body: string };
}

const HOOKSHOT = `GitHub-Hookshot/${randomBytes(4).toString('hex').slice(0, 7)}`;
/** GitHub gives a receiver 10 seconds. */
const TIMEOUT_MS = 10_000;

export interface DeliveryTarget {
  hook: OrgHook;
  orgId: number;
  event: string;
  payload: Record<string, unknown>;
  /** GHES instance host for `X-GitHub-Enterprise-Host`. */
  enterpriseHost: string;
}

/** The body GitHub posts for a hook's content type, and the headers that go with it (signatures over those exact bytes). */
export function deliveryRequest(target: DeliveryTarget, guid: string): { headers: Record<string, string>; body: string } {
  const json = JSON.stringify(target.payload);
  const body = target.hook.contentType === 'json' ? json : `payload=${encodeURIComponent(json)}`;
  const headers: Record<string, string> = {
    'user-agent': HOOKSHOT,
    'content-type': target.hook.contentType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-github-event': target.event,
    'x-github-delivery': guid,
    'x-github-hook-id': String(target.hook.id),
    'x-github-hook-installation-target-type': 'organization',
    'x-github-hook-installation-target-id': String(target.orgId),
    'x-github-enterprise-version': '3.19.0',
    'x-github-enterprise-host': target.enterpriseHost,
  };
  if (target.hook.secret) {
    headers['x-hub-signature'] = `sha1=${createHmac('sha1', target.hook.secret).update(body).digest('hex')}`;
    headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', target.hook.secret).update(body).digest('hex')}`;
  }
  return { headers, body };
}

/**
 * Posts deliveries one after another, in the order the events happened (GitHub
 * does not promise an order; one queue keeps the emulator's runs repeatable),
 * and keeps every attempt.
 */
export class DeliveryQueue {
  private readonly log: WebhookDelivery[] = [];
  private readonly targets = new Map<string, DeliveryTarget>();
  private tail: Promise<void> = Promise.resolve();
  private nextId = 1;

  enqueue(target: DeliveryTarget, guid: string = randomUUID(), redelivery = false): void {
    this.targets.set(`${target.hook.id}/${guid}`, target);
    const request = deliveryRequest(target, guid);
    this.tail = this.tail.then(() => this.post(target, guid, redelivery, request));
  }

  /** Resolves once every delivery queued so far was attempted. */
  idle(): Promise<void> {
    return this.tail;
  }

  /**
   * Sends a delivery again: the same event, payload and GUID (as GitHub's
   * "Redeliver"), signed with the hook's current secret. False when unknown.
   */
  redeliver(id: number): boolean {
    const delivery = this.get(id);
    const target = delivery && this.targets.get(`${delivery.hookId}/${delivery.guid}`);
    if (!delivery || !target) return false;
    this.enqueue(target, delivery.guid, true);
    return true;
  }

  list(hookId?: number): WebhookDelivery[] {
    return this.log.filter(d => hookId === undefined || d.hookId === hookId);
  }

  get(id: number): WebhookDelivery | undefined {
    return this.log.find(d => d.id === id);
  }

  private async post(target: DeliveryTarget, guid: string, redelivery: boolean, request: { headers: Record<string, string>; body: string }): Promise<void> {
    const started = Date.now();
    const delivery: WebhookDelivery = {
      id: this.nextId++,
      guid,
      hookId: target.hook.id,
      event: target.event,
      action: typeof target.payload.action === 'string' ? target.payload.action : null,
      redelivery,
      deliveredAt: new Date(started).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      duration: 0,
      statusCode: 0,
      status: '',
      request,
    };
    try {
      const response = await fetch(target.hook.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      delivery.statusCode = response.status;
      delivery.status = response.ok ? 'OK' : `Invalid HTTP Response: ${response.status}`;
      delivery.response = { body: await response.text() };
    } catch (error) {
      delivery.status = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : `failed to connect: ${(error as Error).message}`;
    }
    delivery.duration = Date.now() - started;
    this.log.push(delivery);
  }
}
