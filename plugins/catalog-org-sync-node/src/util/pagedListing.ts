/**
 * Upper bounds for one read, so a misbehaving IdP (a page link that points
 * back at itself, endless fresh cursors) ends the run with an error instead of
 * filling the backend's memory. Derived from the last applied run: a listing
 * returning ten times more than the org had is not an org that grew.
 *
 * @public
 */
export interface ReadBounds {
  /** Most user records one listing (or one group's member list) may return. */
  maxUsers: number;
  /** Most group records one listing may return. */
  maxGroups: number;
}

/**
 * Bounds when nothing was applied before: room for the largest orgs we serve
 * (100,000 people, with their deactivated accounts), well below what exhausts
 * a backend's heap (1.3 million Okta users took 4.4 GB).
 */
export const firstReadBounds: ReadBounds = { maxUsers: 500_000, maxGroups: 100_000 };

/** Empty pages in a row that a listing may return: one at the end is normal, a run of them with fresh cursors is not. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 10;

/** Bounds after a run that applied `users` users and `groups` groups: ten times that, and never less than 100,000 / 20,000. */
export function readBoundsAfter(applied: { users: number; groups: number } | undefined): ReadBounds {
  if (!applied) return { ...firstReadBounds };
  return {
    maxUsers: Math.max(applied.users * 10, 100_000),
    maxGroups: Math.max(applied.groups * 10, 20_000),
  };
}

/** A paged listing that cannot be trusted to end: the run stops, and the catalog keeps what it had. @alpha */
export class PagingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PagingError';
  }
}

/**
 * Follows one paged listing (users, groups, one group's members) and refuses
 * to go on when the IdP repeats a page link or cursor it already gave, or the
 * listing outgrows its bound. Call `page()` once per page received.
 *
 * @example
 * const listing = new PagedListing('Okta users', { maxItems: bounds.maxUsers });
 * for (let url = first; url; ) { const page = await get(url); url = page.next; listing.page(page.items.length, url); }
 *
 * @alpha
 */
export class PagedListing {
  private readonly seen = new Set<string>();
  private pageCount = 0;
  private itemCount = 0;
  private emptyInARow = 0;
  private readonly maxItems: number;
  private readonly maxPages: number;

  constructor(
    private readonly what: string,
    options: { maxItems: number; maxPages?: number; first?: string },
  ) {
    this.maxItems = options.maxItems;
    // Empty pages with fresh cursors are legal but rare; a listing cannot have more pages than items plus a margin.
    this.maxPages = options.maxPages ?? options.maxItems + 100;
    if (options.first !== undefined) this.seen.add(pageKey(options.first));
  }

  get pages(): number {
    return this.pageCount;
  }

  get items(): number {
    return this.itemCount;
  }

  /** Records a page of `items` records whose next link/cursor is `next` (undefined or null at the end). Throws `PagingError`. */
  page(items: number, next: string | undefined | null): void {
    this.pageCount++;
    this.itemCount += items;
    this.emptyInARow = items === 0 ? this.emptyInARow + 1 : 0;
    if (this.itemCount > this.maxItems) {
      throw new PagingError(
        `${this.what}: the IdP returned more than ${this.maxItems} records in ${this.pageCount} pages, far more than the org had at the last applied run; ` +
          'the listing is not trusted and nothing is applied',
      );
    }
    if (this.pageCount > this.maxPages) {
      throw new PagingError(`${this.what}: more than ${this.maxPages} pages; the listing is not trusted and nothing is applied`);
    }
    if (next === undefined || next === null || next === '') return;
    if (this.emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new PagingError(
        `${this.what}: ${this.emptyInARow} empty pages in a row, each linking to another; the listing is not trusted and nothing is applied`,
      );
    }
    const key = pageKey(next);
    if (this.seen.has(key)) {
      throw new PagingError(
        `${this.what}: page ${this.pageCount} links to a page already read (${describeLink(next)}); the IdP's paging loops, so the listing is not trusted and nothing is applied`,
      );
    }
    this.seen.add(key);
  }
}

/**
 * A page link with its query parameters in a fixed order, so the same page
 * compares equal however the IdP (or its SDK, for the first page) orders them;
 * a cursor that is not a URL is its own key.
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

/** A page link without its query string's values: cursors and tokens stay out of logs. */
function describeLink(link: string): string {
  try {
    const url = new URL(link);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return `cursor of ${link.length} characters`;
  }
}
