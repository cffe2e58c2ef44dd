import crypto from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { OrFilter, type Client, type Filter } from 'ldapts';
import type { JsonValue, OrgRecordRequest, OrgSource } from '@orgsync/plugin-catalog-org-sync-node';
import type { LdapProviderConfig, LdapQueryConfig } from '../config';
import { normalizeDn } from './dn';
import { detectVendor, uuidFilter, VENDORS, type LdapVendorProfile } from '../vendors';
import {
  buildRecords,
  recordIdOf,
  type BuildOptions,
  type FoundEntry,
  type LdapGroupRecord,
  type LdapListResult,
  type LdapOrgDelta,
  type LdapRaw,
  type LdapReadContext,
  type LdapRecordReadContext,
  type LdapUserRecord,
} from './toRecords';
import { openLdapClient } from '../client/connection';
import { toRawEntry, attributeValues, type RawLdapEntry } from './rawEntry';
import { andFilter, searchAll, withAttributes } from '../client/search';

/** What an incremental read builds on: the highest change stamp the last listing saw, for this exact config. */
interface LdapCursor {
  vendor: string;
  changeAttribute: string;
  highest: string;
  config: string;
}

/** The saved cursor when it has this version's fields; anything else is no cursor (a full read). */
function ldapCursorOf(saved: JsonValue | undefined): LdapCursor | undefined {
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return undefined;
  const { vendor, changeAttribute, highest, config } = saved;
  if (typeof vendor !== 'string' || typeof changeAttribute !== 'string' || typeof highest !== 'string' || typeof config !== 'string') return undefined;
  return { vendor, changeAttribute, highest, config };
}

/**
 * Reads the directory: every `users` and `groups` query, then memberships. A full read searches everything;
 * an incremental read (when the engine hands back the last applied read) lists only ids, DNs and change
 * stamps (uuid, DN attribute, `modifyTimestamp` / AD `uSNChanged`), searches again only entries changed
 * since the last read, and takes the rest from the record store — a complete list either way.
 */
export class LdapOrgSource implements OrgSource<LdapRaw, LdapRaw> {
  private vendorProfile?: LdapVendorProfile;

  /** The vendor profile of the last read (detected or configured), for transformers. */
  get vendorInUse(): LdapVendorProfile | undefined {
    return this.vendorProfile;
  }

  constructor(
    private readonly config: LdapProviderConfig,
    private readonly logger: LoggerService,
  ) {}

  async read(context: LdapReadContext): Promise<LdapListResult> {
    let requests = 0;
    const countRequest = () => {
      requests++;
      if (requests % 50 === 0) context.reportProgress({ requests });
    };
    const client = await openLdapClient(this.config);
    try {
      const vendor = await this.vendor(client, countRequest);
      const configHash = this.configHash(vendor);
      const cursor = ldapCursorOf(context.previous?.cursor);
      if (cursor && cursor.config === configHash && cursor.changeAttribute === vendor.change.attribute) {
        const incremental = await this.readIncrementally(client, vendor, cursor, context, countRequest);
        if (incremental) {
          context.reportProgress({ requests, stage: 'incremental read done' });
          return incremental;
        }
      }
      const result = await this.readEverything(client, vendor, configHash, context, countRequest);
      context.reportProgress({ requests, stage: 'full read done' });
      return result;
    } finally {
      // The totals, also when the read failed, for the run's history and metrics (LDAP servers do not throttle).
      context.reportProgress({ requests, rateLimited: 0 });
      await client.unbind().catch(() => undefined);
    }
  }

