import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  readBoundsOf,
  requestSignal,
  type OrgRecordRequest,
  type OrgSource,
  type RecordReadContext,
  type SourceReadContext,
} from '@orgsync/plugin-catalog-org-sync-node';
import { ConnectionPool } from '../client/connectionPool';
import { createGithubClient, newRequestStats, type GithubClient, type RequestStats } from '../client/createOctokit';
import type { GithubInstanceCredentials } from '../client/credentials';
import { EtagCache } from '../client/etagCache';
import type { GithubIdentityClaimsOptions, GithubOrgProviderConfig } from '../config';
import { forEachWithConcurrency } from '@orgsync/plugin-catalog-org-sync-node';
import { readOrganization, type OrgRead } from './readOrganization';
import { readRecords } from './readRecords';
import { toRecords, type GithubRecords } from './toRecords';
import type { GithubOrgDelta, GithubTeamRaw, GithubUserRaw } from './githubRecords';

export interface GithubOrgSourceOptions {
  config: GithubOrgProviderConfig;
  credentials: GithubInstanceCredentials;
  logger: LoggerService;
  /** Verified-domain emails are read when the default transformer uses them or a custom one may. */
  readVerifiedEmails: boolean;
  /**
   * Identity linking: user records get `identityClaims` (verified-domain
   * emails, read whatever `readVerifiedEmails` says; the public email; SAML
   * NameIDs when `saml`). Default: the config's `identityClaims` (set by `linkTo`).
   */
  identityClaims?: GithubIdentityClaimsOptions;
}

/** Reads every configured org through GitHub's GraphQL API into one snapshot, or throws. */
export class GithubOrgSource implements OrgSource<GithubUserRaw, GithubTeamRaw> {
  /** Team memberships named by webhooks are read one by one, not as the team's whole member list. */
  readonly readsMemberships = true;
  private readonly etags = new EtagCache();
  private readonly clients = new Map<string, GithubClient>();
  private readonly connections: ConnectionPool;
  /** Requests of the most recent read. */
  lastStats: RequestStats = newRequestStats();

  constructor(private readonly options: GithubOrgSourceOptions) {
    this.connections = new ConnectionPool(options.config.requestTimeoutMs, this.timeoutSetting);
  }

  private get identityClaims(): GithubIdentityClaimsOptions | undefined {
    return this.options.identityClaims ?? this.options.config.identityClaims;
  }

  /** Identity linking matches accounts by verified-domain email too. */
  private get readVerifiedEmails(): boolean {
    return this.options.readVerifiedEmails || !!this.identityClaims;
  }

