import { abortError, PagedListing, PagingError } from '@orgsync/plugin-catalog-org-sync-node';
import type { PageInfo } from './queries';

/** One page of a GraphQL connection. */
export interface ConnectionPage<N> {
  pageInfo: PageInfo;
  nodes: N[];
}

export interface ReadConnectionOptions<N> {
  /** Names the listing in errors, e.g. `GitHub org "acme" members`. */
  what: string;
  /** Most nodes the listing may return (the read's bounds). */
  maxItems: number;
  /** Asks GitHub for the page after `cursor` (null = the first page). */
  fetchPage(cursor: string | null): Promise<ConnectionPage<N>>;
  onPage(nodes: N[]): void;
  signal?: AbortSignal;
  /** A first page that came with another query (a team's members within the teams page). */
  firstPage?: ConnectionPage<N>;
}

/**
 * Reads a GraphQL connection page by page until GitHub says there is no next
 * page. A cursor GitHub already gave, a next page without a cursor, or more
 * nodes than `maxItems` end the read with a `PagingError`: a looping
 * connection stops the run instead of filling memory.
 */
export async function readConnection<N>(options: ReadConnectionOptions<N>): Promise<void> {
  const listing = new PagedListing(options.what, { maxItems: options.maxItems });
  const record = (page: ConnectionPage<N>): string | null => {
    options.onPage(page.nodes);
    const { hasNextPage, endCursor } = page.pageInfo;
    if (hasNextPage && !endCursor) {
      throw new PagingError(`${options.what}: GitHub announced a next page without a cursor for it; the listing is not trusted and nothing is applied`);
    }
    const next = hasNextPage ? endCursor : null;
    listing.page(page.nodes.length, next);
    return next;
  };
  let cursor = options.firstPage ? record(options.firstPage) : null;
  if (options.firstPage && cursor === null) return;
  do {
    if (options.signal?.aborted) throw abortError(options.signal);
    cursor = record(await options.fetchPage(cursor));
  } while (cursor !== null);
}
