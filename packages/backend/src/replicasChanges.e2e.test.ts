import crypto from 'node:crypto';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { Client } from 'pg';
import { describeWithPostgres, replicaDatabase, startBackendProcess, waitFor, type BackendProcess } from '@orgsync/test-utils';

/**
 * Change events in the production shape: two backend processes on one
 * PostgreSQL database, an Okta Event Hook delivering to one of them and the
 * System Log polled by whichever replica runs the change task. A person who
 * leaves is gone from both replicas' catalog long before the next scheduled
 * list (every 10 minutes here), whichever replica heard of it.
 */
describeWithPostgres('two replicas with change events on one PostgreSQL database', connectionString => {
  const database = replicaDatabase(connectionString, 'changes');
  const hookSecret = crypto.randomBytes(24).toString('base64url');
  let okta: OktaEmulator;
  const replicas: BackendProcess[] = [];

  const config = () => ({
    backend: { database: database.config() },
    catalog: {
      processingInterval: { seconds: 1 },
      providers: {
        okta: {
          replicated: {
            orgUrl: okta.info.orgUrl,
            token: okta.info.token,
            schedule: { frequency: { minutes: 10 }, timeout: { minutes: 2 }, initialDelay: { seconds: 0 } },
            events: { poll: { enabled: true, interval: { seconds: 2 } }, push: { enabled: true, authorization: hookSecret } },
          },
        },
      },
    },
  });
  const byName = (replica: BackendProcess, name: string) => replica.catalog.byName('user', 'default', name);
  const nameOf = async (id: string) =>
    (await replicas[0].catalog.query(`kind=user,metadata.annotations.okta.com/user-id=${id}`))[0]?.metadata.name;

  beforeAll(async () => {
    okta = await startOktaEmulator({ generate: { users: 80, groups: 8, seed: 9, hostileShare: 0 } });
    replicas.push(await startBackendProcess({ configs: [config()] }));
    replicas.push(await startBackendProcess({ configs: [config()] }));
    await waitFor(
      'the first list on both replicas',
      async () => (await Promise.all(replicas.map(r => r.catalog.query('kind=user')))).every(list => list.length > 60),
      { timeoutMs: 120_000 },
    );
    // The hook delivers to the second replica only.
    const post = (path: string, body?: unknown) =>
      fetch(`${okta.info.orgUrl}${path}`, {
        method: 'POST',
        headers: { Authorization: `SSWS ${okta.info.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async r => (r.ok ? r.json() : Promise.reject(new Error(`${path}: ${r.status} ${await r.text()}`))));
    const hook = (await post('/api/v1/eventHooks', {
      name: 'replica 2',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.deactivate', 'group.user_membership.add', 'group.user_membership.remove'] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: { uri: `http://localhost:${replicas[1].port}/api/catalog/org-sync/okta/replicated`, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: hookSecret } },
      },
    })) as { id: string };
    await post(`/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.kill()));
    await okta?.close();
    await database.drop();
  });

  /** The provider's change signals as a replica's `GET /providers` answers them. */
  const changeSignals = async (replica: BackendProcess) => {
    type Signals = { signals: Array<{ label: string }>; lastDelivery: { at: string } | null };
    const { items } = await replica.catalog.json<{ items: Array<{ name: string; changeSignals: Signals }> }>('/org-sync/providers');
    return items.find(p => p.name === 'okta:replicated')?.changeSignals;
  };
  const lastDelivery = async (replica: BackendProcess) => (await changeSignals(replica))?.lastDelivery ?? null;

  it('people who leave one after another are gone from both replicas within seconds, without a scheduled list', async () => {
    const listsBefore = replicas.map(r => r.output().split('okta:replicated: sync started').length);
    const leavingFrom = Date.now();
    const leavers = okta.org.users().filter(u => u.status === 'ACTIVE').slice(0, 3);
    for (const leaver of leavers) {
      const name = (await nameOf(leaver.id))!;
      expect(name).toBeDefined();
      okta.org.deactivateUser(leaver.id);
      for (const replica of replicas) {
        await waitFor(`${name} gone from replica ${replica.port}`, async () => (await byName(replica, name)) === undefined, { timeoutMs: 30_000, intervalMs: 250 });
      }
    }
    expect(replicas.map(r => r.output().split('okta:replicated: sync started').length)).toEqual(listsBefore);
    const applied = replicas.map(r => r.output().split('okta:replicated: applied changes').length - 1);
    expect(applied.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(1);
    for (const replica of replicas) expect(replica.output()).not.toMatch(/processing changes failed|another replica kept applying/);

    // The hook calls replica 2 only; replica 1 tells its last delivery all the same, from the shared database.
    await okta.org.settleEventHooks();
    expect(okta.org.eventHookDeliveries().filter(d => d.kind === 'events' && d.delivered).length).toBeGreaterThanOrEqual(1);
    const seen = await waitFor('the hook’s delivery in replica 1’s GET /providers', async () => {
      const delivery = await lastDelivery(replicas[0]);
      return delivery && Date.parse(delivery.at) >= leavingFrom ? delivery : undefined;
    });
    expect(seen).toEqual({ via: 'push', at: expect.any(String), outcome: 'accepted', detail: 'HTTP 200' });
    expect(await lastDelivery(replicas[1])).toEqual(seen);
    // Named as the Okta module's receiver and poller label themselves.
    expect((await changeSignals(replicas[0]))?.signals.map(s => s.label)).toEqual(['Okta event hook', 'Okta System Log poll']);
  });

  it('a delivery replayed to the other replica is answered as a duplicate and queues nothing', async () => {
    await okta.org.settleEventHooks();
    const taken = okta.org.eventHookDeliveries().filter(d => d.kind === 'events' && d.delivered).at(-1)!;
    expect(taken.body).toBeDefined();
    const pending = async () => {
      const url = new URL(connectionString);
      url.pathname = `/${database.prefix}catalog`;
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return Number((await client.query("SELECT count(*) AS n FROM org_sync_pending_changes WHERE provider_name = 'okta:replicated'")).rows[0].n);
      } finally {
        await client.end();
      }
    };
    await waitFor('the queue processed', async () => (await pending()) === 0, { timeoutMs: 30_000 });

    // Replica 2 took it from Okta; replica 1 gets it again, as a replay of a captured delivery would come.
    const replay = await fetch(`http://localhost:${replicas[0].port}/api/catalog/org-sync/okta/replicated`, {
      method: 'POST',
      headers: { authorization: hookSecret, 'content-type': 'application/json' },
      body: taken.body,
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ duplicate: true });
    expect(await pending()).toBe(0);
  });

  it('a membership added in Okta shows in spec.memberOf on both replicas', async () => {
    const group = okta.org.groups()[0];
    const person = okta.org.users().find(u => u.status === 'ACTIVE' && !okta.org.memberIds(group.id).includes(u.id))!;
    const name = (await nameOf(person.id))!;
    const memberOf = async (replica: BackendProcess) => ((await byName(replica, name))?.spec?.memberOf as string[] | undefined) ?? [];
    const before = await memberOf(replicas[0]);
    okta.org.addMember(group.id, person.id);
    for (const replica of replicas) {
      await waitFor(`${name} in one more group on replica ${replica.port}`, async () => (await memberOf(replica)).length === before.length + 1, {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
    }
  });
});
