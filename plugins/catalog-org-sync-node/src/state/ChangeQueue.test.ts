import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { ChangeQueue } from './ChangeQueue';
import { migrateStateTables } from './migrations';

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

  it('drops a membership that does not name both ids', async () => {
    const queue = new ChangeQueue(async () => knex, 'github:bad-memberships');
    const bad = [{ user: '', group: 'T_1' }, { user: 'U_1' } as never, { user: 7, group: 'T_1' } as never];
    expect(await queue.add({ memberships: bad })).toBe(0);
    expect((await queue.peek(10)).memberships).toEqual([]);
  });
}

describeOnEachDatabase('ChangeQueue', scenario);
