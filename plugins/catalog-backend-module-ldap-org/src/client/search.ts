import { AndFilter, FilterParser, type Client, type Entry, type Filter, type SearchOptions } from 'ldapts';
import type { LdapSearchOptions } from '../config';
import { describeLdapError, IncompleteLdapReadError } from './errors';
import { readRemainingRanges } from './rangeRetrieval';

export interface SearchRequestOptions {
  base: string;
  options: LdapSearchOptions;
  /** Replaces `options.filter` (incremental reads add a condition). */
  filter?: string | Filter;
  /** Replaces `options.attributes` (the id-only listing). */
  attributes?: string[];
  binaryAttributes: string[];
  signal: AbortSignal;
  /** Called once per LDAP operation sent (search pages counted as one search here; range reads each). */
  countRequest(): void;
}

/**
 * Active Directory answers every subtree search from a domain head with references to its DNS application
 * partitions and its configuration partition, which hold DNS records and forest configuration, never the domain's
 * users or groups: those are not a missing part of the list. Any other reference is.
 */
const AD_SIDE_PARTITIONS = /^(dc=forestdnszones|dc=domaindnszones|cn=configuration),/i;

export function isAdSidePartition(reference: string): boolean {
  try {
    return AD_SIDE_PARTITIONS.test(decodeURIComponent(new URL(reference).pathname.replace(/^\//, '')).trim());
  } catch {
    return false;
  }
}

/** Attributes to request: the configured ones plus what the source needs (none added to `*` for user attributes already covered). */
export function withAttributes(configured: string[], needed: string[]): string[] {
  const all = new Set(configured);
  const hasAllUser = all.has('*');
  const hasAllOperational = all.has('+');
  for (const name of needed) {
    if (!name || name.toLowerCase() === 'dn') continue;
    // entryUUID, entryDN, modifyTimestamp, pwdAccountLockedTime, nsAccountLock are operational: `*` does not cover them.
    if (hasAllUser && hasAllOperational) continue;
    all.add(name);
  }
  return [...all];
}

/**
 * One complete search, or an error: a referral (the directory keeps part of the subtree elsewhere), more entries
 * than `sizeLimit`, the server's own size or time limit, a page that fails half way, a dropped connection
 * — every one of them throws, so a cut list never replaces the catalog. Multi-valued attributes that came
 * back in ranges (AD `member;range=0-1499`) are read on to the end.
 */
export async function searchAll(client: Client, request: SearchRequestOptions): Promise<Entry[]> {
  const { base, options } = request;
  if (request.signal.aborted) throw new Error(`LDAP search at ${base} not started: the run was aborted`);
  const ldaptsOptions: SearchOptions = {
    scope: options.scope,
    filter: request.filter ?? options.filter,
    attributes: request.attributes ?? options.attributes,
    explicitBufferAttributes: request.binaryAttributes,
    // No sizeLimit in the request: ldapts returns a list the server cut (sizeLimitExceeded, e.g. AD's MaxPageSize on
    // an unpaged search) without an error whenever the request carried one. The configured limit is checked below.
    timeLimit: options.timeLimit,
    derefAliases: options.derefAliases,
    returnAttributeValues: options.typesOnly ? false : undefined,
    paged: options.pageSize ? { pageSize: options.pageSize } : false,
  };
  request.countRequest();
  let result;
  try {
    result = await client.search(base, ldaptsOptions);
  } catch (error) {
    throw new IncompleteLdapReadError(`LDAP search at "${base}" failed, nothing applied: ${describeLdapError(error)}`);
  }
  const references = result.searchReferences.filter(ref => !isAdSidePartition(ref));
  if (references.length) {
    throw new IncompleteLdapReadError(
      `LDAP search at "${base}" returned ${references.length} referral(s) (${references.slice(0, 3).join(', ')}): ` +
        'part of this subtree is held by another server, so the list is incomplete; nothing applied. Point the search at a server that holds all of it (e.g. an AD global catalog) or narrow its dn',
    );
  }
  if (options.sizeLimit !== undefined && result.searchEntries.length > options.sizeLimit) {
    throw new IncompleteLdapReadError(`LDAP search at "${base}" found more than sizeLimit ${options.sizeLimit} entries; nothing applied. Raise options.sizeLimit or narrow the filter`);
  }
  for (const entry of result.searchEntries) await readRemainingRanges(client, entry, request);
  return result.searchEntries;
}

/** `(&<the query's filter><extra>)`: the query's own filter (or every entry) narrowed by `extra`, as a filter object. */
export function andFilter(filter: string | undefined, extra: string | Filter): Filter {
  const own = filter ? FilterParser.parseString(filter.startsWith('(') ? filter : `(${filter})`) : FilterParser.parseString('(objectClass=*)');
  return new AndFilter({ filters: [own, typeof extra === 'string' ? FilterParser.parseString(extra) : extra] });
}
