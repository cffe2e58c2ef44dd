import type { TokenCredential } from '@azure/identity';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  readBoundsOf,
  type OrgRecordRequest,
  type OrgSource,
  type PreviousRead,
  type RecordReadContext,
  type SourceReadContext,
} from '@orgsync/plugin-catalog-org-sync-node';
import { BatchRunner } from '../client/batchRunner';
import { createCredential } from '../client/credential';
import { createGraphClient } from '../client/graphClient';
import { RequestBudget } from '../client/requestBudget';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { MicrosoftGraph, ProviderConfigTransformer } from '../transform/types';
import { readCursor, toCursor, type DeltaCursor } from './delta/cursor';
import { deltaBlockers, readShapeKey } from './delta/deltaQueries';
import { isGraphId } from './graphIds';
import { groupDelta } from './groupDelta';
import { readPhotos, wantsPhoto } from './photoStep';
import { PhotoCache } from './photos';
import { readById } from './readById';
import { readFull } from './readFull';
import type { GroupWithMembers } from './readGroups';
import { readIncremental } from './readIncremental';
import type { ReadContext } from './readUsers';
import { toUserRecord, type MsGraphOrgDelta, type MsGraphRawGroup, type MsGraphReadResult } from './toRecords';

/** @alpha */
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

type GraphReadContext = SourceReadContext<MicrosoftGraph.User, MsGraphRawGroup>;

/**
 * Reads a complete tenant: the organization, users, groups, direct
 * memberships and (optionally) photos. Throws if any read still fails after
 * retries, so a partial tenant never reaches the catalog.
 *
 * Where a delta query can express the configured read (see `deltaBlockers`),
 * a full read also returns delta links as its cursor, and the next run (given
 * that cursor and the stored records) returns only what changed, as a delta.
 * Change signals' hints are re-read by id (`readRecords`).
 *
 * @alpha
 */
export class MsGraphOrgSource implements OrgSource<MicrosoftGraph.User, MsGraphRawGroup> {
  private readonly photos = new PhotoCache();
  private client?: { key: string; client: Client; budget: RequestBudget };

  constructor(private readonly options: MsGraphOrgSourceOptions) {}

  async read(context: GraphReadContext): Promise<MsGraphReadResult> {
    // The credential caches its access token until expiry: a revoked or otherwise refused token would fail
    // every run until then. After a failed read the next read starts with a new credential (one token
    // request); when Graph refused the token (401), that next read is tried at once, in this run.
    return this.withFreshTokenOnRefusal(context.signal, () => this.readOnce(context));
  }

  /**
   * Re-reads the users and groups a change signal named, as they are now
   * (groups with their complete direct member lists), all through `$batch`:
   * found and in the configured read → upserted; gone (404) or outside the
   * configured filter, search or path → deleted. Ids that are not Entra object
   * ids are ignored. Throws on any other failure: nothing is applied.
   */
  async readRecords(request: OrgRecordRequest, context: RecordReadContext<MicrosoftGraph.User, MsGraphRawGroup>): Promise<MsGraphOrgDelta> {
    return this.withFreshTokenOnRefusal(context.signal, async () => {
      const { ctx, config } = await this.readContext({ signal: context.signal, reportProgress: () => undefined });
      const userIds = [...new Set(request.users.filter(isGraphId))];
      const groupIds = [...new Set(request.groups.filter(isGraphId))];
      const { users, groups } = await readById(ctx, userIds, groupIds);
      const present = [...users.values()].filter((u): u is MicrosoftGraph.User => !!u);
      const photos = config.loadUserPhotos === false ? new Map<string, string>() : await readPhotos(ctx, this.photos, present.filter(u => wantsPhoto(u, config)).map(u => u.id!));
      const deletedUsers = userIds.filter(id => !users.get(id));
      this.photos.forget(deletedUsers);
      const changed = new Map([...groups].filter((e): e is [string, GroupWithMembers] => !!e[1]));
      return {
        users: { upserted: present.map(user => toUserRecord(user, config, photos.get(user.id!))), deleted: deletedUsers },
        groups: await groupDelta(context.records, {
          changed,
          deleted: new Set(groupIds.filter(id => !groups.get(id))),
          users: { upserted: new Set(present.map(u => u.id!)), deleted: new Set(deletedUsers) },
        }),
      };
    });
  }

