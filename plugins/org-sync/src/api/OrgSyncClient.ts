import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { OrgSyncApi } from './OrgSyncApi';
import type { AcceptResult, DryRunResult, ExplainResult, Leaver, OrgSyncRun, ProviderStatus, TriggerResult } from './types';

/** Calls the operations API on the catalog backend's base URL, with the signed-in user's credentials. @public */
export class OrgSyncClient implements OrgSyncApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getProviders(): Promise<ProviderStatus[]> {
    return (await this.request<{ items: ProviderStatus[] }>('GET', '/providers')).items;
  }

  getProvider(name: string): Promise<ProviderStatus> {
    return this.request('GET', providerPath(name));
  }

  async getRuns(provider: string, options?: { limit?: number }): Promise<OrgSyncRun[]> {
    const query = options?.limit === undefined ? '' : `?limit=${options.limit}`;
    return (await this.request<{ items: OrgSyncRun[] }>('GET', `${providerPath(provider)}/runs${query}`)).items;
  }

  dryRun(provider: string): Promise<DryRunResult> {
    return this.request('POST', `${providerPath(provider)}/dry-run`);
  }

  runNow(provider: string): Promise<TriggerResult> {
    return this.request('POST', `${providerPath(provider)}/run`);
  }

  acceptPlan(provider: string, planHash: string): Promise<AcceptResult> {
    return this.request('POST', `${providerPath(provider)}/accept`, { planHash });
  }

  explain(q: string): Promise<ExplainResult> {
    return this.request('GET', `/explain?q=${encodeURIComponent(q)}`);
  }

  async getLeavers(): Promise<Leaver[]> {
    return (await this.request<{ items?: Leaver[] }>('GET', '/ownership')).items ?? [];
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('catalog');
    const response = await this.fetchApi.fetch(`${base}/org-sync${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
    });
    if (!response.ok) throw await OrgSyncRequestError.of(response);
    return (await response.json()) as T;
  }
}

function providerPath(provider: string): string {
  return `/providers/${encodeURIComponent(provider)}`;
}

/** A refusal or failure of the operations API, with its status and the backend's message (`{ error: { name, message } }`). @public */
export class OrgSyncRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorName?: string,
  ) {
    super(message);
    this.name = 'OrgSyncRequestError';
  }

  static async of(response: Response): Promise<OrgSyncRequestError> {
    const said = messageOf(await response.text());
    return new OrgSyncRequestError(response.status, `${response.status} ${response.statusText}${said?.message ? `: ${said.message}` : ''}`, said?.name);
  }
}

function messageOf(text: string): { name?: string; message?: string } | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
    const error: unknown = body.error;
    if (typeof error !== 'object' || error === null) return undefined;
    return { name: 'name' in error ? String(error.name) : undefined, message: 'message' in error ? String(error.message) : undefined };
  } catch {
    return undefined;
  }
}
