import type { Collection } from '@okta/okta-sdk-nodejs';
import { PagedListing } from '@orgsync/plugin-catalog-org-sync-node';

/**
 * Reads an SDK collection one page at a time, handing each page to `onPage`.
 * Every page's `rel="next"` link goes through a `PagedListing`, which throws
 * `PagingError` on a link already followed (the SDK's own iterator follows a
 * looping link forever) or a listing past `maxItems`.
 */
export async function forEachPage<T>(
  collection: Collection<T>,
  what: string,
  maxItems: number,
  onPage: (items: T[]) => void,
): Promise<void> {
  const listing = new PagedListing(what, { maxItems, first: pageKey(collection.nextUri) });
  while (collection.nextUri) {
    // Without a factory `createInstance` the SDK's iterator hands out a page's items as they are; so does this.
    const items = (await collection.getNextPage()) as unknown as T[];
    listing.page(items.length, collection.nextUri && pageKey(collection.nextUri));
    onPage(items);
  }
}

/**
 * A page link with its query parameters in a fixed order: the first page's
 * URL comes from the SDK, the later ones from Okta's `Link` header, and the
 * same page must compare equal however either orders its parameters.
 */
export function pageKey(link: string): string {
  try {
    const url = new URL(link);
    url.searchParams.sort();
    return url.href;
  } catch {
    return link;
  }
}
