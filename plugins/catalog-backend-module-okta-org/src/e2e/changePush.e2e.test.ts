import { randomUUID } from 'node:crypto';
import { TestDatabases } from '@backstage/backend-test-utils';
import { startOktaEmulator, type OktaEmulator, type OktaLogEvent } from '@orgsync/idp-emulators';
import { describeWithPostgres, installedModule, rawPost, useOrgSyncFixture, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { activeMembers, catalogByOktaId, createEventHook, listedUsers, LOCATION, pendingChanges, sdkClient, USER_LIST, userName } from '../__testing__/changeEvents';
import { processedEntities, providerConfig, useOktaFixture } from '../__testing__/harness';
import catalogModuleOktaOrg from '../index';

// Test values only: the shared secret of the Event Hook.
const SECRET = 'event-hook-secret-0123456789abcdef';
// Room for a delivery naming more records than one signal may (the engine's cap is 1,000).
const MAX_BODY = 64 * 1024;
const BODY_TIMEOUT_MS = 1000;
const USER_BY_ID = 'GET /api/v1/users/:idOrLogin';

const hookUrl = (backend: CatalogTestBackend) => `${backend.catalog.baseUrl}/api/catalog/org-sync/okta/main`;

/** A `com.okta.event_hook` envelope as Okta sends it. */
function envelope(events: unknown[], eventTime = new Date()): string {
  return JSON.stringify({
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: 'https://example.okta.com/api/v1/eventHooks/whoExample',
    eventId: randomUUID(),
    data: { events },
    eventTime: eventTime.toISOString(),
    contentType: 'application/json',
  });
}

function post(backend: CatalogTestBackend, body: string, authorization?: string): Promise<Response> {
  return fetch(hookUrl(backend), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body,
  });
}

const gone = async (backend: CatalogTestBackend, name: string) => (await backend.catalog.request(`/entities/by-name/user/default/${name}`)).status === 404;

/** The System Log events the emulator recorded about one user. */
const eventsAbout = (okta: OktaEmulator, userId: string): OktaLogEvent[] => okta.org.logEvents().filter(e => e.target?.some(t => t.id === userId));

const events = {
  poll: { interval: { hours: 1 } },
  push: { enabled: true, authorization: SECRET, maxBodyBytes: MAX_BODY, bodyTimeout: { milliseconds: BODY_TIMEOUT_MS } },
};

