import type { TokenCredential } from '@azure/identity';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client } from '@microsoft/microsoft-graph-client';
import { readBoundsOf, type OrgReadResult, type OrgSource, type PreviousRead, type SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import { BatchRunner } from '../client/batchRunner';
import { createCredential } from '../client/credential';
import { createGraphClient } from '../client/graphClient';
import { RequestBudget } from '../client/requestBudget';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { ProviderConfigTransformer } from '../transform/types';
import { readCursor, toCursor, type DeltaCursor } from './delta/cursor';
import { deltaBlockers, readShapeKey } from './delta/deltaQueries';
import { PhotoCache } from './photos';
import { readFull } from './readFull';
import { readIncremental } from './readIncremental';
import type { ReadContext } from './readUsers';
import { fromSnapshot, toSnapshot, type TenantState } from './tenant';

export interface MsGraphOrgSourceOptions {
  config: MicrosoftGraphProviderConfig;
  providerConfigTransformer?: ProviderConfigTransformer;
  /** Test seam: a credential instead of the one the config describes. */
  credential?: TokenCredential;
  /** Whether full reads ask for delta links, for the next run to read only changes. Default true (false when `incremental.enabled` is). */
  incremental?: boolean;
  /** For why a run read everything although it could have read only changes. */
  logger?: LoggerService;
  /** The provider's name in log lines. */
  name?: string;
}

/**
 * Reads a complete tenant: the organization, users, groups, direct
 * memberships and (optionally) photos. Throws if any read still fails after
 * retries, so a partial tenant never reaches the catalog.
 *
 * Where a delta query can express the configured read (see `deltaBlockers`),
 * a full read also returns delta links as its cursor, and the next run (given
 * that cursor and the snapshot it belongs to) reads only what changed and
 * applies it to that snapshot.
 */
export class MsGraphOrgSource implements OrgSource {
  private readonly photos = new PhotoCache();
  private client?: { key: string; client: Client; budget: RequestBudget };

  constructor(private readonly options: MsGraphOrgSourceOptions) {}

  async read(context: SourceReadContext): Promise<OrgReadResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.readOnce(context);
      } catch (error) {
        // The credential caches its access token until expiry: a revoked or otherwise refused token would fail
        // every run until then. After a failed read the next read starts with a new credential (one token
        // request); when Graph refused the token (401), that next read is tried at once, in this run.
        this.client = undefined;
        if (attempt > 1 || !refusedToken(error) || context.signal.aborted) throw error;
        this.log('info', 'Microsoft Graph refused the access token (401); reading again with a new one');
      }
    }
  }

  private async readOnce(context: SourceReadContext): Promise<OrgReadResult> {
    const config = this.options.providerConfigTransformer
      ? await this.options.providerConfigTransformer(structuredClone(this.options.config))
      : this.options.config;
    let batches = 0;
    const ctx: ReadContext = {
      client: this.clientFor(config, context.signal),
      config,
      signal: context.signal,
      bounds: readBoundsOf(context),
      batches: () =>
        new BatchRunner(ctx.client, { concurrency: config.concurrency, signal: context.signal, onBatch: () => batches++ }),
      progress: (stage, counts) => context.reportProgress({ stage, ...counts, requests: batches }),
    };

    const key = this.options.incremental !== false && deltaBlockers(config).length === 0 ? readShapeKey(config) : undefined;
    const base = key && context.previous ? this.usablePrevious(context.previous, key) : undefined;
    if (base) {
      const read = await readIncremental(ctx, this.photos, base.state, base.cursor);
      if ('state' in read) return { ...toSnapshot(read.state, config), cursor: toCursor(key!, read.links), readMode: 'incremental' };
      this.log('info', `Microsoft Graph refused the saved delta link (${read.refused}): it expired or the sync state was reset; reading everything`);
    }

    const full = await readFull(ctx, this.photos, key !== undefined);
    if (full.noLinks) this.log('warn', `Microsoft Graph gave no delta links for this provider's query (${full.noLinks}); the next run reads everything again`);
    return { ...toSnapshot(full.state, config), cursor: key && full.links ? toCursor(key, full.links) : undefined, readMode: 'full' };
  }

  /** The previous read's cursor and tenant, when this source can build on them. */
  private usablePrevious(previous: PreviousRead, key: string): { cursor: DeltaCursor; state: TenantState } | undefined {
    const cursor = readCursor(previous.cursor, key);
    const state = typeof cursor === 'string' || !previous.snapshot ? undefined : fromSnapshot(previous.snapshot);
    if (typeof cursor === 'string' || !state) {
      this.log('info', `${typeof cursor === 'string' ? cursor : 'the saved snapshot is not one this module wrote'}; reading everything`);
      return undefined;
    }
    return { cursor, state };
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.options.logger?.[level](`${this.options.name ?? 'msgraph'}: ${message}`);
  }

  /**
   * One client (and token cache) per effective config; a provider-config transformer may change it between runs.
   * Its requests from now on belong to this run (`runSignal`).
   */
  private clientFor(config: MicrosoftGraphProviderConfig, runSignal: AbortSignal): Client {
    const key = JSON.stringify([
      config.target,
      config.authority,
      config.tenantId,
      config.clientId,
      config.clientSecret,
      config.clientCertificatePath,
    ]);
    if (this.client?.key !== key) {
      // From the provider's own config: `requestTimeout` is ours, and a transformer written for the official config type does not carry it.
      const budget = new RequestBudget(this.options.config.requestTimeoutMs, this.options.config.requestTimeoutSetting);
      const credential = this.options.credential ?? createCredential(config, budget);
      this.client = { key, client: createGraphClient(config.target, credential, budget), budget };
    }
    this.client.budget.startRun(runSignal);
    return this.client.client;
  }
}

/** Whether Graph answered 401 (the error or one of its causes). */
function refusedToken(error: unknown): boolean {
  for (let e = error as { statusCode?: number; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.statusCode === 401) return true;
  }
  return false;
}
