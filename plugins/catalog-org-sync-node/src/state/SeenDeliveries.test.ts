import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables } from './migrations';
import { SeenDeliveries } from './SeenDeliveries';

function scenario(open: () => Promise<Knex>) {
  let knex: Knex;
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
  });

  it('lets exactly one of two replicas claim a key at the same moment, per provider', async () => {
    const replicas = [new SeenDeliveries(async () => knex, 'okta:main'), new SeenDeliveries(async () => knex, 'okta:main')];
    const claims = await Promise.all([...replicas, ...replicas].map(log => log.claim('event-1', 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await new SeenDeliveries(async () => knex, 'okta:other').claim('event-1', 60_000)).toBe(true);
  });

  it('forgets a key once it expires, and at once when released', async () => {
    let now = 1_000_000;
    const log = new SeenDeliveries(async () => knex, 'msgraph:main', () => now);
    expect(await log.claim('body', 10_000)).toBe(true);
    now += 9_000;
    expect(await log.claim('body', 10_000)).toBe(false);
    now += 2_000;
    expect(await log.claim('body', 10_000)).toBe(true);
    await log.release('body');
    expect(await log.claim('body', 10_000)).toBe(true);
  });
}

describeOnEachDatabase('SeenDeliveries', scenario);
