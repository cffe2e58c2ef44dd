import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import {
  describeWithPostgres,
  replicaDatabase,
  refsOf,
  startBackendProcess,
  waitFor,
  type BackendProcess,
} from '@orgsync/test-utils';

/**
 * The production shape: two backend processes on one PostgreSQL database.
 * Backstage's scheduler (scope global) must run each provider's sync on one
 * of them at a time, and a replica killed mid-sync must cost nothing.
 */
describeWithPostgres('two replicas on one PostgreSQL database', connectionString => {
  const database = replicaDatabase(connectionString, 'replicas');
  let okta: OktaEmulator;
  const replicas: BackendProcess[] = [];

  const config = () => {
    return {
      backend: { database: database.config() },
      catalog: {
        processingInterval: { seconds: 2 },
        providers: {
          okta: {
            replicated: {
              orgUrl: okta.info.orgUrl,
              token: okta.info.token,
              schedule: { frequency: { seconds: 6 }, timeout: { seconds: 20 }, initialDelay: { seconds: 0 } },
            },
          },
        },
      },
    };
  };

  /** Every `sync started` / `applied` / `read failed` line of both replicas, in time order. */
  const events = () =>
    replicas
      .flatMap((replica, index) =>
        replica
          .lines()
          .filter(line => /okta:replicated: (sync started|applied|read failed)/.test(line.text))
          .map(line => ({ index, kind: /sync started/.test(line.text) ? ('start' as const) : ('end' as const), at: line.at })),
      )
      // At equal times an end sorts first: a run that ends as another starts does not overlap it.
      .sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'end' ? -1 : 1));

  beforeAll(async () => {
    okta = await startOktaEmulator({ generate: { users: 120, groups: 12, seed: 5 }, latencyMs: 150 });
    replicas.push(await startBackendProcess({ configs: [config()] }));
    replicas.push(await startBackendProcess({ configs: [config()] }));
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.kill()));
    await okta?.close();
    await database.drop();
  });

  it('syncs on one replica at a time and both serve the same catalog', async () => {
    const users = await waitFor(
      'users queryable on both replicas',
      async () => {
        const [a, b] = await Promise.all(replicas.map(r => r.catalog.query('kind=user')));
        return a.length > 100 && a.length === b.length && a;
      },
      { timeoutMs: 120_000 },
    );
    expect(users.length).toBe(okta.org.users().filter(u => u.status !== 'DEPROVISIONED').length);
    // Wait for a few more runs, then check no two runs ever overlapped.
    await waitFor('four completed runs', async () => events().filter(e => e.kind === 'end').length >= 4, { timeoutMs: 90_000 });
    let running = 0;
    let maxRunning = 0;
    for (const event of events()) {
      running += event.kind === 'start' ? 1 : -1;
      maxRunning = Math.max(maxRunning, running);
    }
    expect(maxRunning).toBe(1);
    // One schedule for both, not one per replica. The scheduler plans run k+1 a
    // cadence (6 s) after run k was planned, and a worker picks a planned run up
    // within its poll interval (5 s), so n runs span at least 6(n-1) - 5 s.
    // Two replicas with a schedule each would start about twice as many.
    const starts = events()
      .filter(e => e.kind === 'start')
      .map(e => e.at);
    const span = starts[starts.length - 1] - starts[0];
    expect(starts.length - 1).toBeLessThanOrEqual(Math.floor((span + 5000) / 6000));
  });

  it('loses nothing when the syncing replica is killed mid-run, and the other takes the next run', async () => {
    const before = refsOf(await replicas[1].catalog.query('kind=user'));
    // Catch a replica in the middle of a sync (reads take seconds at 150 ms per request).
    const victim = await waitFor(
      'a replica mid-sync',
      async () => {
        const list = events();
        const last = list[list.length - 1];
        return last?.kind === 'start' ? last.index : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    await replicas[victim].kill();
    const survivor = replicas[1 - victim];
    const appliedBefore = survivor.output().split('okta:replicated: applied').length;
    expect(refsOf(await survivor.catalog.query('kind=user'))).toEqual(before);
    await waitFor(
      'the survivor to apply a run',
      async () => survivor.output().split('okta:replicated: applied').length > appliedBefore,
      { timeoutMs: 90_000 },
    ).catch(error => {
      const tail = survivor.output().split('\n').filter(l => /okta|task|lock|error/i.test(l)).slice(-25).join('\n');
      throw new Error(`${error.message}; survivor's last lines:\n${tail}`);
    });
    expect(refsOf(await survivor.catalog.query('kind=user'))).toEqual(before);
  });
});
