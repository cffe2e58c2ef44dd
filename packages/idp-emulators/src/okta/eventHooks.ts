import { randomUUID } from 'node:crypto';
import { oktaId, randomSecret } from './ids';
import type { OktaLogEvent } from './logEvent';

/** An Event Hook as the Management API returns it (the auth header's value is never returned). */
export interface OktaEventHook {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'UNVERIFIED' | 'VERIFIED';
  name: string;
  description: string | null;
  created: string;
  createdBy: string;
  lastUpdated: string;
  events: { type: 'EVENT_TYPE'; items: string[]; filter: null };
  channel: {
    type: 'HTTP';
    version: '1.0.0';
    config: {
      uri: string;
      headers: { key: string; value: string }[];
      authScheme: { type: 'HEADER'; key: string } | null;
      method: 'POST';
    };
  };
}

/** One POST (or verification GET) the emulator sent to a hook's endpoint. */
export interface OktaEventHookDelivery {
  hookId: string;
  kind: 'verification' | 'events';
  /** The envelope's `eventId` (deliveries) or the challenge (verification). */
  id: string;
  /** The System Log events' uuids (deliveries). */
  eventUuids: string[];
  /** The body exactly as sent (deliveries), for replay tests. */
  body?: string;
  /** Status of each attempt (0: no answer within the timeout, or a network error). */
  attempts: number[];
  delivered: boolean;
}

/** A hook as stored: the public object plus the secret value of its auth header. */
interface StoredHook {
  hook: OktaEventHook;
  authValue?: string;
}

export class EventHookError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Okta waits this long for an answer, then tries once more. */
export const HOOK_TIMEOUT_MS = 3000;

/**
 * Event Hooks: registration, Okta's one-time verification (a GET with
 * `x-okta-verification-challenge`, answered with `{"verification": ...}`), and
 * delivery of subscribed System Log events to ACTIVE and VERIFIED hooks as
 * `com.okta.event_hook` envelopes, one retry after a timeout or error.
 */
