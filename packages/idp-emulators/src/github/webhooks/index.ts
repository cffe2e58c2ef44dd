import type { GithubUser } from '../fixture';
import type { GithubShapes } from '../shapes';
import type { OrgRecord } from '../store';
import { DeliveryQueue } from './deliveries';
import { OrgHooks, type OrgHook } from './hooks';
import { WebhookPayloads } from './payloads';

export type { WebhookDelivery } from './deliveries';
export type { OrgHook, HookInput } from './hooks';
export type { TeamChanges } from './payloads';

/** Org webhooks, their payloads and deliveries: what the org handle's changes announce. */
export class GithubWebhooks {
  readonly hooks = new OrgHooks();
  readonly deliveries = new DeliveryQueue();
  readonly payloads: WebhookPayloads;

  constructor(
    private readonly shapes: GithubShapes,
    /** Who the deliveries name as `sender` (the admin making the change). */
    readonly sender: () => GithubUser,
  ) {
    this.payloads = new WebhookPayloads(shapes);
  }

  /** Queues `event` for every active hook of the org subscribed to it. */
  emit(org: OrgRecord, event: string, payload: Record<string, unknown>): void {
    for (const hook of this.hooks.subscribed(org.login, event)) this.send(org, hook, event, payload);
  }

  /** GitHub pings a hook when it is created (and on `POST …/pings`), whatever its events. */
  ping(org: OrgRecord, hook: OrgHook): void {
    if (hook.active) this.send(org, hook, 'ping', this.payloads.ping(org, hook, this.hookBody(org, hook), this.sender()));
  }

  /** A hook as the REST API shows it (`org-hook`): the secret is masked. */
  hookBody(org: OrgRecord, hook: OrgHook) {
    const url = `${this.shapes.api}/orgs/${encodeURIComponent(org.login)}/hooks/${hook.id}`;
    return {
      type: 'Organization',
      id: hook.id,
      name: 'web',
      active: hook.active,
      events: [...hook.events],
      config: {
        url: hook.url,
        content_type: hook.contentType,
        insecure_ssl: hook.insecureSsl,
        ...(hook.secret ? { secret: '********' } : {}),
      },
      updated_at: hook.updatedAt,
      created_at: hook.createdAt,
      url,
      ping_url: `${url}/pings`,
      deliveries_url: `${url}/deliveries`,
    };
  }

  private send(org: OrgRecord, hook: OrgHook, event: string, payload: Record<string, unknown>): void {
    this.deliveries.enqueue({ hook, orgId: org.id, event, payload, enterpriseHost: new URL(this.shapes.web).host });
  }
}