function scenario(database: () => Promise<Knex>) {
  // Declared before the fixture, so it runs before the fixture stops the backend: hook deliveries still in flight end.
  afterAll(() => fixture.emulator.org.settleEventHooks());
  const fixture = useOktaFixture({
    emulator: () => startOktaEmulator({ generate: { users: 40, groups: 6, seed: 41, hostileShare: 0 } }),
    database,
    providers: okta => ({ main: providerConfig(okta, { events }) }),
  });
  let hookId: string;
  let leaver: { id: string; name: string };
  const provider = () => fixture.provider('main');

  beforeAll(async () => {
    expect(await provider().run()).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full' });
    await processedEntities(fixture.catalog, LOCATION, listedUsers(fixture.emulator).length + fixture.emulator.org.groups().length);
  });

  it('an Event Hook registered through the Management API is verified through the mounted route; a hook with another secret is not', async () => {
    const client = sdkClient(fixture.emulator);
    const hook = await createEventHook(fixture.emulator, hookUrl(fixture.backend), SECRET);
    hookId = hook.id!;
    expect((await client.eventHookApi.verifyEventHook({ eventHookId: hookId })).verificationStatus).toBe('VERIFIED');

    const wrong = await createEventHook(fixture.emulator, hookUrl(fixture.backend), 'another-secret-0123456789abcdefgh');
    await expect(client.eventHookApi.verifyEventHook({ eventHookId: wrong.id! })).rejects.toThrow(/verification failed: the endpoint answered 401/);
    expect((await client.eventHookApi.getEventHook({ eventHookId: wrong.id! })).verificationStatus).toBe('UNVERIFIED');
    expect(fixture.logger.text()).not.toContain(SECRET);
  });

  it('a deactivated person is gone from the catalog once Okta delivers the event, without a scheduled read or a change round being called', async () => {
    const [id] = activeMembers(fixture.emulator);
    leaver = { id, name: await userName(fixture.catalog, id) };
    fixture.emulator.server.resetCounters();
    fixture.emulator.org.deactivateUser(id);

    await waitFor(`user:default/${leaver.name} answering 404`, () => gone(fixture.backend, leaver.name));
    const run = await fixture.waitForRun('main', latest => latest.trigger === 'changes');
    expect(run).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { removed: 1, added: 0 } });
    expect(fixture.emulator.server.counters().byRoute[USER_LIST] ?? 0).toBe(0);
    await fixture.emulator.org.settleEventHooks();
    const delivery = fixture.emulator.org.eventHookDeliveries().find(d => d.kind === 'events' && d.hookId === hookId);
    expect(delivery).toMatchObject({ delivered: true, attempts: [200] });
    // The groups are re-applied in the same mutation; the catalog serves them once it has processed them.
    await waitFor(`no group listing ${leaver.name}`, async () => {
      const { groups } = await catalogByOktaId(fixture.catalog);
      return [...groups.values()].every(g => !((g.spec?.members as string[] | undefined) ?? []).includes(`user:default/${leaver.name}`));
    });
  });

  it('a forged delivery (no or a wrong Authorization) is refused with 401, logged without the secret, and nothing is applied', async () => {
    const client = sdkClient(fixture.emulator);
    // Okta delivers nothing while the hook is inactive: only the forged and the genuine posts below reach the backend.
    await client.eventHookApi.deactivateEventHook({ eventHookId: hookId });
    const [id] = activeMembers(fixture.emulator);
    const name = await userName(fixture.catalog, id);
    fixture.emulator.org.deactivateUser(id);
    const body = envelope(eventsAbout(fixture.emulator, id));
    fixture.logger.clear();

    expect((await post(fixture.backend, body)).status).toBe(401);
    expect((await post(fixture.backend, body, 'wrong-secret-0123456789abcdef0123')).status).toBe(401);
    expect((await post(fixture.backend, body, `${SECRET}x`)).status).toBe(401);
    expect(await pendingChanges(fixture.database!)).toBe(0);
    expect(await provider().processChanges()).toBeUndefined();
    expect(await fixture.catalog.byName('user', 'default', name)).toBeDefined();
    expect(fixture.logger.text()).toContain('refused an Okta event hook request without an Authorization header');
    expect(fixture.logger.text()).toContain('refused an Okta event hook request with a wrong Authorization header');
    expect(fixture.logger.text()).not.toContain(SECRET);

    // The same delivery with the right header is taken and applied at once.
    expect((await post(fixture.backend, body, SECRET)).status).toBe(200);
    await waitFor(`user:default/${name} answering 404`, () => gone(fixture.backend, name));
    await client.eventHookApi.activateEventHook({ eventHookId: hookId });
  });

  it('an oversized delivery is refused with 413 and a malformed one with 400; nothing is queued', async () => {
    const [id] = activeMembers(fixture.emulator);
    const padded = JSON.parse(envelope(eventsAbout(fixture.emulator, id))) as Record<string, unknown>;
    padded.padding = 'x'.repeat(MAX_BODY);
    expect((await post(fixture.backend, JSON.stringify(padded), SECRET)).status).toBe(413);

    const notJson = await post(fixture.backend, '{"eventType": "com.okta.event_hook", ', SECRET);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'the body is not JSON' });
    const noEvents = await post(fixture.backend, JSON.stringify({ eventType: 'com.okta.event_hook', eventId: randomUUID(), eventTime: new Date().toISOString() }), SECRET);
    expect(noEvents.status).toBe(400);
    expect(await noEvents.json()).toEqual({ error: 'data.events is missing or not a list' });
    const stale = await post(fixture.backend, envelope(eventsAbout(fixture.emulator, id), new Date(Date.now() - 2 * 60 * 60 * 1000)), SECRET);
    expect(stale.status).toBe(400);
    expect(await pendingChanges(fixture.database!)).toBe(0);
    expect(await fixture.catalog.byName('user', 'default', await userName(fixture.catalog, id))).toBeDefined();
  });

  it('a replayed or late delivery naming a person who was deactivated never brings them back: the re-read decides', async () => {
    // The very delivery Okta sent about the leaver, replayed: the same envelope is not queued again.
    const sent = fixture.emulator.org.eventHookDeliveries().find(d => d.kind === 'events' && d.hookId === hookId && eventsAbout(fixture.emulator, leaver.id).some(e => d.eventUuids.includes(e.uuid)));
    expect(sent?.body).toBeDefined();
    const replay = await post(fixture.backend, sent!.body!, SECRET);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ duplicate: true });

    // A late "added to a group" and "activated" about the leaver, in a new envelope: queued, re-read, and Okta says deprovisioned.
    const group = fixture.emulator.org.groups()[0];
    const earlier = eventsAbout(fixture.emulator, leaver.id)[0];
    const userTarget = earlier.target.find(t => t.id === leaver.id)!;
    const groupTarget = { id: group.id, type: 'UserGroup', alternateId: group.profile.name, displayName: group.profile.name, detailEntry: null };
    const late = (eventType: string, target: unknown[]) => ({ ...earlier, uuid: randomUUID(), published: new Date().toISOString(), eventType, target });
    const addedEvent = late('group.user_membership.add', [userTarget, groupTarget]);
    const activatedEvent = late('user.lifecycle.activate', [userTarget]);
    const before = provider().lastRun();
    expect((await post(fixture.backend, envelope([addedEvent, activatedEvent]), SECRET)).status).toBe(200);
    const run = await waitFor('the change run for the late delivery', async () => provider().lastRun() !== before && provider().lastRun());
    // Nothing to apply: the leaver stays out, and no group takes them back.
    expect(run).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { added: 0, changed: 0, removed: 0 } });
    expect(await gone(fixture.backend, leaver.name)).toBe(true);
    const groupEntity = (await catalogByOktaId(fixture.catalog)).groups.get(group.id);
    expect((groupEntity?.spec?.members as string[] | undefined) ?? []).not.toContain(`user:default/${leaver.name}`);
  });

  it('a declared Content-Length above maxBodyBytes is answered 413 at once, and the connection closed', async () => {
    const answer = await rawPost(hookUrl(fixture.backend), { contentLength: 100_000_000, chunks: ['{"a'], headers: { authorization: SECRET }, answerWithinMs: 10_000 });
    expect(answer).toMatchObject({ status: 413, closedByServer: true });
    expect(answer.afterMs).toBeLessThan(BODY_TIMEOUT_MS);
    expect(await pendingChanges(fixture.database!)).toBe(0);
  });

  it('a body that trickles in is answered 408 once events.push.bodyTimeout has passed, and the connection closed', async () => {
    const body = envelope([]);
    const chunks = [...body.slice(0, 40)];
    const answer = await rawPost(hookUrl(fixture.backend), { contentLength: body.length, chunks, everyMs: 200, headers: { authorization: SECRET }, answerWithinMs: 10_000 });
    expect(answer).toMatchObject({ status: 408, closedByServer: true });
    expect(answer.afterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(answer.afterMs).toBeLessThan(BODY_TIMEOUT_MS + 2000);
    expect(await pendingChanges(fixture.database!)).toBe(0);
  });

  it('a delivery dated further ahead than the clock skew allows is refused with 400; nothing is queued', async () => {
    const [id] = activeMembers(fixture.emulator);
    const answer = await post(fixture.backend, envelope(eventsAbout(fixture.emulator, id), new Date('2999-01-01T00:00:00Z')), SECRET);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'eventTime 2999-01-01T00:00:00.000Z is more than 5 minutes in the future' });
    expect(await pendingChanges(fixture.database!)).toBe(0);
  });

  it('a delivery naming more records than one signal may is one scheduled-style read, not a read per record', async () => {
    const flood = Array.from({ length: 1001 }, (_, i) => ({ id: `00uflood${String(i).padStart(12, '0')}`, type: 'User' }));
    const event = { uuid: randomUUID(), published: new Date().toISOString(), eventType: 'user.lifecycle.deactivate', target: flood };
    fixture.emulator.server.resetCounters();
    const before = provider().lastRun();
    expect((await post(fixture.backend, envelope([event]), SECRET)).status).toBe(200);
    const run = await waitFor('the run the flood asked for', async () => provider().lastRun() !== before && provider().lastRun());
    // The scheduled-style read (incremental where the last full read is recent enough), never a re-read by id.
    expect(run).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: expect.stringMatching(/^(full|incremental)$/) });
    expect(fixture.emulator.server.counters().byRoute[USER_BY_ID] ?? 0).toBe(0);
    expect(fixture.logger.text()).toContain('okta event hook named 1001 records, more than the 1000 one change signal may name; one full read is queued instead');
  });
}

