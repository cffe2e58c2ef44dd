import type { Client } from '@microsoft/microsoft-graph-client';

/** Graph's maximum lifetime of a subscription on users and groups: 41,760 minutes (under 29 days). */
export const MAX_SUBSCRIPTION_MINUTES = 41760;

export interface SubscriptionInfo {
  id: string;
  resource: string;
  notificationUrl: string;
  expirationDateTime: string;
}

/** Graph's error as one line (status, code, message), without the request. */
function describe(error: unknown): string {
  const e = error as { statusCode?: number; code?: string; message?: string };
  return [e?.statusCode && e.statusCode > 0 ? String(e.statusCode) : '', e?.code ?? '', e?.message ?? String(error)].filter(Boolean).join(' ');
}

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new Error(`${what} failed: ${describe(error)}`, { cause: error });
  }
}

/** The `/subscriptions` calls the receiver's upkeep makes. */
export class SubscriptionApi {
  constructor(private readonly client: Client) {}

  async list(): Promise<SubscriptionInfo[]> {
    const page = await call('Listing Microsoft Graph subscriptions', () => this.client.api('/subscriptions').get());
    return Array.isArray(page?.value) ? (page.value as SubscriptionInfo[]) : [];
  }

  create(input: { resource: 'users' | 'groups'; notificationUrl: string; clientState: string; expirationDateTime: string }): Promise<SubscriptionInfo> {
    return call(`Creating the Microsoft Graph subscription on ${input.resource} (notificationUrl ${input.notificationUrl})`, () =>
      this.client.api('/subscriptions').post({
        changeType: 'updated,deleted',
        notificationUrl: input.notificationUrl,
        lifecycleNotificationUrl: input.notificationUrl,
        resource: input.resource,
        expirationDateTime: input.expirationDateTime,
        clientState: input.clientState,
      }),
    );
  }

  renew(id: string, expirationDateTime: string): Promise<SubscriptionInfo> {
    return call(`Renewing Microsoft Graph subscription ${id}`, () => this.client.api(`/subscriptions/${id}`).patch({ expirationDateTime }));
  }

  async reauthorize(id: string): Promise<void> {
    await call(`Reauthorizing Microsoft Graph subscription ${id}`, () => this.client.api(`/subscriptions/${id}/reauthorize`).post({}));
  }

  async delete(id: string): Promise<void> {
    await call(`Deleting Microsoft Graph subscription ${id}`, () => this.client.api(`/subscriptions/${id}`).delete());
  }
}
