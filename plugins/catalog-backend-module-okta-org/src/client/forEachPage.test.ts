import type { Collection } from '@okta/okta-sdk-nodejs';
import { PagingError } from '@orgsync/plugin-catalog-org-sync-node';
import { forEachPage } from './forEachPage';

/** A collection whose pages come from `next(pageNumber)`: the items and the next link Okta would send. */
function fakeCollection(first: string, next: (page: number) => { items: number; link?: string }) {
  let page = 0;
  const collection = {
    nextUri: first as string | undefined,
    requests: 0,
    async getNextPage() {
      collection.requests++;
      const answer = next(++page);
      collection.nextUri = answer.link;
      return Array.from({ length: answer.items }, (_, i) => ({ id: `${page}-${i}` }));
    },
  };
  return collection;
}

const BASE = 'https://acme.okta.com/api/v1/users';

describe('forEachPage', () => {
  it('hands over every page until there is no next link', async () => {
    const collection = fakeCollection(`${BASE}?limit=2`, page => ({ items: 2, link: page < 3 ? `${BASE}?after=c${page}&limit=2` : undefined }));
    const seen: unknown[] = [];
    await forEachPage(collection as unknown as Collection<{ id: string }>, 'Okta users', 100, items => seen.push(...items));
    expect(seen).toHaveLength(6);
  });

  it('stops at a next link pointing back at the first page, even with its parameters in another order', async () => {
    const collection = fakeCollection(`${BASE}?search=a&limit=2`, () => ({ items: 2, link: `${BASE}?limit=2&search=a` }));
    const reading = forEachPage(collection as unknown as Collection<unknown>, 'Okta users', 100, () => undefined);
    await expect(reading).rejects.toThrow(PagingError);
    await expect(reading).rejects.toThrow('Okta users: page 1 links to a page already read');
    expect(collection.requests).toBe(1);
  });

  it('stops a runaway listing of fresh links at its bound, long before memory runs out', async () => {
    const collection = fakeCollection(`${BASE}?limit=200`, page => ({ items: 200, link: `${BASE}?after=fresh${page}&limit=200` }));
    await expect(forEachPage(collection as unknown as Collection<unknown>, 'Okta users', 1000, () => undefined)).rejects.toThrow(
      'Okta users: the IdP returned more than 1000 records in 6 pages',
    );
    expect(collection.requests).toBe(6);
  });
});