describe('Okta Event Hooks through the real backend, on SQLite', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  scenario(() => databases.init('SQLITE_3'));
});

describeWithPostgres('Okta Event Hooks through the real backend, on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});

describe('Okta Event Hooks with the published module (catalogModuleOktaOrg) in a real backend', () => {
  // Declared before the fixture, so it runs before the fixture stops the backend: hook deliveries still in flight end.
  afterAll(() => fixture.emulator.org.settleEventHooks());
  const fixture = useOrgSyncFixture({
    module: installedModule('okta'),
    features: () => [catalogModuleOktaOrg],
    emulator: () => startOktaEmulator({ generate: { users: 20, groups: 4, seed: 43, hostileShare: 0 } }),
    providers: okta => ({
      main: { ...providerConfig(okta, { events: { push: { enabled: true, authorization: SECRET } } }), schedule: { frequency: { hours: 1 }, timeout: { minutes: 2 } } },
    }),
  });

  beforeAll(async () => {
    // The module's own schedule makes the first read at start-up.
    await processedEntities(fixture.catalog, LOCATION, listedUsers(fixture.emulator).length + fixture.emulator.org.groups().length);
  });

  it('mounts the receiver: the hook verifies and a deactivation leaves the catalog', async () => {
    const hook = await createEventHook(fixture.emulator, hookUrl(fixture.backend), SECRET);
    expect((await sdkClient(fixture.emulator).eventHookApi.verifyEventHook({ eventHookId: hook.id! })).verificationStatus).toBe('VERIFIED');
    const [id] = activeMembers(fixture.emulator);
    const name = await userName(fixture.catalog, id);
    fixture.emulator.server.resetCounters();
    fixture.emulator.org.deactivateUser(id);
    await waitFor(`user:default/${name} answering 404`, () => gone(fixture.backend, name));
    expect(fixture.emulator.server.counters().byRoute[USER_LIST] ?? 0).toBe(0);
  });
});
