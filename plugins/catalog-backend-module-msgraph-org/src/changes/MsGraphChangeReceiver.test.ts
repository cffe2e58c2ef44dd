import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { startGraphEmulator, type GraphEmulator } from '@orgsync/idp-emulators';
import { DatabaseProviderStateStore, type JsonValue, type OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger } from '@orgsync/test-utils';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { emulatorProviderConfig } from '../__testing__/harness';
import { readMicrosoftGraphProviderConfig } from '../config';
import { MsGraphOrgSource } from '../source/MsGraphOrgSource';
import { receiverPath } from './eventsConfig';
import { MsGraphChangeReceiver, RENEW_BEFORE_MS } from './MsGraphChangeReceiver';

// The receiver's route mounted as the engine mounts it (raw body, size limit) on a real HTTP server;
// the emulator validates it, renews and notifies through real HTTP. The sink records what would be queued.
const CLIENT_STATE = 'a-client-state-of-thirty-two-chars!';
let emulator: GraphEmulator;
let server: http.Server;
let receiver: MsGraphChangeReceiver;
let queued: OrgChangeHints[];
let url: string;
let clock: number;
let database: Knex;
const logger = new CapturingLogger();
const signal = new AbortController().signal;

beforeEach(async () => {
  clock = Date.now();
  emulator = await startGraphEmulator({ generate: { users: 30, groups: 5, seed: 17 }, now: () => clock, tokenLifetimeSeconds: 60 * 24 * 3600 });
  queued = [];
  const app = express();
  server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${receiverPath('p')}`;
  const raw = emulatorProviderConfig(emulator) as ConstructorParameters<typeof ConfigReader>[0];
  const config = readMicrosoftGraphProviderConfig(new ConfigReader(raw), 'p', 'catalog.providers.microsoftGraphOrg.p');
  receiver = new MsGraphChangeReceiver({ source: new MsGraphOrgSource({ config }), notificationUrl: url, clientState: CLIENT_STATE, name: 'p', now: () => clock });
  const sink = { notify: async (hints: OrgChangeHints) => void queued.push(hints) };
  // The engine's delivery log on a real database, as a replica has it.
  database = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  const deliveries = DatabaseProviderStateStore.create({ getClient: async () => database }).deliveryLog('p');
  app.use(receiverPath('p'), express.raw({ type: () => true, limit: 64 * 1024 }), receiver.router({ sink, logger, deliveries }));
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
  await emulator.close();
  await database.destroy();
});

const post = (body: string, query = '') => fetch(`${url}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const maintain = (state?: JsonValue) => receiver.maintain({ state, signal, logger });

test('maintain creates both subscriptions (the emulator validates the route), then notifications become hints', async () => {
  const state = (await maintain()) as { subscriptions: Record<string, { id: string }> };
  const subs = emulator.subscriptions.list();
  expect(subs.map(s => s.resource).sort()).toEqual(['groups', 'users']);
  expect(subs.every(s => s.notificationUrl === url && s.lifecycleNotificationUrl === url && s.changeType === 'updated,deleted')).toBe(true);
  expect(state.subscriptions.users.id).toBe(subs.find(s => s.resource === 'users')!.id);

  const user = emulator.org.users()[0];
  const group = emulator.org.groups()[0];
  emulator.org.disableUser(user.id);
  emulator.org.addMember(group.id, emulator.org.users().find(u => !emulator.org.members(group.id).includes(u.id))!.id);
  await emulator.subscriptions.idle();
  expect(queued).toEqual([{ users: [user.id] }, { groups: [group.id] }]);
  expect(emulator.subscriptions.deliveries().filter(d => d.kind === 'change').map(d => d.status)).toEqual([202, 202]);

  // An idle upkeep keeps them: one request (the list).
  emulator.server.resetCounters();
  expect(await maintain(state as unknown as JsonValue)).toEqual(state);
  expect(emulator.server.counters().total).toBe(1);
});

test('renewed well before expiry; recreated when removed or expired; reauthorized when Graph asks', async () => {
  let state = await maintain();
  const first = emulator.subscriptions.list().find(s => s.resource === 'users')!;
  clock = Date.parse(first.expirationDateTime) - RENEW_BEFORE_MS + 60_000;
  state = await maintain(state);
  const renewed = emulator.subscriptions.list().find(s => s.resource === 'users')!;
  expect(renewed.id).toBe(first.id);
  expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(first.expirationDateTime));

  const admin = (path: string, body: unknown) =>
    fetch(`${emulator.info.url}/__admin/graph/subscriptions${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await admin(`/${renewed.id}/lifecycle`, { lifecycleEvent: 'reauthorizationRequired' });
  await emulator.subscriptions.idle();
  expect(emulator.subscriptions.needsReauthorization(renewed.id)).toBe(true);
  state = await maintain(state);
  expect(emulator.subscriptions.needsReauthorization(renewed.id)).toBe(false);

  await admin(`/${renewed.id}/lifecycle`, { lifecycleEvent: 'subscriptionRemoved' });
  await emulator.subscriptions.idle();
  expect(queued.at(-1)?.resync).toMatch(/removed/);
  state = await maintain(state);
  const recreated = emulator.subscriptions.list().find(s => s.resource === 'users')!;
  expect(recreated.id).not.toBe(renewed.id);

  await fetch(`${emulator.info.url}/__admin/graph/subscriptions/${recreated.id}/expire`, { method: 'POST' });
  await maintain(state);
  expect(emulator.subscriptions.list().map(s => s.resource).sort()).toEqual(['groups', 'users']);
  expect(emulator.subscriptions.list().find(s => s.resource === 'users')!.id).not.toBe(recreated.id);
});

test('missed → a resync hint', async () => {
  await maintain();
  const sub = emulator.subscriptions.list()[0];
  await fetch(`${emulator.info.url}/__admin/graph/subscriptions/${sub.id}/lifecycle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lifecycleEvent: 'missed' }),
  });
  await emulator.subscriptions.idle();
  expect(queued).toEqual([{ resync: expect.stringMatching(/missed/) }]);
});

