import { PagingError } from '@orgsync/plugin-catalog-org-sync-node';
import { readConnection, type ConnectionPage } from './readConnection';

/** Pages of `size` numbered nodes; `cursorOf(n)` is the cursor after page n (1-based). */
function pages(count: number, size: number, cursorOf: (page: number) => string | null = page => `c${page}`) {
  const asked: Array<string | null> = [];
  const fetchPage = async (cursor: string | null): Promise<ConnectionPage<number>> => {
    asked.push(cursor);
    const page = cursor === null ? 1 : Number(cursor.slice(1)) + 1;
    const last = page >= count;
    return { nodes: Array.from({ length: size }, (_, i) => (page - 1) * size + i), pageInfo: { hasNextPage: !last, endCursor: cursorOf(page) } };
  };
  return { fetchPage, asked };
}

describe('readConnection', () => {
  it('reads every page in order, asking with each endCursor', async () => {
    const { fetchPage, asked } = pages(3, 2);
    const nodes: number[] = [];
    await readConnection({ what: 'members', maxItems: 100, fetchPage, onPage: n => nodes.push(...n) });
    expect(nodes).toEqual([0, 1, 2, 3, 4, 5]);
    expect(asked).toEqual([null, 'c1', 'c2']);
  });

  it('continues from a first page that came with another query, and asks nothing when it was the only one', async () => {
    const { fetchPage, asked } = pages(3, 2);
    const nodes: number[] = [];
    await readConnection({ what: 'team', maxItems: 100, fetchPage, onPage: n => nodes.push(...n), firstPage: { nodes: [0, 1], pageInfo: { hasNextPage: true, endCursor: 'c1' } } });
    expect(nodes).toEqual([0, 1, 2, 3, 4, 5]);
    expect(asked).toEqual(['c1', 'c2']);

    const none = pages(1, 2);
    await readConnection({ what: 'team', maxItems: 100, fetchPage: none.fetchPage, onPage: () => {}, firstPage: { nodes: [0], pageInfo: { hasNextPage: false, endCursor: 'x' } } });
    expect(none.asked).toEqual([]);
  });

  it('refuses a cursor GitHub already gave', async () => {
    const { fetchPage, asked } = pages(1000, 2, () => 'same');
    const reading = readConnection({ what: 'GitHub org "acme" members', maxItems: 100_000, fetchPage, onPage: () => {} });
    await expect(reading).rejects.toThrow(PagingError);
    await expect(reading).rejects.toThrow('GitHub org "acme" members: page 2 links to a page already read');
    expect(asked).toHaveLength(2);
  });

  it('refuses a next page without a cursor (it would otherwise end the listing early and silently)', async () => {
    const { fetchPage } = pages(3, 2, () => null);
    await expect(readConnection({ what: 'teams', maxItems: 100, fetchPage, onPage: () => {} })).rejects.toThrow(
      'teams: GitHub announced a next page without a cursor for it',
    );
  });

  it('refuses a listing that outgrows its bound, even with fresh cursors', async () => {
    const { fetchPage, asked } = pages(Infinity, 10);
    await expect(readConnection({ what: 'members', maxItems: 95, fetchPage, onPage: () => {} })).rejects.toThrow(
      'members: the IdP returned more than 95 records in 10 pages',
    );
    expect(asked).toHaveLength(10);
  });

  it('stops before the next request once the run is aborted', async () => {
    const controller = new AbortController();
    const { fetchPage, asked } = pages(5, 2);
    const reading = readConnection({
      what: 'members',
      maxItems: 100,
      fetchPage,
      onPage: () => controller.abort(new Error('the schedule timeout passed')),
      signal: controller.signal,
    });
    await expect(reading).rejects.toThrow('the schedule timeout passed');
    expect(asked).toHaveLength(1);
  });
});
