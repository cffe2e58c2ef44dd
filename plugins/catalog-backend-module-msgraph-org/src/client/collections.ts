import type { Client } from '@microsoft/microsoft-graph-client';
import { graphReadError } from './graphErrors';

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

/** Every item of a collection, following `@odata.nextLink` pages. */
export async function listAll<T>(
  client: Client,
  path: string,
  query: CollectionQuery,
  queryMode: 'basic' | 'advanced' | undefined,
  options: { signal?: AbortSignal; onPage?: (items: number) => void } = {},
): Promise<T[]> {
  const { params, headers } = queryParts(query, queryMode);
  const items: T[] = [];
  let request = client.api(withQuery(`/${path.replace(/^\/+/, '')}`, params));
  for (let page = 1; ; page++) {
    if (options.signal?.aborted) throw new Error('the read was aborted');
    let body: { value?: T[]; '@odata.nextLink'?: string };
    try {
      body = await request.headers(headers).get();
    } catch (error) {
      throw graphReadError(`${path} (page ${page})`, error);
    }
    const value = body.value ?? [];
    items.push(...value);
    options.onPage?.(value.length);
    const next = body['@odata.nextLink'];
    if (!next) return items;
    request = client.api(next);
  }
}
