import { createApiRef } from '@backstage/core-plugin-api';
import type { AcceptResult, DryRunResult, ExplainResult, Leaver, OrgSyncRun, ProviderStatus, TriggerResult } from './types';

/** The org sync operations API of the catalog backend (`<catalog>/org-sync/...`). @public */
export interface OrgSyncApi {
  getProviders(): Promise<ProviderStatus[]>;
  /** One provider, as `getProviders` lists it. */
  getProvider(name: string): Promise<ProviderStatus>;
  getRuns(provider: string, options?: { limit?: number }): Promise<OrgSyncRun[]>;
  dryRun(provider: string): Promise<DryRunResult>;
  runNow(provider: string): Promise<TriggerResult>;
  acceptPlan(provider: string, planHash: string): Promise<AcceptResult>;
  explain(q: string): Promise<ExplainResult>;
  getLeavers(): Promise<Leaver[]>;
}

/** @public */
export const orgSyncApiRef = createApiRef<OrgSyncApi>({ id: 'plugin.org-sync.api' });
