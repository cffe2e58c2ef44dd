import { PagedListing, PagingError, pageKey, readBoundsAfter } from './pagedListing';

describe('PagedListing', () => {
  it('follows a normal listing to its end', () => {
    const listing = new PagedListing('users', { maxItems: 1000, first: 'https://idp/users' });
    listing.page(200, 'https://idp/users?after=a');
    listing.page(200, 'https://idp/users?after=b');
    listing.page(0, undefined);
    expect([listing.pages, listing.items]).toEqual([3, 400]);
  });

  it('stops at a link to a page already read, without printing its cursor', () => {
    const listing = new PagedListing('Okta users', { maxItems: 1000, first: 'https://idp/users?limit=200' });
    expect(() => listing.page(200, 'https://idp/users?limit=200')).toThrow(PagingError);
    const cycle = new PagedListing('teams', { maxItems: 1000 });
    cycle.page(1, 'secret-cursor-A');
    cycle.page(1, 'secret-cursor-B');
    let error: Error | undefined;
    try {
      cycle.page(1, 'secret-cursor-A');
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(
      "teams: page 3 links to a page already read (cursor of 15 characters); the IdP's paging loops, so the listing is not trusted and nothing is applied",
    );
  });

  it('stops a runaway listing at its bound, and a run of empty pages', () => {
    const listing = new PagedListing('users', { maxItems: 500 });
    expect(() => {
      for (let i = 0; ; i++) listing.page(200, `c${i}`);
    }).toThrow('users: the IdP returned more than 500 records in 3 pages');
    const empty = new PagedListing('members', { maxItems: 500 });
    expect(() => {
      for (let i = 0; ; i++) empty.page(0, `c${i}`);
    }).toThrow('members: 11 empty pages in a row');
  });

  it('derives bounds from the last applied run', () => {
    expect(readBoundsAfter(undefined)).toEqual({ maxUsers: 500_000, maxGroups: 100_000 });
    expect(readBoundsAfter({ users: 50_000, groups: 5_000 })).toEqual({ maxUsers: 500_000, maxGroups: 50_000 });
    expect(readBoundsAfter({ users: 300, groups: 30 })).toEqual({ maxUsers: 100_000, maxGroups: 20_000 });
  });
});

describe('pageKey', () => {
  const BASE = 'https://acme.okta.com/api/v1/users';

  it('orders query parameters so the same page compares equal', () => {
    expect(pageKey(`${BASE}?limit=200&after=x`)).toBe(pageKey(`${BASE}?after=x&limit=200`));
    expect(pageKey(`${BASE}?after=x`)).not.toBe(pageKey(`${BASE}?after=y`));
    expect(pageKey('not a url')).toBe('not a url');
  });

  it('lets a listing see a link back to its first page with the parameters in another order', () => {
    const listing = new PagedListing('Okta users', { maxItems: 100, first: `${BASE}?search=a&limit=2` });
    expect(() => listing.page(2, `${BASE}?limit=2&search=a`)).toThrow('Okta users: page 1 links to a page already read');
  });
});
