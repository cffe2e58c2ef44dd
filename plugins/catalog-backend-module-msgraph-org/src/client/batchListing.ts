import { PagedListing } from '@orgsync/plugin-catalog-org-sync-node';
import type { BatchRunner, InnerResponse } from './batchRunner';
import { relativeLink } from './collections';
import { innerPageOf, type GraphPage } from './pages';

/** One paged listing read through `$batch`: a group's members, a delta round. */
export interface BatchListing<T> {
  /** What is listed, for errors: `the members of group 1234 ("Sales")`. */
  what: string;
  /** Most objects the listing may return (`PagedListing`). */
  maxItems: number;
  /** The provider's `target`, to turn next links into `$batch` URLs. */
  target: string;
  headers?: Record<string, string>;
  /** Each page's objects, in order. */
  onItems(items: T[]): void;
  /** The last page (no next link). */
  onEnd?(last: GraphPage<T>): void;
  /** Whether this answer ends the listing without an error (its reason is the caller's to keep), e.g. a refused delta link. */
  endsWithout?(response: InnerResponse): boolean;
}

/**
 * Enqueues a paged listing on a batch runner, page after page. Every page
 * must hold a list of objects (an error body is an error, never an empty
 * page), and a next link already followed or a runaway listing ends the run
 * with a `PagingError`.
 */
export function enqueueListing<T>(runner: BatchRunner, first: string, listing: BatchListing<T>): void {
  const pages = new PagedListing(`Microsoft Graph: ${listing.what}`, { maxItems: listing.maxItems, first });
  const enqueue = (url: string) =>
    runner.enqueue(
      url,
      response => {
        if (listing.endsWithout?.(response)) return;
        const page = innerPageOf<T>(`${listing.what} (page ${pages.pages + 1})`, response);
        const next = page.nextLink ? relativeLink(page.nextLink, listing.target) : undefined;
        pages.page(page.value.length, next);
        listing.onItems(page.value);
        if (next) enqueue(next);
        else listing.onEnd?.(page);
      },
      listing.headers,
    );
  enqueue(first);
}
