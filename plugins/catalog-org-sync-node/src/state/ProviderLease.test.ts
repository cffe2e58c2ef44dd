import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables } from './migrations';
import { ProviderLease } from './ProviderLease';

function scenario(open: () => Promise<Knex>) {
  let knex: Knex;
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
  });

  it('one holder at a time per provider; others wait, another provider is free', async () => {
    // Two replicas' leases for one provider: each has its own holder id, the database decides.
    const a = new ProviderLease(async () => knex, 'okta:main');
    const b = new ProviderLease(async () => knex, 'okta:main');
    const other = new ProviderLease(async () => knex, 'okta:other');
    expect(await a.tryAcquire(60_000)).toBe(true);
    expect(await b.tryAcquire(60_000)).toBe(false);
    expect(await other.tryAcquire(60_000)).toBe(true);
    expect(await a.tryAcquire(60_000)).toBe(true); // the holder extends its own lease
    const waiting = b.acquire(60_000, 5_000, undefined, 50);
    await new Promise(resolve => setTimeout(resolve, 200));
    await a.release();
    expect(await waiting).toBe(true);
    expect(await a.tryAcquire(60_000)).toBe(false);
    await b.release();
    await other.release();
  });

  it('a lease whose holder died expires', async () => {
    const crashed = new ProviderLease(async () => knex, 'msgraph:main');
    const next = new ProviderLease(async () => knex, 'msgraph:main');
    expect(await crashed.tryAcquire(100)).toBe(true);
    expect(await next.tryAcquire(60_000)).toBe(false);
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(await next.tryAcquire(60_000)).toBe(true);
    await next.release();
  });
}

describeOnEachDatabase('ProviderLease', scenario);
