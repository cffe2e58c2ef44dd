import type { Client } from '@microsoft/microsoft-graph-client';
import { abortError, PagedListing } from '@orgsync/plugin-catalog-org-sync-node';
import { graphReadError } from './graphErrors';
import { pageOf } from './pages';

/** Graph's largest page. */
export const PAGE_SIZE = 999;

export interface CollectionQuery {
  filter?: string;
  search?: string;
  select?: string[];
  expand?: string;
}

/**
 * As the official module: `$search` or `queryMode: advanced` makes an
 * advanced query, which needs `ConsistencyLevel: eventual` (also on every
 * next page) and `$count=true` with `$filter`/`$select`.
 */
export function queryParts(query: CollectionQuery, queryMode: 'basic' | 'advanced' | undefined) {
  const advanced = query.search ? true : queryMode === 'advanced';
  const params: Record<string, string> = {};
  if (query.search) params.$search = query.search;
  if (query.filter) params.$filter = query.filter;
  if (query.select?.length) params.$select = query.select.join(',');
  if (query.expand) params.$expand = query.expand;
  if (advanced && (query.filter || query.select?.length)) params.$count = 'true';
  params.$top = String(PAGE_SIZE);
  const headers: Record<string, string> = advanced ? { ConsistencyLevel: 'eventual' } : {};
  return { params, headers };
}

/** `path?query` with each value encoded, for `$batch` inner URLs. */
export function withQuery(path: string, params: Record<string, string>): string {
  const qs = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

/** A nextLink made relative to the version root, as `$batch` wants. */
export function relativeLink(link: string, target: string): string {
  const url = new URL(link);
  const root = new URL(target);
  const prefix = root.pathname.replace(/\/+$/, '');
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname.replace(/^\/[^/]+/, '');
  return `${path}${url.search}`;
}

/**
 * Every item of a collection, following `@odata.nextLink` pages. A page
 * linking back to one already read, or more than `maxItems` objects, ends the
 * read with a `PagingError`.
 */
export async function listAll<T>(
  client: Client,
  path: string,
  query: CollectionQuery,
  queryMode: 'basic' | 'advanced' | undefined,
  options: { maxItems: number; signal?: AbortSignal; onPage?: (items: number) => void },
): Promise<T[]> {
  const items: T[] = [];
  await forEachPage<T>(client, path, query, queryMode, { ...options, onItems: page => items.push(...page) });
  return items;
}

/**
 * Hands each page of a collection to `onItems` as it arrives, following
 * `@odata.nextLink` pages, so a caller can keep what it needs of a page and
 * let the rest go. Paging errors as for `listAll`.
 */
export async function forEachPage<T>(
  client: Client,
  path: string,
  query: CollectionQuery,
  queryMode: 'basic' | 'advanced' | undefined,
  options: { maxItems: number; signal?: AbortSignal; onItems: (items: T[]) => void; onPage?: (items: number) => void },
): Promise<void> {
  const { params, headers } = queryParts(query, queryMode);
  const listing = new PagedListing(`Microsoft Graph ${path}`, { maxItems: options.maxItems });
  let request = client.api(withQuery(`/${path.replace(/^\/+/, '')}`, params));
  for (;;) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const what = `${path} (page ${listing.pages + 1})`;
    let body: unknown;
    try {
      body = await request.headers(headers).get();
    } catch (error) {
      throw graphReadError(what, error);
    }
    const page = pageOf<T>(what, body);
    listing.page(page.value.length, page.nextLink);
    options.onItems(page.value);
    options.onPage?.(page.value.length);
    if (!page.nextLink) return;
    request = client.api(page.nextLink);
  }
}