  /**
   * Re-reads people a change signal named, by uuid (batches of 50 in one filter): found → upserted, gone or out of
   * the users searches → deleted. Memberships live on group records, which signals never name: a changed group
   * makes the poller ask for a read of everything (incremental, so cheap) instead.
   */
  async readRecords(request: OrgRecordRequest, context: LdapRecordReadContext): Promise<LdapOrgDelta> {
    if (request.groups.length) throw new Error(`${this.config.configPath}: groups are read again by a scheduled-style read, not one by one`);
    const client = await openLdapClient(this.config);
    try {
      const countRequest = () => undefined;
      const vendor = await this.vendor(client, countRequest);
      const found: FoundEntry[] = [];
      for (let i = 0; i < request.users.length; i += 50) {
        const ids = request.users.slice(i, i + 50);
        const byId = new OrFilter({ filters: ids.map(id => uuidFilter(vendor, id)) });
        found.push(
          ...(await this.searchQueries(client, vendor, 'users', context.signal, countRequest, query => ({
            filter: andFilter(query.options.filter, byId),
            attributes: withAttributes(query.options.attributes, this.neededAttributes(query, vendor, 'users')),
          }))),
        );
      }
      const { users } = this.build(vendor, found, []);
      const seen = new Set(users.map(u => u.id));
      return { users: { upserted: users, deleted: request.users.filter(id => !seen.has(id)) }, groups: { upserted: [], deleted: [] } };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** The vendor profile (detected once from the root DSE, or configured). Internal: also used by the change poller. */
  async vendor(client: Client, countRequest: () => void): Promise<LdapVendorProfile> {
    if (!this.vendorProfile) {
      let name = this.config.vendor.name;
      if (name === 'auto') {
        countRequest();
        const root = await client.search('', { scope: 'base', filter: '(objectclass=*)' });
        name = detectVendor(root.searchEntries[0]);
      }
      const base = VENDORS[name];
      this.vendorProfile = {
        ...base,
        dnAttributeName: this.config.vendor.dnAttributeName ?? base.dnAttributeName,
        uuidAttributeName: this.config.vendor.uuidAttributeName ?? base.uuidAttributeName,
      };
      this.logger.info(`LDAP directory at ${this.config.target}: ${name} (uuid ${this.vendorProfile.uuidAttributeName}, DN ${this.vendorProfile.dnAttributeName})`);
    }
    return this.vendorProfile;
  }

  /** Changes of these settings make the stored records unusable as a base for increments. */
  configHash(vendor: LdapVendorProfile): string {
    const { users, groups, includeDisabledUsers } = this.config;
    return crypto.createHash('sha256').update(JSON.stringify({ users, groups, includeDisabledUsers, vendor: vendor.name, uuid: vendor.uuidAttributeName })).digest('hex').slice(0, 16);
  }

  neededAttributes(query: LdapQueryConfig, vendor: LdapVendorProfile, kind: 'users' | 'groups'): string[] {
    const { map } = query;
    return [
      vendor.uuidAttributeName,
      vendor.dnAttributeName,
      vendor.change.attribute,
      ...(kind === 'users' ? vendor.disabledAttributes : []),
      ...[map.rdn, map.name, map.description, map.displayName, map.email, map.picture, map.memberOf, map.members, map.type].filter((a): a is string => Boolean(a)),
    ];
  }

  /** Every query of one kind, each shaped (filter, attributes) by `shape`. Internal: also used by the change poller. */
  async searchQueries(
    client: Client,
    vendor: LdapVendorProfile,
    kind: 'users' | 'groups',
    signal: AbortSignal,
    countRequest: () => void,
    shape: (query: LdapQueryConfig) => { filter?: string | Filter; attributes: string[] },
  ): Promise<FoundEntry[]> {
    const found: FoundEntry[] = [];
    for (const [q, query] of this.config[kind].entries()) {
      const { filter, attributes } = shape(query);
      const entries = await searchAll(client, { base: query.dn, options: query.options, filter, attributes, binaryAttributes: vendor.binaryAttributes, signal, countRequest });
      for (const entry of entries) found.push({ query: q, entry: toRawEntry(entry, vendor.binaryAttributes) });
    }
    return found;
  }

  private async readEverything(client: Client, vendor: LdapVendorProfile, configHash: string, context: LdapReadContext, countRequest: () => void): Promise<LdapListResult> {
    const full = (kind: 'users' | 'groups') => (query: LdapQueryConfig) => ({ attributes: withAttributes(query.options.attributes, this.neededAttributes(query, vendor, kind)) });
    const users = await this.searchQueries(client, vendor, 'users', context.signal, countRequest, full('users'));
    context.reportProgress({ users: users.length, stage: 'users read' });
    const groups = await this.searchQueries(client, vendor, 'groups', context.signal, countRequest, full('groups'));
    const built = this.build(vendor, users, groups);
    const highest = this.highestStamp(vendor, [...users, ...groups].map(f => f.entry));
    return { users: built.users, groups: built.groups, readMode: 'full', cursor: this.cursor(vendor, configHash, highest) };
  }

  private build(vendor: LdapVendorProfile, users: FoundEntry[], groups: FoundEntry[], options?: BuildOptions) {
    const built = buildRecords(this.config, vendor, users, groups, options);
    if (built.withoutUuid.length) {
      this.logger.warn(
        `${built.withoutUuid.length} LDAP entries have no ${vendor.uuidAttributeName} (e.g. ${built.withoutUuid[0]}); they are identified by DN, so a rename makes them a new entity. ` +
          `Request the attribute (options.attributes) or set vendor.uuidAttributeName`,
      );
    }
    return built;
  }

  highestStamp(vendor: LdapVendorProfile, entries: RawLdapEntry[]): string | undefined {
    let highest: string | undefined;
    for (const entry of entries) {
      for (const value of attributeValues(entry, vendor.change.attribute, vendor)) {
        if (highest === undefined || vendor.change.compare(value, highest) > 0) highest = value;
      }
    }
    return highest;
  }

  private cursor(vendor: LdapVendorProfile, configHash: string, highest: string | undefined): JsonValue | undefined {
    if (!highest) return undefined;
    const cursor: LdapCursor = { vendor: vendor.name, changeAttribute: vendor.change.attribute, highest, config: configHash };
    return { ...cursor };
  }

  /**
   * Ids, DNs and change stamps of everything in scope, full entries only for what changed since
   * `cursor.highest`; the rest from the record store. Undefined (→ a full read) when the store lacks a
   * record the listing names or an unchanged entry's DN moved (an OU renamed above it).
   */
  private async readIncrementally(
    client: Client,
    vendor: LdapVendorProfile,
    cursor: LdapCursor,
    context: LdapReadContext,
    countRequest: () => void,
  ): Promise<LdapListResult | undefined> {
    const previous = context.previous!;
    const idAttributes = [vendor.uuidAttributeName, vendor.dnAttributeName, vendor.change.attribute].filter(a => a.toLowerCase() !== 'dn');
    const listing = () => ({ attributes: idAttributes });
    const changedSince = (query: LdapQueryConfig, kind: 'users' | 'groups') => ({
      filter: andFilter(query.options.filter, vendor.change.after(cursor.highest)),
      attributes: withAttributes(query.options.attributes, this.neededAttributes(query, vendor, kind)),
    });
    const listedUsers = await this.searchQueries(client, vendor, 'users', context.signal, countRequest, listing);
    const listedGroups = await this.searchQueries(client, vendor, 'groups', context.signal, countRequest, listing);
    const changedUsers = await this.searchQueries(client, vendor, 'users', context.signal, countRequest, q => changedSince(q, 'users'));
    const changedGroups = await this.searchQueries(client, vendor, 'groups', context.signal, countRequest, q => changedSince(q, 'groups'));

    const complete = async (listed: FoundEntry[], changed: FoundEntry[], load: (ids: string[]) => Promise<Map<string, LdapUserRecord | LdapGroupRecord>>) => {
      const changedIds = new Set(changed.map(f => recordIdOf(f.entry, vendor)));
      const unchanged = listed.filter(f => !changedIds.has(recordIdOf(f.entry, vendor)));
      const ids = unchanged.map(f => recordIdOf(f.entry, vendor)).filter((id): id is string => Boolean(id));
      if (ids.length !== unchanged.length) return undefined;
      const stored = await load(ids);
      const out: FoundEntry[] = [...changed];
      for (const f of unchanged) {
        const record = stored.get(recordIdOf(f.entry, vendor)!);
        if (!record?.raw || normalizeDn(record.raw.entry.dn) !== normalizeDn(f.entry.dn)) return undefined;
        out.push({ query: record.raw.query, entry: record.raw.entry });
      }
      return out;
    };
    const users = await complete(listedUsers, changedUsers, ids => previous.records.users(ids));
    const groups = users && (await complete(listedGroups, changedGroups, ids => previous.records.groups(ids)));
    if (!users || !groups) {
      this.logger.info(`${this.config.configPath}: an entry moved or a stored record is missing; reading everything`);
      return undefined;
    }
    const changed = new Set([...changedUsers, ...changedGroups].map(f => f.entry));
    const storedEntries = new Set([...users, ...groups].map(f => f.entry).filter(e => !changed.has(e)));
    const rereadGroupIds = new Set(changedGroups.map(f => recordIdOf(f.entry, vendor)).filter((id): id is string => Boolean(id)));
    const built = this.build(vendor, users, groups, { stale: { storedEntries, rereadGroupIds } });
    const highest = this.highestStamp(vendor, [...listedUsers, ...listedGroups].map(f => f.entry)) ?? cursor.highest;
    this.logger.info(
      `${this.config.configPath}: incremental read: ${changedUsers.length} user and ${changedGroups.length} group entries changed since ${cursor.highest}; ` +
        `${listedUsers.length + listedGroups.length} listed by id`,
    );
    return { users: built.users, groups: built.groups, readMode: 'incremental', cursor: this.cursor(vendor, cursor.config, highest) };
  }
}

