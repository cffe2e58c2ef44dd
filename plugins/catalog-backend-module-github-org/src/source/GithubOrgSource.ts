import type { LoggerService } from '@backstage/backend-plugin-api';
import { readBoundsOf, requestSignal, type OrgSnapshot, type OrgSource, type SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import { ConnectionPool } from '../client/connectionPool';
import { createGithubClient, newRequestStats, type GithubClient, type RequestStats } from '../client/createOctokit';
import type { GithubInstanceCredentials } from '../client/credentials';
import { EtagCache } from '../client/etagCache';
import type { GithubOrgProviderConfig } from '../config';
import { forEachWithConcurrency } from '@orgsync/plugin-catalog-org-sync-node';
import { readOrganization, type OrgRead } from './readOrganization';
import { toSnapshot } from './toRecords';

export interface GithubOrgSourceOptions {
  config: GithubOrgProviderConfig;
  credentials: GithubInstanceCredentials;
  logger: LoggerService;
  /** Verified-domain emails are read when the default transformer uses them or a custom one may. */
  readVerifiedEmails: boolean;
}

/** Reads every configured org through GitHub's GraphQL API into one snapshot, or throws. */
export class GithubOrgSource implements OrgSource {
  private readonly etags = new EtagCache();
  private readonly clients = new Map<string, GithubClient>();
  private readonly connections: ConnectionPool;
  /** Requests of the most recent read. */
  lastStats: RequestStats = newRequestStats();

  constructor(private readonly options: GithubOrgSourceOptions) {
    this.connections = new ConnectionPool(options.config.requestTimeoutMs, this.timeoutSetting);
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
  private readonly statsProxy: RequestStats = new Proxy({} as RequestStats, {
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

  async read(context: SourceReadContext): Promise<OrgSnapshot> {
    try {
      return await this.readAll(context);
    } finally {
      // Idle keep-alive sockets, and any a failed or aborted read left open, end with the read.
      this.connections.close();
    }
  }

  private async readAll(context: SourceReadContext): Promise<OrgSnapshot> {
    const { config, credentials, logger } = this.options;
    const stats = (this.lastStats = newRequestStats());
    const orgs = config.orgs?.length
      ? config.orgs
      : await credentials.installedOrgsUntil(requestSignal(context.signal, config.requestTimeoutMs, 'GitHub App installations', this.timeoutSetting));
    if (orgs.length === 0) {
      throw new Error(`No orgs to read: set orgs for provider "${config.id}" or install the GitHub App on an org`);
    }
    const progress = new Map<string, { members?: number; teams?: number }>();
    const report = () => {
      let users = 0;
      let groups = 0;
      for (const p of progress.values()) {
        users += p.members ?? 0;
        groups += p.teams ?? 0;
      }
      context.reportProgress({ users, groups, requests: stats.requests });
    };
    const reads: OrgRead[] = [];
    await forEachWithConcurrency(orgs, config.concurrency, async org => {
      // Fails clearly, before any request, when the org has no credentials.
      const { type } = await credentials.forOrgUntil(org, this.credentialsSignal(org, context.signal));
      const read = await readOrganization({
        org,
        client: this.clientFor(org),
        pageSizes: config.pageSizes,
        includeEmail: type === 'token',
        includeVerifiedEmails: this.options.readVerifiedEmails,
        includeSuspendedAt: config.excludeSuspendedUsers,
        concurrency: config.concurrency,
        logger,
        stats,
        signal: context.signal,
        bounds: readBoundsOf(context),
        onProgress: done => {
          progress.set(org, { ...progress.get(org), ...done });
          report();
        },
      });
      reads.push(read);
    });
    // Same order as configured whatever finished first, so merged records are stable.
    reads.sort((a, b) => orgs.indexOf(a.org) - orgs.indexOf(b.org));
    logger.info(
      `GitHub read ${orgs.length} org(s) in ${stats.requests} requests (${stats.graphql} GraphQL, ${stats.rest} REST, ` +
        `${stats.notModified} not modified, ${stats.secondaryLimited} secondary and ${stats.primaryLimited} primary rate limits, ` +
        `${stats.reauthenticated} re-authentications)`,
    );
    return toSnapshot(reads, { useVerifiedEmails: config.useVerifiedEmails, excludeSuspendedUsers: config.excludeSuspendedUsers });
  }
}