  /** A GraphQL/REST client for one org, with that org's credentials (for transformers too). */
  clientFor(org: string): GithubClient {
    const key = org.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      const { credentials, logger } = this.options;
      client = createGithubClient({
        apiBaseUrl: credentials.apiBaseUrl(),
        credentials: signal => credentials.forOrgUntil(org, this.credentialsSignal(org, signal)),
        onUnauthorized: () => credentials.invalidate(),
        logger,
        stats: this.statsProxy,
        etags: this.etags,
        fetch: this.connections.fetch,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Clients are kept across runs (for their ETags); they count into whatever read is current. */
  // The target is never read: every field is the current read's.
  private readonly statsProxy: RequestStats = new Proxy(newRequestStats(), {
    get: (_t, p: keyof RequestStats) => this.lastStats[p],
    set: (_t, p: keyof RequestStats, v: number) => {
      this.lastStats[p] = v;
      return true;
    },
  });

  private get timeoutSetting(): string {
    return `${this.options.config.configPath}.requestTimeout`;
  }

  /** App installation tokens are requests too: they get the request timeout and end with the run. */
  private credentialsSignal(org: string, runSignal: AbortSignal | undefined): AbortSignal {
    return requestSignal(runSignal, this.options.config.requestTimeoutMs, `GitHub App credentials for org "${org}"`, this.timeoutSetting);
  }

  async read(context: SourceReadContext<GithubUserRaw, GithubTeamRaw>): Promise<GithubRecords> {
    try {
      return await this.readAll(context);
    } finally {
      // Idle keep-alive sockets, and any a failed or aborted read left open, end with the read.
      this.connections.close();
    }
  }

  /** Re-reads the named users and teams by node id (change hints): see `readRecords`. */
  async readRecords(request: OrgRecordRequest, context: RecordReadContext<GithubUserRaw, GithubTeamRaw>): Promise<GithubOrgDelta> {
    const { config, credentials, logger } = this.options;
    const stats = (this.lastStats = newRequestStats());
    try {
      const orgs = await this.orgs(context.signal);
      const delta = await readRecords(request, {
        config,
        orgs,
        clientFor: org => this.clientFor(org),
        includeEmail: async org => (await credentials.forOrgUntil(org, this.credentialsSignal(org, context.signal))).type === 'token',
        includeVerifiedEmails: this.readVerifiedEmails,
        identityClaims: this.identityClaims,
        records: context.records,
        logger,
        stats,
        signal: context.signal,
        maxUsers: readBoundsOf({}).maxUsers,
      });
      logger.info(
        `GitHub re-read ${request.users.length} user(s), ${request.groups.length} team(s) and ${request.memberships?.length ?? 0} team membership(s) in ${stats.requests} requests: ` +
          `${delta.users.upserted.length} user(s) and ${delta.groups.upserted.length} team(s) found, ` +
          `${delta.users.deleted.length} user(s) and ${delta.groups.deleted.length} team(s) gone`,
      );
      return delta;
    } finally {
      this.connections.close();
    }
  }

  /** The configured orgs, else every org the GitHub Apps are installed on. */
  private async orgs(signal: AbortSignal): Promise<string[]> {
    const { config, credentials } = this.options;
    const orgs = config.orgs?.length
      ? config.orgs
      : await credentials.installedOrgsUntil(requestSignal(signal, config.requestTimeoutMs, 'GitHub App installations', this.timeoutSetting));
    if (orgs.length === 0) {
      throw new Error(`No orgs to read: set orgs for provider "${config.id}" or install the GitHub App on an org`);
    }
    return orgs;
  }

  private async readAll(context: SourceReadContext<GithubUserRaw, GithubTeamRaw>): Promise<GithubRecords> {
    const { config, logger } = this.options;
    const stats = (this.lastStats = newRequestStats());
    const orgs = await this.orgs(context.signal);
    const progress = new Map<string, { members?: number; teams?: number }>();
    const report = () => {
      let users = 0;
      let groups = 0;
      for (const p of progress.values()) {
        users += p.members ?? 0;
        groups += p.teams ?? 0;
      }
      context.reportProgress({ users, groups, requests: stats.requests, rateLimited: rateLimitedOf(stats) });
    };
    const reads: OrgRead[] = [];
    try {
      await this.readOrgs(orgs, stats, context, reads, (org, done) => {
        progress.set(org, { ...progress.get(org), ...done });
        report();
      });
    } finally {
      // The totals, for the run's history and metrics (the engine logs progress at most every 10 s).
      context.reportProgress({ requests: stats.requests, rateLimited: rateLimitedOf(stats) });
    }
    // Same order as configured whatever finished first, so merged records are stable.
    reads.sort((a, b) => orgs.indexOf(a.org) - orgs.indexOf(b.org));
    logger.info(
      `GitHub read ${orgs.length} org(s) in ${stats.requests} requests (${stats.graphql} GraphQL, ${stats.rest} REST, ` +
        `${stats.notModified} not modified, ${stats.secondaryLimited} secondary and ${stats.primaryLimited} primary rate limits, ` +
        `${stats.reauthenticated} re-authentications)`,
    );
    return toRecords(reads, {
      useVerifiedEmails: config.useVerifiedEmails,
      excludeSuspendedUsers: config.excludeSuspendedUsers,
      identityClaims: !!this.identityClaims,
    });
  }

  /** Reads each org, `concurrency` at a time, into `reads`. */
  private async readOrgs(
    orgs: string[],
    stats: RequestStats,
    context: SourceReadContext,
    reads: OrgRead[],
    onProgress: (org: string, done: { members?: number; teams?: number }) => void,
  ): Promise<void> {
    const { config, credentials, logger } = this.options;
    await forEachWithConcurrency(orgs, config.concurrency, async org => {
      // Fails clearly, before any request, when the org has no credentials.
      const { type } = await credentials.forOrgUntil(org, this.credentialsSignal(org, context.signal));
      const read = await readOrganization({
        org,
        client: this.clientFor(org),
        pageSizes: config.pageSizes,
        includeEmail: type === 'token',
        includeVerifiedEmails: this.readVerifiedEmails,
        includeSuspendedAt: config.excludeSuspendedUsers,
        samlIdentities: this.identityClaims?.saml ? { setting: `${config.configPath}.linkTo.match` } : undefined,
        concurrency: config.concurrency,
        logger,
        stats,
        signal: context.signal,
        bounds: readBoundsOf(context),
        onProgress: done => onProgress(org, done),
      });
      reads.push(read);
    });
  }
}

/** Answers GitHub throttled: primary and secondary rate limits. */
function rateLimitedOf(stats: RequestStats): number {
  return stats.primaryLimited + stats.secondaryLimited;
}
