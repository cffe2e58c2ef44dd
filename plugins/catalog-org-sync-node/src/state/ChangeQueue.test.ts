import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { ChangeQueue } from './ChangeQueue';
import { migrateStateTables } from './migrations';

/** `count` distinct ids starting with `prefix`. */
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

function scenario(open: () => Promise<Knex>) {
  let knex: Knex;
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
  });

  it('keeps memberships as pairs, one row per pair however often named, apart from users and groups', async () => {
    const queue = new ChangeQueue(async () => knex, 'github:memberships');
    const edge = { user: 'U_1', group: 'T_1' };
    await queue.add({ users: ['U_1'], memberships: [edge, { ...edge }] });
    await queue.add({ memberships: [edge, { user: 'U_2', group: 'T_1' }, { user: 'U_"a b"', group: 'T_[1]' }] });
    await queue.add({ groups: ['T_1'] });

    const pending = await queue.peek(100);
    expect(pending.users).toEqual(['U_1']);
    expect(pending.groups).toEqual(['T_1']);
    expect(pending.memberships).toEqual(
      expect.arrayContaining([edge, { user: 'U_2', group: 'T_1' }, { user: 'U_"a b"', group: 'T_[1]' }]),
    );
    expect(pending.memberships).toHaveLength(3);
    expect(await queue.size()).toBe(5);

    await queue.done(pending.taken);
    expect(await queue.size()).toBe(0);
  });

  it('removes what a run took, apart from entries noted again since it took them', async () => {
    const queue = new ChangeQueue(async () => knex, 'scim:done');
    await queue.add({ users: ids('u', 450), groups: ['g1'] });
    await queue.add({ users: ['u451'] });
    const pending = await queue.peek(1000);
    expect(pending.taken).toHaveLength(452);
    const takenAt = Math.max(...pending.taken.map(entry => entry.notedAt));
    while (Date.now() <= takenAt); // the next noting must be later than the taking, to the millisecond the queue keeps
    await queue.add({ users: ['u7', 'u451'] });
    await queue.done(pending.taken);
    const left = await queue.peek(1000);
    expect(left.users.sort()).toEqual(['u451', 'u7']);
    expect(left.groups).toEqual([]);
  });

  it('drops a membership that does not name both ids', async () => {
    const queue = new ChangeQueue(async () => knex, 'github:bad-memberships');
    const bad = [{ user: '', group: 'T_1' }, { user: 'U_1' } as never, { user: 7, group: 'T_1' } as never];
    expect(await queue.add({ memberships: bad })).toEqual({ entries: 0 });
    expect((await queue.peek(10)).memberships).toEqual([]);
  });

  it('queues one full read instead of the records when a signal names more than it may', async () => {
    const queue = new ChangeQueue(async () => knex, 'okta:flood', { idsPerSignal: 10, queued: 100 });
    expect(await queue.add({ users: ids('u', 6), groups: ids('g', 4) })).toEqual({ entries: 10 });
    await queue.done((await queue.peek(100)).taken);

    const flood = await queue.add({ users: ids('u', 8), memberships: [{ user: 'u1', group: 'g1' }, { user: 'u2', group: 'g1' }, { user: 'u3', group: 'g1' }] });
    expect(flood).toEqual({ entries: 1, overflow: 'named 11 records, more than the 10 one change signal may name' });
    expect(await queue.peek(100)).toMatchObject({ users: [], groups: [], memberships: [], resync: true });
    expect(await queue.size()).toBe(1);
  });

  it('turns into one full read once it would hold more than its cap, and the full read is seen behind the oldest entries', async () => {
    const queue = new ChangeQueue(async () => knex, 'okta:backlog', { idsPerSignal: 10, queued: 25 });
    for (let i = 0; i < 5; i++) expect(await queue.add({ users: ids(`u${i}-`, 5) })).toEqual({ entries: 5 });
    expect(await queue.add({ groups: ['g1'] })).toEqual({ entries: 1, overflow: 'would make the change queue hold 26 entries, more than 25' });
    expect(await queue.size()).toBe(26);
    // A change run takes the oldest few; the full read queued behind them is what it makes.
    const pending = await queue.peek(5);
    expect(pending.users).toHaveLength(5);
    expect(pending.groups).toEqual([]);
    expect(pending.resync).toBe(true);
  });
}

describeOnEachDatabase('ChangeQueue', scenario);