  /**
   * Runs `use` with the provider's Graph client and effective config (after
   * the provider-config transformer), for the change signals (delta poller,
   * subscriptions); a refused token is dropped and `use` tried once more.
   * @internal
   */
  withGraph<T>(signal: AbortSignal, use: (ctx: ReadContext) => Promise<T>): Promise<T> {
    return this.withFreshTokenOnRefusal(signal, async () => use((await this.readContext({ signal, reportProgress: () => undefined })).ctx));
  }

  private async withFreshTokenOnRefusal<T>(signal: AbortSignal, read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        // As in read(): a refused token is dropped and the read tried once more at once.
        this.client = undefined;
        if (attempt > 1 || !refusedToken(error) || signal.aborted) throw error;
        this.log('info', 'Microsoft Graph refused the access token (401); reading again with a new one');
      }
    }
  }

  /**
   * The effective config (after the provider-config transformer) and a read context on it; `requests` are the
   * HTTP requests to Graph since the run started (`$batch` ones counted once) and the answers Graph throttled, inner
   * answers of a `$batch` included.
   */
  private async readContext(
    context: Pick<SourceReadContext, 'signal' | 'reportProgress' | 'bounds'>,
  ): Promise<{ ctx: ReadContext; config: MicrosoftGraphProviderConfig; requests: () => { requests: number; rateLimited: number } }> {
    const config = this.options.providerConfigTransformer
      ? await this.options.providerConfigTransformer(structuredClone(this.options.config))
      : this.options.config;
    let throttled = 0;
    const client = this.clientFor(config, context.signal);
    const sent = this.client!.budget.sent;
    const requests = () => ({ requests: sent.requests, rateLimited: sent.throttled + throttled });
    const ctx: ReadContext = {
      client,
      config,
      signal: context.signal,
      bounds: readBoundsOf(context),
      batches: () =>
        new BatchRunner(ctx.client, { concurrency: config.concurrency, signal: context.signal, onThrottled: () => throttled++ }),
      progress: (stage, counts) => context.reportProgress({ stage, ...counts, ...requests() }),
    };
    return { ctx, config, requests };
  }

  private async readOnce(context: GraphReadContext): Promise<MsGraphReadResult> {
    const { ctx, config, requests } = await this.readContext(context);
    try {
      return await this.readWith(ctx, config, context);
    } finally {
      // The totals, for the run's history and metrics (the engine logs progress at most every 10 s).
      context.reportProgress(requests());
    }
  }

  private async readWith(ctx: ReadContext, config: MicrosoftGraphProviderConfig, context: GraphReadContext): Promise<MsGraphReadResult> {
    const key = this.options.incremental !== false && deltaBlockers(config).length === 0 ? readShapeKey(config) : undefined;
    const cursor = key && context.previous ? this.usableCursor(context.previous, key) : undefined;
    if (cursor) {
      const read = await readIncremental(ctx, this.photos, context.previous!.records, cursor);
      if ('delta' in read) return { readMode: 'delta', delta: read.delta, cursor: toCursor(key!, read.links) };
      this.log('info', `Microsoft Graph refused the saved delta link (${read.refused}): it expired or the sync state was reset; reading everything`);
    }

    const full = await readFull(ctx, this.photos, key !== undefined);
    if (full.noLinks) this.log('warn', `Microsoft Graph gave no delta links for this provider's query (${full.noLinks}); the next run reads everything again`);
    return { ...full.records, cursor: key && full.links ? toCursor(key, full.links) : undefined, readMode: 'full' };
  }

  /** The previous read's cursor, when this source can read on from it. */
  private usableCursor(previous: PreviousRead, key: string): DeltaCursor | undefined {
    const cursor = readCursor(previous.cursor, key);
    if (typeof cursor === 'string') {
      this.log('info', `${cursor}; reading everything`);
      return undefined;
    }
    return cursor;
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
