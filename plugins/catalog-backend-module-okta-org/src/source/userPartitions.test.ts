import type { OktaUserRecord } from './rawObjects';
import { changedSince, partitionBoundaries, UserMerge, userPartitions } from './userPartitions';

const user = (id: string, lastUpdated: string | undefined, status = 'ACTIVE'): OktaUserRecord => ({
  id,
  active: true,
  annotations: {},
  raw: { id, status, lastUpdated: lastUpdated ?? null },
});
const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString();

describe('partitionBoundaries', () => {
  it('cuts the sample into slices of about equal size', () => {
    const sample = Array.from({ length: 100 }, (_, i) => user(`u${i}`, day(99 - i)));
    expect(partitionBoundaries(sample, 4)).toEqual([day(25), day(50), day(75)]);
  });

  it('gives fewer boundaries when the sample has few distinct values, none when it has one', () => {
    const twoValues = [...Array.from({ length: 90 }, (_, i) => user(`a${i}`, day(1))), ...Array.from({ length: 10 }, (_, i) => user(`b${i}`, day(2)))];
    expect(partitionBoundaries(twoValues, 4)).toEqual([day(2)]);
    expect(partitionBoundaries([user('a', day(1)), user('b', day(1))], 4)).toEqual([]);
    expect(partitionBoundaries([user('a', undefined)], 4)).toEqual([]);
  });
});

describe('userPartitions', () => {
  const boundaries = [day(10), day(20)];

  it('covers every lastUpdated once: below the first boundary, between each two, from the last on', () => {
    expect(userPartitions({}, boundaries).map(p => p.filter)).toEqual([
      `lastUpdated lt "${day(10)}"`,
      `lastUpdated ge "${day(10)}" and lastUpdated lt "${day(20)}"`,
      `lastUpdated ge "${day(20)}"`,
    ]);
  });

  it('narrows the configured filter, or the configured search when only that is set', () => {
    const [first] = userPartitions({ filter: 'status eq "ACTIVE" or status eq "SUSPENDED"' }, boundaries);
    expect(first).toMatchObject({ filter: `(status eq "ACTIVE" or status eq "SUSPENDED") and lastUpdated lt "${day(10)}"`, search: undefined });
    const [, second] = userPartitions({ search: 'profile.department eq "Eng"' }, boundaries);
    expect(second).toEqual({
      range: `lastUpdated ge "${day(10)}" and lastUpdated lt "${day(20)}"`,
      search: `(profile.department eq "Eng") and lastUpdated ge "${day(10)}" and lastUpdated lt "${day(20)}"`,
    });
    expect(changedSince({ filter: 'a eq "b"', search: 's eq "t"' }, day(3))).toEqual({
      range: `lastUpdated ge "${day(3)}"`,
      filter: `(a eq "b") and lastUpdated ge "${day(3)}"`,
      search: 's eq "t"',
    });
  });
});

describe('UserMerge', () => {
  it('keeps the newer version of a user read twice, and leaves out what the plain listing would', () => {
    const merge = new UserMerge(record => record.raw?.status !== 'DEPROVISIONED');
    merge.add(user('a', day(5)));
    merge.add(user('b', day(5)));
    merge.add(user('c', day(5)));
    merge.add(user('a', day(9), 'SUSPENDED'));
    merge.add(user('b', day(1), 'SUSPENDED'));
    merge.add(user('c', day(6), 'DEPROVISIONED'));
    expect(merge.size).toBe(3);
    expect(merge.users().map(u => [u.id, u.raw?.status])).toEqual([
      ['a', 'SUSPENDED'],
      ['b', 'ACTIVE'],
    ]);
  });
});
