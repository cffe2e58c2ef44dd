import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function providerPath(provider: string): string {
  return `/providers/${encodeURIComponent(provider)}`;
}
