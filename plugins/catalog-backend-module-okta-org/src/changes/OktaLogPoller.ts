import type { LoggerService } from '@backstage/backend-plugin-api';
import { Collection } from '@okta/okta-sdk-nodejs';
import type { JsonValue, OrgChangeHints, OrgChangePoller } from '@orgsync/plugin-catalog-org-sync-node';
import { createOktaClient, type OktaReadClient } from '../client/createOktaClient';
import type { OktaProviderConfig } from '../config';
import { describeOktaError } from '../client/errors';
import { changeEventFilter, hintsOfLogEvents } from './eventTypes';

/** The OAuth scope the poller's token asks for. */
export const OKTA_LOGS_SCOPE = 'okta.logs.read';
const PAGE_SIZE = 1000;
/** Pages one poll follows at most; the rest waits for the next poll (the cursor is where this one stopped). */
const MAX_PAGES_PER_POLL = 20;
const CURSOR_VERSION = 1;

// Without `createInstance` the SDK's Collection hands out each item as the parsed JSON.
const RAW_JSON_ITEMS = {} as ConstructorParameters<typeof Collection>[2];
const JSON_REQUEST = { headers: { Accept: 'application/json' } } as ConstructorParameters<typeof Collection>[3];

interface LogCursor {
  version: number;
  /** The org and filter it belongs to: a cursor of other settings is not followed. */
  key: string;
  /** Okta's `rel="next"` link of the last polling request. */
  next: string;
}

/**
 * Polls Okta's System Log for changes (`GET /api/v1/logs`, a polling request:
 * `since` without `until`, the change event types as `filter`). Okta answers
 * every polling request with a `next` link, even when nothing happened; that
 * link is the cursor, so an idle poll costs one request. Each event's `User`
 * and `UserGroup` targets become hints.
 */
export class OktaLogPoller implements OrgChangePoller {
  readonly label = 'Okta System Log poll';
  private current = new AbortController().signal;
  private client?: OktaReadClient;
  private readonly key: string;

  constructor(
    private readonly config: OktaProviderConfig,
    private readonly logger: LoggerService,
  ) {
    this.key = `${config.orgUrl} ${changeEventFilter()}`;
  }

  async poll(context: { cursor?: JsonValue; signal: AbortSignal }): Promise<{ hints: OrgChangeHints; cursor: JsonValue }> {
    this.current = context.signal;
    // Kept between polls: its connections and its OAuth token (an idle poll is then one request).
    this.client ??= createOktaClient(this.config, () => this.current, [OKTA_LOGS_SCOPE]);
    const saved = this.usableCursor(context.cursor);
    if (context.cursor !== undefined && !saved) {
      return { hints: { resync: 'the saved System Log cursor is from another version, org or filter' }, cursor: await this.fresh() };
    }
    let next = saved?.next ?? this.startUrl();
    const events: unknown[] = [];
    try {
      for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
        const collection = new Collection<unknown>(this.client.client.http, next, RAW_JSON_ITEMS, { ...JSON_REQUEST });
        const items: unknown[] = await collection.getNextPage();
        // A polling request always has a next link; without one the cursor cannot go on.
        if (!collection.nextUri) throw new Error('Okta answered a System Log polling request without a next link');
        next = collection.nextUri;
        events.push(...items);
        if (items.length === 0) break;
      }
    } catch (error) {
      if (saved && isRefusedCursor(error)) {
        this.logger.warn(`the saved System Log cursor was refused (${describeOktaError(error, this.config)}); reading everything once and polling on from now`);
        return { hints: { resync: 'Okta refused the saved System Log cursor' }, cursor: await this.fresh() };
      }
      throw new Error(`polling the Okta System Log failed: ${describeLogError(error, this.config)}`);
    }
    return { hints: hintsOfLogEvents(events), cursor: this.cursor(next) };
  }

  /** A cursor from now on (its first request is answered empty with the link to follow). */
  private async fresh(): Promise<JsonValue> {
    return this.cursor(this.startUrl());
  }

  private startUrl(): string {
    const url = new URL('/api/v1/logs', this.config.orgUrl);
    url.searchParams.set('since', new Date().toISOString());
    url.searchParams.set('filter', changeEventFilter());
    url.searchParams.set('limit', String(PAGE_SIZE));
    url.searchParams.set('sortOrder', 'ASCENDING');
    return url.href;
  }

  private cursor(next: string): JsonValue {
    const cursor: LogCursor = { version: CURSOR_VERSION, key: this.key, next };
    return { ...cursor };
  }

  private usableCursor(value: JsonValue | undefined): LogCursor | undefined {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const { version, key, next } = value as Partial<LogCursor>;
    if (version !== CURSOR_VERSION || key !== this.key || typeof next !== 'string') return undefined;
    try {
      const url = new URL(next);
      // Only a link to this org's System Log is followed (the credentials go with it).
      return url.origin === this.config.orgUrl && url.pathname === '/api/v1/logs' ? { version, key, next } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Okta answers an expired or foreign `after` with 400. */
function isRefusedCursor(error: unknown): boolean {
  return (error as { status?: unknown }).status === 400;
}

function describeLogError(error: unknown, config: OktaProviderConfig): string {
  const status = (error as { status?: unknown }).status;
  const message = (error instanceof Error ? error.message : String(error)).trim();
  if (status === 403) {
    return `${message} (Okta denied access to the System Log: ${
      config.auth.kind === 'token' ? `the API token's admin needs to read the System Log` : `grant the service app ${OKTA_LOGS_SCOPE}`
    })`;
  }
  return describeOktaError(error, config);
}
