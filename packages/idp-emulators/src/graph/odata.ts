import type { EmulatorRequest } from '../core';
import { badRequest, unsupportedQuery } from './errors';
import { parseFilter } from './filter';
import { parseSearch } from './search';

export const MAX_PAGE_SIZE = 999;
export const DEFAULT_PAGE_SIZE = 100;

export interface QueryOptions {
  select?: string[];
  filter?: (object: Record<string, unknown>) => boolean;
  search?: (object: Record<string, unknown>) => boolean;
  orderBy?: { property: string; descending: boolean };
  expand?: string[];
  top: number;
  count: boolean;
  skipToken?: string;
}

/** Reads `$select`, `$filter`, `$search`, `$orderby`, `$expand`, `$top`, `$count`, `$skiptoken` with Graph's rules. */
export function parseQuery(req: EmulatorRequest): QueryOptions {
  const eventual = headerValue(req, 'consistencylevel')?.toLowerCase() === 'eventual';
  const count = (param(req, 'count') ?? '').toLowerCase() === 'true';
  const options: QueryOptions = { top: DEFAULT_PAGE_SIZE, count };

  const top = param(req, 'top');
  if (top !== undefined) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
      throw badRequest(`Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
    }
    options.top = n;
  }
  if (count && !eventual) throw badRequest('$count is not currently supported.');

  const select = param(req, 'select');
  if (select) options.select = select.split(',').map(s => s.trim()).filter(Boolean);

  const expand = param(req, 'expand');
  if (expand) options.expand = expand.split(',').map(s => s.trim().replace(/\(.*\)$/, ''));

  const search = param(req, 'search');
  if (search !== undefined) {
    if (!eventual) {
      throw unsupportedQuery(
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    }
    options.search = parseSearch(search);
  }

  const filter = param(req, 'filter');
  if (filter) {
    const parsed = parseFilter(filter);
    if (parsed.advanced && !(eventual && count)) {
      throw unsupportedQuery("Unsupported or invalid query filter clause specified; this clause needs 'ConsistencyLevel: eventual' and '$count=true'.");
    }
    options.filter = parsed.test;
  }

  const orderBy = param(req, 'orderby');
  if (orderBy) {
    const [property, direction] = orderBy.trim().split(/\s+/);
    if (!['displayName', 'userPrincipalName', 'createdDateTime', 'mail'].includes(property)) {
      throw unsupportedQuery(`Sorting by '${property}' is not supported.`);
    }
    if ((options.filter || options.search) && !(eventual && count)) {
      throw unsupportedQuery("Sorting together with $filter or $search needs 'ConsistencyLevel: eventual' and '$count=true'.");
    }
    options.orderBy = { property, descending: direction?.toLowerCase() === 'desc' };
  }

  options.skipToken = param(req, 'skiptoken') ?? param(req, 'skipToken');
  return options;
}

/** Graph v1.0 accepts system query options with or without the `$`. */
export function param(req: EmulatorRequest, name: string): string | undefined {
  return req.url.searchParams.get(`$${name}`) ?? req.url.searchParams.get(name) ?? undefined;
}

export function headerValue(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function applyQuery<T>(items: T[], options: QueryOptions, view: (item: T) => Record<string, unknown>): T[] {
  let out = items;
  if (options.filter) out = out.filter(item => options.filter!(view(item)));
  if (options.search) out = out.filter(item => options.search!(view(item)));
  if (options.orderBy) {
    const { property, descending } = options.orderBy;
    const key = (item: T) => String(view(item)[property] ?? '').toLowerCase();
    out = [...out].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (descending ? -1 : 1));
  }
  return out;
}

/**
 * One page plus the skip token of the next. With `cursorOf` (a creation
 * sequence) the token is a cursor, so deletions between pages never make a
 * client skip an object; otherwise it is an offset.
 */
export function paginate<T>(
  items: T[],
  options: QueryOptions,
  cursorOf?: (item: T) => number,
): { page: T[]; nextToken?: string } {
  const useCursor = !!cursorOf && !options.orderBy;
  let rest = items;
  if (options.skipToken) {
    const state = decodeToken(options.skipToken);
    if (useCursor && typeof state.a === 'number') rest = items.filter(item => cursorOf!(item) > (state.a as number));
    else if (typeof state.o === 'number') rest = items.slice(state.o);
    else throw badRequest(`Invalid $skiptoken.`, 'Directory_InvalidSkipToken');
  }
  const page = rest.slice(0, options.top);
  if (rest.length <= options.top) return { page };
  const offset = items.length - rest.length + page.length;
  const nextToken = useCursor ? encodeToken({ a: cursorOf!(page[page.length - 1]) }) : encodeToken({ o: offset });
  return { page, nextToken };
}

export function encodeToken(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeToken(token: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value;
  } catch {
    // fall through
  }
  return {};
}

/** The request URL with `$skiptoken` replaced: absolute, as Graph's nextLinks are. */
export function nextLink(req: EmulatorRequest, baseUrl: string, token: string, tokenName = '$skiptoken'): string {
  const parts: string[] = [];
  for (const [key, value] of req.url.searchParams) {
    if (/^\$?(skiptoken|deltatoken)$/i.test(key)) continue;
    parts.push(`${key}=${encodeQueryValue(value)}`);
  }
  parts.push(`${tokenName}=${token}`);
  return `${baseUrl}${req.url.pathname}?${parts.join('&')}`;
}

export function linkWithOnly(baseUrl: string, pathname: string, tokenName: string, token: string): string {
  return `${baseUrl}${pathname}?${tokenName}=${token}`;
}

function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',').replace(/%24/g, '$').replace(/'/g, '%27');
}

export function contextUrl(baseUrl: string, entitySet: string, select?: string[]): string {
  return `${baseUrl}/v1.0/$metadata#${entitySet}${select ? `(${select.join(',')})` : ''}`;
}