export class OktaEventHooks {
  private readonly hooks = new Map<string, StoredHook>();
  private readonly sent: OktaEventHookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly timeoutMs = HOOK_TIMEOUT_MS,
  ) {}

  create(input: unknown): OktaEventHook {
    const body = record(input);
    const name = body.name;
    if (typeof name !== 'string' || !name.trim()) throw new EventHookError(400, 'name: The field cannot be left blank');
    const events = record(body.events);
    if (events.type !== 'EVENT_TYPE') throw new EventHookError(400, 'events.type: must be EVENT_TYPE');
    if (!Array.isArray(events.items) || events.items.length === 0 || events.items.some((i: unknown) => typeof i !== 'string')) {
      throw new EventHookError(400, 'events.items: at least one event type is required');
    }
    const channel = record(body.channel);
    if (channel.type !== 'HTTP') throw new EventHookError(400, 'channel.type: must be HTTP');
    if (channel.version !== '1.0.0') throw new EventHookError(400, 'channel.version: must be 1.0.0');
    const config = record(channel.config);
    const uri = checkUri(config.uri);
    const headers = (Array.isArray(config.headers) ? config.headers : []).map(record);
    for (const header of headers) {
      if (typeof header.key !== 'string' || typeof header.value !== 'string') throw new EventHookError(400, 'channel.config.headers: each needs key and value');
    }
    const scheme = config.authScheme === undefined || config.authScheme === null ? undefined : record(config.authScheme);
    if (scheme && (scheme.type !== 'HEADER' || typeof scheme.key !== 'string' || typeof scheme.value !== 'string')) {
      throw new EventHookError(400, 'channel.config.authScheme: needs type HEADER, key and value');
    }
    const now = new Date().toISOString();
    const hook: OktaEventHook = {
      id: oktaId('who'),
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      name: name.trim(),
      description: typeof body.description === 'string' ? body.description : null,
      created: now,
      createdBy: '00uEmulatorAdmin0001',
      lastUpdated: now,
      events: { type: 'EVENT_TYPE', items: [...new Set(events.items as string[])], filter: null },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri,
          headers: headers.map(h => ({ key: String(h.key), value: String(h.value) })),
          authScheme: scheme ? { type: 'HEADER', key: String(scheme.key) } : null,
          method: 'POST',
        },
      },
    };
    this.hooks.set(hook.id, { hook, authValue: scheme ? String(scheme.value) : undefined });
    return structuredClone(hook);
  }

  list(): OktaEventHook[] {
    return [...this.hooks.values()].map(h => structuredClone(h.hook));
  }

  get(id: string): OktaEventHook {
    return structuredClone(this.stored(id).hook);
  }

  /** Okta deletes only a deactivated hook. */
  delete(id: string): void {
    const { hook } = this.stored(id);
    if (hook.status === 'ACTIVE') throw new EventHookError(403, 'Cannot delete an ACTIVE event hook: deactivate it first');
    this.hooks.delete(id);
  }

  setStatus(id: string, status: OktaEventHook['status']): OktaEventHook {
    const { hook } = this.stored(id);
    hook.status = status;
    hook.lastUpdated = new Date().toISOString();
    return structuredClone(hook);
  }

  /** Sends the verification GET (one retry); VERIFIED when the endpoint echoes the challenge. */
  async verify(id: string): Promise<OktaEventHook> {
    const stored = this.stored(id);
    const challenge = randomSecret(40);
    const record: OktaEventHookDelivery = { hookId: id, kind: 'verification', id: challenge, eventUuids: [], attempts: [], delivered: false };
    this.sent.push(record);
    let problem = '';
    for (let attempt = 0; attempt < 2 && !record.delivered; attempt++) {
      const answer = await this.send(stored, 'GET', { 'x-okta-verification-challenge': challenge });
      record.attempts.push(answer.status);
      if (answer.status !== 200) {
        problem = answer.status ? `the endpoint answered ${answer.status}` : `no answer within ${this.timeoutMs} ms`;
        continue;
      }
      let verification: unknown;
      try {
        verification = JSON.parse(answer.body).verification;
      } catch {
        verification = undefined;
      }
      if (verification === challenge) record.delivered = true;
      else problem = 'the endpoint did not answer {"verification": "<challenge>"}';
    }
    if (!record.delivered) throw new EventHookError(400, `Event hook verification failed: ${problem}`);
    stored.hook.verificationStatus = 'VERIFIED';
    stored.hook.lastUpdated = new Date().toISOString();
    return structuredClone(stored.hook);
  }

  /** Delivers newly recorded events to every ACTIVE, VERIFIED hook subscribed to their types (in the background). */
  deliver(events: OktaLogEvent[]): void {
    for (const stored of this.hooks.values()) {
      const { hook } = stored;
      if (hook.status !== 'ACTIVE' || hook.verificationStatus !== 'VERIFIED') continue;
      const wanted = events.filter(e => hook.events.items.includes(e.eventType));
      if (wanted.length === 0) continue;
      const task = this.deliverTo(stored, wanted).finally(() => this.pending.delete(task));
      this.pending.add(task);
    }
  }

  /** Every verification and delivery sent so far. */
  deliveries(): OktaEventHookDelivery[] {
    return structuredClone(this.sent);
  }

  /** Resolves once every delivery under way has been answered or given up. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async deliverTo(stored: StoredHook, events: OktaLogEvent[]): Promise<void> {
    const envelope = {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${this.baseUrl()}/api/v1/eventHooks/${stored.hook.id}`,
      eventId: randomUUID(),
      data: { events },
      eventTime: new Date().toISOString(),
      contentType: 'application/json',
    };
    const body = JSON.stringify(envelope);
    const record: OktaEventHookDelivery = {
      hookId: stored.hook.id,
      kind: 'events',
      id: envelope.eventId,
      eventUuids: events.map(e => e.uuid),
      body,
      attempts: [],
      delivered: false,
    };
    this.sent.push(record);
    for (let attempt = 0; attempt < 2 && !record.delivered; attempt++) {
      const answer = await this.send(stored, 'POST', { 'content-type': 'application/json' }, body);
      record.attempts.push(answer.status);
      record.delivered = answer.status >= 200 && answer.status < 300;
    }
  }

  private async send(stored: StoredHook, method: 'GET' | 'POST', extra: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
    const { config } = stored.hook.channel;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Okta Event Hooks (emulator)' };
    for (const { key, value } of config.headers) headers[key] = value;
    if (config.authScheme && stored.authValue !== undefined) headers[config.authScheme.key] = stored.authValue;
    Object.assign(headers, extra);
    try {
      const response = await fetch(config.uri, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
      return { status: response.status, body: await response.text() };
    } catch {
      return { status: 0, body: '' };
    }
  }

  private stored(id: string): StoredHook {
    const stored = this.hooks.get(id);
    if (!stored) throw new EventHookError(404, `Not found: Resource not found: ${id} (EventHook)`);
    return stored;
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Okta requires HTTPS; the emulator also takes `http:` to a loopback address (a local backend). */
function checkUri(value: unknown): string {
  if (typeof value !== 'string') throw new EventHookError(400, 'channel.config.uri: is required');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EventHookError(400, 'channel.config.uri: is not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new EventHookError(400, 'channel.config.uri: must use HTTPS');
  }
  return url.href;
}