describe('refused deliveries queue nothing', () => {
  const notification = (overrides: Record<string, unknown> = {}) => ({
    subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
    subscriptionExpirationDateTime: new Date(clock + 3600_000).toISOString(),
    changeType: 'updated',
    resource: 'Users/2b1a2c3d-1111-2222-3333-444455556666',
    resourceData: { '@odata.type': '#Microsoft.Graph.User', '@odata.id': 'Users/2b1a2c3d-1111-2222-3333-444455556666', id: '2b1a2c3d-1111-2222-3333-444455556666' },
    clientState: CLIENT_STATE,
    tenantId: emulator.info.tenantId,
    ...overrides,
  });

  test('validation handshake echoes the token as text/plain', async () => {
    const res = await post('', '?validationToken=Validation%3A%20Testing%20%3Cb%3E');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('Validation: Testing <b>');
  });

  test('a forged clientState (in any item) → 403, missing → 403; the log never shows the secret', async () => {
    expect((await post(JSON.stringify({ value: [notification({ clientState: 'guess' })] }))).status).toBe(403);
    expect((await post(JSON.stringify({ value: [notification(), notification({ clientState: undefined })] }))).status).toBe(403);
    expect(queued).toEqual([]);
    expect(logger.text()).toMatch(/refused a Microsoft Graph notification delivery \(403\)/);
    expect(logger.text()).not.toContain(CLIENT_STATE);
  });

  test('malformed → 400, oversized → 413, a replay → accepted once, an expired subscription’s → 403', async () => {
    for (const body of ['{not json', JSON.stringify({}), JSON.stringify({ value: [] }), JSON.stringify({ value: [notification({ resourceData: { id: 'x' }, resource: 'me' })] })]) {
      expect((await post(body)).status).toBe(400);
    }
    expect((await post(JSON.stringify({ value: Array.from({ length: 2000 }, () => notification()) }))).status).toBe(413);
    expect(queued).toEqual([]);

    const valid = JSON.stringify({ value: [notification()] });
    expect((await post(valid)).status).toBe(202);
    expect((await post(valid)).status).toBe(202);
    expect(queued).toEqual([{ users: ['2b1a2c3d-1111-2222-3333-444455556666'] }]);

    clock += 2 * 3600_000;
    expect((await post(JSON.stringify({ value: [notification({ subscriptionExpirationDateTime: new Date(clock - 60_000).toISOString() })] }))).status).toBe(403);
    expect(queued).toHaveLength(1);
  });
});

test('a rotated clientState or moved URL replaces both subscriptions (the old ones deleted)', async () => {
  const state = await maintain();
  const before = emulator.subscriptions.list().map(s => s.id);
  const raw = emulatorProviderConfig(emulator) as ConstructorParameters<typeof ConfigReader>[0];
  const config = readMicrosoftGraphProviderConfig(new ConfigReader(raw), 'p', 'catalog.providers.microsoftGraphOrg.p');
  const rotated = new MsGraphChangeReceiver({ source: new MsGraphOrgSource({ config }), notificationUrl: url, clientState: `${CLIENT_STATE}-new`, name: 'p', now: () => clock });
  const next = await rotated.maintain({ state, signal, logger });
  const after = emulator.subscriptions.list().map(s => s.id);
  expect(after).toHaveLength(2);
  expect(after.some(id => before.includes(id))).toBe(false);
  expect(JSON.stringify(next)).not.toContain(CLIENT_STATE);
});
