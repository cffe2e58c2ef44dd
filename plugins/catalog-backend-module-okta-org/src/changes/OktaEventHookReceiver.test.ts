import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { Client } from '@okta/okta-sdk-nodejs';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { DatabaseProviderStateStore, type OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger } from '@orgsync/test-utils';
import { OktaEventHookReceiver } from './OktaEventHookReceiver';

const SECRET = 'a-long-shared-secret-for-the-hook-0123456789';

// The receiver mounted as the engine mounts it (raw Buffer body with a size limit), fed by the emulator's real Event Hook.
describe('OktaEventHookReceiver', () => {
  let okta: OktaEmulator;
  let server: http.Server;
  let url: string;
  let queued: OrgChangeHints[];
  let logger: CapturingLogger;
  let database: Knex;

  beforeEach(async () => {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];
    okta = await startOktaEmulator({ generate: { seed: 41, users: 20, groups: 3 } });
    queued = [];
    logger = new CapturingLogger();
    const receiver = new OktaEventHookReceiver(SECRET, 'okta:main');
    // The engine's delivery log on a real database, as a replica has it.
    database = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    const deliveries = DatabaseProviderStateStore.create({ getClient: async () => database }).deliveryLog('okta:main');
    const app = express();
    const sink = { notify: async (hints: OrgChangeHints) => void queued.push(hints) };
    app.use('/hook', express.raw({ type: () => true, limit: 4096 }), receiver.router({ sink, logger, deliveries }));
    server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterEach(async () => {
    await okta.close();
    await new Promise(resolve => server.close(resolve));
    await database.destroy();
  });

  const client = () => new Client({ orgUrl: okta.info.orgUrl, token: okta.info.token, cacheMiddleware: null });
  async function registerHook(secret = SECRET) {
    const hook = await client().eventHookApi.createEventHook({
      eventHook: {
        name: 'backstage',
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.deactivate', 'group.user_membership.add'] },
        channel: { type: 'HTTP', version: '1.0.0', config: { uri: url, authScheme: { type: 'HEADER', key: 'Authorization', value: secret } } },
      },
    });
    return client().eventHookApi.verifyEventHook({ eventHookId: hook.id! });
  }
  const post = (body: string | Buffer, authorization?: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
  const activeUser = () => okta.org.users().find(u => u.status === 'ACTIVE')!;

  it('passes Okta’s verification and queues the targets of a delivery', async () => {
    expect((await registerHook()).verificationStatus).toBe('VERIFIED');
    const user = activeUser();
    okta.org.deactivateUser(user.id);
    await okta.org.settleEventHooks();
    expect(queued).toEqual([{ users: [user.id], groups: [] }]);
    expect(okta.org.eventHookDeliveries().at(-1)).toMatchObject({ delivered: true, attempts: [200] });
  });

  it('refuses verification with a wrong secret: the hook stays unverified and gets nothing', async () => {
    await expect(registerHook('a-long-but-wrong-secret-0123456789abcdef')).rejects.toMatchObject({ status: 400 });
    expect(logger.text()).toContain('refused an Okta event hook request with a wrong Authorization header (GET');
    expect(logger.text()).not.toContain('a-long-but-wrong-secret');
  });

  it('refuses forged deliveries (no or wrong Authorization) with 401 and queues nothing', async () => {
    await registerHook();
    okta.org.deactivateUser(activeUser().id);
    await okta.org.settleEventHooks();
    const body = okta.org.eventHookDeliveries().at(-1)!.body!;
    queued = [];
    expect((await post(body)).status).toBe(401);
    expect((await post(body, 'a-long-but-wrong-secret-0123456789abcdef')).status).toBe(401);
    expect((await post(body, SECRET.slice(0, -1))).status).toBe(401);
    expect(queued).toEqual([]);
    expect(logger.text()).not.toContain(SECRET);
  });

  it('queues a replayed delivery only once, and refuses an old one', async () => {
    await registerHook();
    okta.org.deactivateUser(activeUser().id);
    await okta.org.settleEventHooks();
    const body = okta.org.eventHookDeliveries().at(-1)!.body!;
    expect((await post(body, SECRET)).status).toBe(200);
    expect(queued).toHaveLength(1);
    const old = JSON.parse(body);
    old.eventId = 'c3b7a8f0-0000-4000-8000-000000000000';
    old.eventTime = new Date(Date.now() - 2 * 3600_000).toISOString();
    const answer = await post(JSON.stringify(old), SECRET);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: expect.stringContaining('more than an hour old') });
    expect(queued).toHaveLength(1);
  });

  it('refuses a delivery whose eventTime is ahead of the clock by more than a few minutes (it would outlive the replay window)', async () => {
    const envelope = (eventTime: string) =>
      JSON.stringify({ eventType: 'com.okta.event_hook', eventId: `future-${eventTime}`, eventTime, data: { events: [] } });
    const future = await post(envelope('2999-01-01T00:00:00.000Z'), SECRET);
    expect(future.status).toBe(400);
    expect(await future.json()).toEqual({ error: 'eventTime 2999-01-01T00:00:00.000Z is more than 5 minutes in the future' });
    expect((await post(envelope(new Date(Date.now() + 6 * 60_000).toISOString()), SECRET)).status).toBe(400);
    // A clock a minute ahead of ours is skew, not a replay.
    expect((await post(envelope(new Date(Date.now() + 60_000).toISOString()), SECRET)).status).toBe(200);
    expect(queued).toEqual([{ users: [], groups: [] }]);
  });

  it('refuses malformed and oversized deliveries with what is wrong, queuing nothing', async () => {
    const now = new Date().toISOString();
    const cases: Array<[string | Buffer, number, RegExp]> = [
      ['not json', 400, /not JSON/],
      ['[]', 400, /not a JSON object/],
      [JSON.stringify({ eventType: 'something.else', eventId: 'x', eventTime: now, data: { events: [] } }), 400, /eventType must be .*com.okta.event_hook/],
      [JSON.stringify({ eventType: 'com.okta.event_hook', eventTime: now, data: { events: [] } }), 400, /eventId/],
      [JSON.stringify({ eventType: 'com.okta.event_hook', eventId: 'x', eventTime: now, data: {} }), 400, /data.events/],
      [Buffer.alloc(10_000, 'a'), 413, /./],
    ];
    for (const [body, status, message] of cases) {
      const answer = await post(body, SECRET);
      expect({ status: answer.status }).toEqual({ status });
      expect(await answer.text()).toMatch(message);
    }
    expect(queued).toEqual([]);
  });
});
