import type { Collection } from '@okta/okta-sdk-nodejs';
import { PagedListing } from '@orgsync/plugin-catalog-org-sync-node';

declare module '@okta/okta-sdk-nodejs' {
  // The SDK declares a page as `Record<string, unknown>[]`, but a page holds the collection's items: the models its
  // factory parses (`listUsers` → `User`), or the parsed JSON when the collection has no factory (our raw listings,
  // declared with the JSON's shape as `T`). Its own iterator is typed `T` the same way.
  interface Collection<T> {
    getNextPage(): Promise<T[]>;
  }
}

/**
 * Reads an SDK collection one page at a time, handing each page to `onPage`.
 * Every page's `rel="next"` link goes through a `PagedListing`, which throws
 * `PagingError` on a link already followed, whatever the order of its query
 * parameters (the SDK's own iterator follows a looping link forever), or a
 * listing past `maxItems`. `onPage` returning `false` stops after that page
 * (the collection's `nextUri` then still names the next one).
 */
export async function forEachPage<T>(
  collection: Collection<T>,
  what: string,
  maxItems: number,
  onPage: (items: T[]) => unknown,
): Promise<void> {
  const listing = new PagedListing(what, { maxItems, first: collection.nextUri });
  while (collection.nextUri) {
    // Without a factory `createInstance` the SDK's iterator hands out a page's items as they are; so does this.
    const items = await collection.getNextPage();
    listing.page(items.length, collection.nextUri);
    if (onPage(items) === false) return;
  }
}

