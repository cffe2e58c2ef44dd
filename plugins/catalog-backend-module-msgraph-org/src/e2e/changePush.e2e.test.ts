import { TestDatabases } from '@backstage/backend-test-utils';
import { startGraphEmulator, type GraphEmulator, type GraphSubscription } from '@orgsync/idp-emulators';
import { describeWithPostgres, installedModule, useOrgSyncFixture, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { enabledMembers, entityOf, MAIN, pendingChanges, processedAll, userGone } from '../__testing__/changeEvents';
import { annotation, emulatorProviderConfig, graphRequests, specOf, startHarness, type Harness } from '../__testing__/harness';
import { startIngress } from '../__testing__/ingress';
import { catalogModuleMsGraphOrg } from '../module';

// Test values only: the clientState Graph sends back in every notification.
const CLIENT_STATE = 'client-state-for-tests-0123456789abcdef';
const MAX_BODY = 4096;
const ROUTE = '/api/catalog/org-sync/msgraph/main';

const pushEvents = (publicUrl: string) => ({
  // Change rounds only when pushed (and once at start-up, when the subscriptions are made).
  poll: { interval: { hours: 1 } },
  push: { enabled: true, notificationUrl: `${publicUrl}${ROUTE}`, clientState: CLIENT_STATE, maxBodyBytes: MAX_BODY },
});

/** A change notification as Graph sends it, about one user (or, with `membersDelta`, one group). */
function notification(e: GraphEmulator, subscription: GraphSubscription, id: string, clientState: string | undefined, membersDelta?: unknown[]) {
  const kind = membersDelta ? 'Groups' : 'Users';
  return {
    subscriptionId: subscription.id,
    subscriptionExpirationDateTime: subscription.expirationDateTime,
    changeType: 'updated',
    resource: `${kind}/${id}`,
    resourceData: {
      '@odata.type': membersDelta ? '#Microsoft.Graph.Group' : '#Microsoft.Graph.User',
      '@odata.id': `${kind}/${id}`,
      id,
      organizationId: e.info.tenantId,
      ...(membersDelta ? { 'members@delta': membersDelta } : {}),
    },
    ...(clientState === undefined ? {} : { clientState }),
    tenantId: e.info.tenantId,
  };
}

const post = (backend: CatalogTestBackend, body: string) =>
  fetch(`${backend.catalog.baseUrl}${ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const subscriptionOn = (e: GraphEmulator, resource: 'users' | 'groups') => e.subscriptions.list().find(s => s.resource === resource)!;
const nameOf = async (h: Harness, id: string) => (await entityOf(h, id))!.metadata.name;

function scenario(database: () => Promise<Knex>) {
  let h: Harness;
  let e: GraphEmulator;
  let knex: Knex;
  let leaver: { id: string; name: string };
  const provider = () => h.providers.get('main')!;

  beforeAll(async () => {
    knex = await database();
    h = await startHarness({
      emulator: { generate: { users: 40, groups: 6, seed: 41, hostileShare: 0 } },
      database: knex,
      ingress: true,
      providers: (emulator, publicUrl) => ({ main: emulatorProviderConfig(emulator, { events: pushEvents(publicUrl) }) }),
    });
    e = h.emulator;
    expect(await provider().run()).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full' });
    await processedAll(h);
  });
  afterAll(async () => {
    await e?.subscriptions.idle();
    await h?.stop();
  });

  it('the change task makes the users and groups subscriptions; Graph validates the URL through the mounted route', async () => {
    await waitFor('both subscriptions', async () => e.subscriptions.list().length === 2);
    const url = `${h.ingress!.url}${ROUTE}`;
    for (const s of e.subscriptions.list()) expect(s).toMatchObject({ notificationUrl: url, lifecycleNotificationUrl: url, changeType: 'updated,deleted' });
    const validations = e.subscriptions.deliveries().filter(d => d.kind === 'validation');
    expect(validations.length).toBeGreaterThanOrEqual(2);
    expect(validations.every(d => d.status === 200)).toBe(true);
    expect(h.logger.text()).not.toContain(CLIENT_STATE);
  });

  it('a disabled user is gone from the catalog once Graph notifies, without a scheduled run or a change round being called', async () => {
    const id = enabledMembers(e)[0].id;
    leaver = { id, name: await nameOf(h, id) };
    e.server.resetCounters();
    e.org.disableUser(id);

    await waitFor(`user:default/${leaver.name} answering 404`, () => userGone(h.backend.catalog, leaver.name));
    const run = await waitFor('the change run’s result', async () => provider().lastRun()?.trigger === 'changes' && provider().lastRun());
    expect(run).toMatchObject({ outcome: 'applied', readMode: 'records', counts: { removed: 1, added: 0 } });
    expect(graphRequests(e)).toMatchObject({ users: 0, groups: 0 });
    await e.subscriptions.idle();
    expect(e.subscriptions.deliveries().filter(d => d.kind === 'change').map(d => d.status)).toEqual([202]);
  });

  it('a forged delivery (a wrong or no clientState) is refused with 403, logged without the secret, and nothing is applied', async () => {
    // Graph notifies nothing without subscriptions: only the posts below reach the route.
    for (const s of e.subscriptions.list()) e.subscriptions.delete(s.id);
    const sub = { id: '00000000-0000-4000-8000-00000000aaaa', expirationDateTime: new Date(Date.now() + 3600_000).toISOString() } as GraphSubscription;
    const id = enabledMembers(e)[0].id;
    const name = await nameOf(h, id);
    e.org.disableUser(id);
    h.logger.clear();

    expect((await post(h.backend, JSON.stringify({ value: [notification(e, sub, id, 'a-wrong-client-state-0123456789abcdef')] }))).status).toBe(403);
    expect((await post(h.backend, JSON.stringify({ value: [notification(e, sub, id, undefined)] }))).status).toBe(403);
    // One forged item refuses the whole delivery.
    const mixed = { value: [notification(e, sub, id, CLIENT_STATE), notification(e, sub, id, `${CLIENT_STATE}x`)] };
    expect((await post(h.backend, JSON.stringify(mixed))).status).toBe(403);
    expect(await pendingChanges(knex)).toBe(0);
    expect(await userGone(h.backend.catalog, name)).toBe(false);
    expect(h.logger.text()).toContain('refused a Microsoft Graph notification delivery (403)');
    expect(h.logger.text()).not.toContain(CLIENT_STATE);

    // The same notification with the right clientState is taken and applied at once.
    expect((await post(h.backend, JSON.stringify({ value: [notification(e, sub, id, CLIENT_STATE)] }))).status).toBe(202);
    await waitFor(`user:default/${name} answering 404`, () => userGone(h.backend.catalog, name));
    // The next round makes the subscriptions again.
    await provider().processChanges();
    expect(e.subscriptions.list()).toHaveLength(2);
  });

  it('an oversized delivery is refused with 413 and a malformed one with 400; nothing is queued', async () => {
    const id = enabledMembers(e)[0].id;
    const padded = { value: [{ ...notification(e, subscriptionOn(e, 'users'), id, CLIENT_STATE), padding: 'x'.repeat(MAX_BODY) }] };
    expect((await post(h.backend, JSON.stringify(padded))).status).toBe(413);
    expect((await post(h.backend, '{"value": [')).status).toBe(400);
    expect((await post(h.backend, JSON.stringify({ value: [] }))).status).toBe(400);
    const noId = notification(e, subscriptionOn(e, 'users'), 'not-a-graph-id', CLIENT_STATE);
    expect((await post(h.backend, JSON.stringify({ value: [noId] }))).status).toBe(400);
    expect(await pendingChanges(knex)).toBe(0);
    expect(await userGone(h.backend.catalog, await nameOf(h, id))).toBe(false);
  });

  it('a late notification naming a deleted user, as a user and as a group member, never brings them back', async () => {
    const id = enabledMembers(e)[0].id;
    const name = await nameOf(h, id);
    const group = e.org.groups().find(g => e.org.members(g.id).includes(id))!;
    e.org.deleteUser(id);
    await waitFor(`user:default/${name} answering 404`, () => userGone(h.backend.catalog, name));
    const listed = async () => (specOf(await entityOf(h, group.id)).members ?? []).includes(`user:default/${name}`);
    await waitFor(`${group.displayName} without ${name}`, async () => !(await listed()));
    await e.subscriptions.idle();

    const before = provider().lastRun();
    const late = { value: [notification(e, subscriptionOn(e, 'users'), id, CLIENT_STATE), notification(e, subscriptionOn(e, 'groups'), group.id, CLIENT_STATE, [{ id }])] };
    expect((await post(h.backend, JSON.stringify(late))).status).toBe(202);
    const run = await waitFor('the change run for the late delivery', async () => provider().lastRun() !== before && provider().lastRun());
    expect(run).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { added: 0, changed: 0, removed: 0 } });
    expect(await userGone(h.backend.catalog, name)).toBe(true);
    expect(await listed()).toBe(false);
    // The very same delivery again is not queued twice.
    expect((await post(h.backend, JSON.stringify(late))).status).toBe(202);
    expect(h.logger.text()).toContain(`${MAIN}: a Microsoft Graph notification delivery came again (replay or retry); not queued twice`);
    expect(await pendingChanges(knex)).toBe(0);
  });

  it('a `missed` lifecycle notification makes a scheduled-style read that catches the change whose notification was lost', async () => {
    const id = enabledMembers(e)[1].id;
    h.ingress!.setOpen(false); // Graph cannot reach the backend: the notification is lost
    e.org.renameUser(id, 'Renamed While Unreachable');
    await e.subscriptions.idle();
    expect(e.subscriptions.deliveries().at(-1)).toMatchObject({ kind: 'change', status: 0 });
    h.ingress!.setOpen(true);
    h.logger.clear();

    expect(e.subscriptions.lifecycle(subscriptionOn(e, 'users').id, 'missed')).toEqual({ sent: true });
    await waitFor('the rename in the catalog', async () => specOf(await entityOf(h, id)).profile?.displayName === 'Renamed While Unreachable');
    expect(h.logger.text()).toContain(`${MAIN}: a change signal lost track of changes; making a scheduled-style read now`);
    expect(provider().lastRun()).toMatchObject({ outcome: 'applied', readMode: 'delta' });
    await e.subscriptions.idle();
    expect(e.subscriptions.deliveries().at(-1)).toMatchObject({ kind: 'lifecycle', status: 202 });
  });
}

describe('Microsoft Graph change notifications through the real backend, on SQLite', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  scenario(() => databases.init('SQLITE_3'));
});

describeWithPostgres('Microsoft Graph change notifications through the real backend, on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});

describe('Microsoft Graph change notifications with the published module (catalogModuleMsGraphOrg) in a real backend', () => {
  // Declared before the fixture, so it runs before the fixture stops the backend: subscription calls in flight end.
  afterAll(() => fixture.emulator.e.subscriptions.idle());
  const fixture = useOrgSyncFixture({
    module: installedModule('microsoftGraphOrg'),
    features: () => [catalogModuleMsGraphOrg],
    emulator: async () => {
      const graph = await startGraphEmulator({ seed: 7, generate: { users: 20, groups: 4, seed: 43, hostileShare: 0 } });
      const ingress = await startIngress();
      return { e: graph, ingress, stop: () => ingress.close().then(() => graph.close()) };
    },
    providers: ({ e: graph, ingress }) => ({
      main: emulatorProviderConfig(graph, { events: pushEvents(ingress.url), schedule: { frequency: { hours: 1 }, timeout: { minutes: 2 } } }),
    }),
  });

  beforeAll(() => fixture.emulator.ingress.forwardTo(fixture.backend.backend.server.port()));

  it('mounts the route, makes the subscriptions through it, and a disabled user leaves the catalog', async () => {
    await waitFor('both subscriptions', async () => fixture.emulator.e.subscriptions.list().length === 2);
    const id = enabledMembers(fixture.emulator.e)[0].id;
    const entity = await waitFor('the user in the catalog', async () =>
      (await fixture.catalog.query('kind=user')).find(x => annotation(x, 'graph.microsoft.com/user-id') === id),
    );
    fixture.emulator.e.org.disableUser(id);
    await waitFor(`user:default/${entity.metadata.name} answering 404`, () => userGone(fixture.catalog, entity.metadata.name));
  });
});
