import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables } from './migrations';
import { PlanAcceptances } from './PlanAcceptances';

function scenario(open: () => Promise<Knex>) {
  let knex: Knex;
  /** One provider's acceptances as one replica sees them (each replica has its own objects on the shared database). */
  const replica = (provider = 'okta:main') => new PlanAcceptances(async () => knex, provider);
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
  });

  it('keeps one acceptance per provider through the operations API, and only one of two replicas takes it', async () => {
    await replica().accept('abcdef12', 'user:default/admin');
    await replica().accept('0123abcd', 'user:default/other'); // a later acceptance replaces the earlier one
    await replica('okta:other').accept('abcdef12', 'user:default/admin');
    expect(await replica().pending()).toEqual({ planId: '0123abcd', by: 'user:default/other', via: 'operations-api' });

    const taken = await Promise.all([replica().take(), replica().take()]);
    expect(taken.filter(Boolean)).toEqual([{ planId: '0123abcd', by: 'user:default/other', via: 'operations-api' }]);
    expect(await replica().pending()).toBeUndefined();
    expect(await replica().take()).toBeUndefined();
    expect(await replica('okta:other').pending()).toMatchObject({ planId: 'abcdef12' });
  });

  it('spends a guard.acceptPlan value once across replicas and restarts; a changed, or removed and set again, value is a new acceptance', async () => {
    const spent = await Promise.all([replica().spendConfigPlan('abcdef12', 'run-1'), replica().spendConfigPlan('abcdef12', 'run-2')]);
    expect(spent.sort()).toEqual([false, true]);
    expect(await replica().spendConfigPlan('abcdef12', 'run-3')).toBe(false); // the same value, a later run
    expect(await replica().spentConfigPlan()).toMatchObject({ planId: 'abcdef12', runId: expect.stringMatching(/^run-[12]$/) });
    expect(await replica('okta:other').spendConfigPlan('abcdef12', 'run-4')).toBe(true); // spent per provider

    const changed = await Promise.all([replica().spendConfigPlan('0123abcd', 'run-5'), replica().spendConfigPlan('0123abcd', 'run-6')]);
    expect(changed.sort()).toEqual([false, true]);
    expect(await replica().spendConfigPlan('abcdef12', 'run-7')).toBe(true); // set again after another value: a new acceptance
    await replica().forgetSpentConfigPlan(); // a run without the setting
    expect(await replica().spendConfigPlan('abcdef12', 'run-8')).toBe(true); // set again after it was removed: a new acceptance
    expect(await replica().spendConfigPlan('abcdef12', 'run-9')).toBe(false);
  });
}

describeOnEachDatabase('PlanAcceptances', scenario);
