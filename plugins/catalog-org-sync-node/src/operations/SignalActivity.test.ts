import { CapturingLogger, describeOnEachDatabase, waitFor } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables, SIGNAL_ACTIVITY } from '../state/migrations';
import { SignalActivity } from './SignalActivity';

function scenario(open: () => Promise<Knex>) {
  let knex: Knex;
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
  });

  /** A replica of the backend: its own SignalActivity on the shared database, with a clock of its own. */
  const replica = (now: () => number) => new SignalActivity(async () => knex, new CapturingLogger(), now);
  const atOf = (ms: number) => new Date(ms).toISOString();

  it('answers on every replica what any replica saw last, and never moves a row back in time', async () => {
    const a = replica(() => 2_000_000);
    const b = replica(() => 1_000_000);
    a.note('okta:main', { via: 'push', outcome: 'accepted' });
    await waitFor('the push noted by replica a', async () => (await b.latest('okta:main')).length === 1);
    expect(await b.latest('okta:main')).toEqual([{ via: 'push', at: atOf(2_000_000), outcome: 'accepted' }]);

    // Replica b's clock is behind: its older push does not replace the newer one.
    b.note('okta:main', { via: 'push', outcome: 'rejected' });
    b.note('okta:main', { via: 'poll', outcome: 'failed', detail: 'x'.repeat(600) });
    const seen = await waitFor('the poll noted by replica b', async () => {
      const rows = await a.latest('okta:main');
      return rows.length === 2 && rows;
    });
    expect(seen.map(s => [s.via, s.at, s.outcome, s.detail?.length])).toEqual([
      ['push', atOf(2_000_000), 'accepted', undefined],
      ['poll', atOf(1_000_000), 'failed', 512],
    ]);
    expect(await a.latest('okta:other')).toEqual([]);
  });

  it('writes a burst of deliveries a row at a time, the newest last: 1,000 pushes are a few writes, not 1,000', async () => {
    let clock = 5_000_000;
    const activity = replica(() => clock);
    let writes = 0;
    const count = (query: { sql: string }) => {
      if (query.sql.includes(SIGNAL_ACTIVITY) && query.sql.toLowerCase().startsWith('insert')) writes++;
    };
    knex.on('query', count);
    try {
      for (let i = 0; i < 1000; i++) {
        clock++;
        activity.note('github:acme', { via: 'event', outcome: i % 2 ? 'accepted' : 'rejected' });
      }
      const last = await waitFor('the last of the burst', async () => {
        const [row] = await activity.latest('github:acme');
        return row?.at === atOf(clock) && row;
      });
      expect(last).toEqual({ via: 'event', at: atOf(clock), outcome: 'accepted' });
      expect(writes).toBeGreaterThanOrEqual(1);
      expect(writes).toBeLessThanOrEqual(3);
    } finally {
      knex.off('query', count);
    }
  });
}

describeOnEachDatabase('SignalActivity', scenario);
