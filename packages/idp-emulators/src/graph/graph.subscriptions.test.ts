import type { Client } from '@microsoft/microsoft-graph-client';
import { MAX_DIRECTORY_SUBSCRIPTION_MINUTES, startGraphEmulator, type GraphEmulator } from '.';
import { graphClient } from './__fixtures__/clients';
import { startSubscriber } from './__fixtures__/subscriber';

type Subscriber = Awaited<ReturnType<typeof startSubscriber>>;

let clock = Date.now();
let emulator: GraphEmulator;
let client: Client;
let subscriber: Subscriber;

beforeEach(async () => {
  clock = Date.now();
  emulator = await startGraphEmulator({ generate: { seed: 5, users: 40, groups: 6 }, now: () => clock, notificationTimeoutMs: 1500, tokenLifetimeSeconds: 30 * 24 * 3600 });
  client = graphClient(emulator.info);
  subscriber = await startSubscriber();
});

afterEach(async () => {
  await subscriber.close();
  await emulator.close();
});

const inMinutes = (minutes: number) => new Date(clock + minutes * 60_000).toISOString();

function subscriptionBody(overrides: Record<string, unknown> = {}) {
  return {
    changeType: 'updated,deleted',
    notificationUrl: `${subscriber.url}/notify`,
    lifecycleNotificationUrl: `${subscriber.url}/lifecycle`,
    resource: 'users',
    expirationDateTime: inMinutes(60),
    clientState: 'the-client-state',
    ...overrides,
  };
}

/** Change and lifecycle POSTs the subscriber got (validation requests left out), once the emulator sent all it queued. */
async function notifications(path = '/notify'): Promise<Array<Record<string, any>>> {
  await emulator.subscriptions.idle();
  return subscriber.received.filter(r => r.path === path && r.validationToken === null).flatMap(r => JSON.parse(r.body).value);
}

async function failure(promise: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected the request to fail');
}

describe('creation', () => {
  test('validates both URLs with a validationToken, then answers 201 with the subscription', async () => {
    const created = await client.api('/subscriptions').post(subscriptionBody());
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resource: 'users',
      changeType: 'updated,deleted',
      clientState: 'the-client-state',
      notificationUrl: `${subscriber.url}/notify`,
      lifecycleNotificationUrl: `${subscriber.url}/lifecycle`,
      applicationId: emulator.info.clientId,
      includeResourceData: false,
    });
    expect(Date.parse(created.expirationDateTime)).toBe(Math.floor((clock + 3600_000) / 1000) * 1000);
    const validations = subscriber.received.filter(r => r.validationToken !== null);
    expect(validations.map(r => r.path)).toEqual(['/notify', '/lifecycle']);
    expect(validations[0].validationToken).toMatch(/^Validation: /);
    expect(validations[0].body).toBe('');

    const got = await client.api(`/subscriptions/${created.id}`).get();
    expect(got).toMatchObject({ id: created.id, resource: 'users', clientState: null });
    expect((await client.api('/subscriptions').get()).value.map((s: { id: string }) => s.id)).toEqual([created.id]);
  });

  test.each([
    ['a 500', 'status500', 'must respond with 200 OK'],
    ['another body', 'wrong-token', 'must exactly match validationToken'],
    ['the token as JSON', 'json-echo', 'must exactly match validationToken'],
    ['nothing in time', 'silent', 'timed out'],
  ] as const)('fails with ValidationError when the notification URL answers %s, and nothing is created', async (_, mode, message) => {
    subscriber.behaviour.set('/notify', mode);
    const error = await failure(client.api('/subscriptions').post(subscriptionBody()));
    expect(error).toMatchObject({ statusCode: 400, code: 'ValidationError' });
    expect(error.message).toContain(message);
    expect((await client.api('/subscriptions').get()).value).toEqual([]);
  });

  test('a lifecycle URL that fails validation fails the creation too', async () => {
    subscriber.behaviour.set('/lifecycle', 'status500');
    expect(await failure(client.api('/subscriptions').post(subscriptionBody()))).toMatchObject({ statusCode: 400, code: 'ValidationError' });
    expect((await client.api('/subscriptions').get()).value).toEqual([]);
  });

  test('expirationDateTime up to Graph maximum for users and groups (41,760 minutes), no further', async () => {
    const max = await client.api('/subscriptions').post(subscriptionBody({ resource: 'groups', expirationDateTime: inMinutes(MAX_DIRECTORY_SUBSCRIPTION_MINUTES) }));
    expect(max.resource).toBe('groups');
    const over = await failure(client.api('/subscriptions').post(subscriptionBody({ expirationDateTime: inMinutes(MAX_DIRECTORY_SUBSCRIPTION_MINUTES + 1) })));
    expect(over).toMatchObject({ statusCode: 400, message: expect.stringContaining('41760 minutes') });
    expect(await failure(client.api('/subscriptions').post(subscriptionBody({ expirationDateTime: inMinutes(-1) })))).toMatchObject({ statusCode: 400 });
  });

  test('bad requests: unknown resource, change type, an http URL off this machine', async () => {
    expect(await failure(client.api('/subscriptions').post(subscriptionBody({ resource: 'me/messages' })))).toMatchObject({ statusCode: 400 });
    expect(await failure(client.api('/subscriptions').post(subscriptionBody({ changeType: 'renamed' })))).toMatchObject({ statusCode: 400 });
    expect(await failure(client.api('/subscriptions').post(subscriptionBody({ notificationUrl: 'http://example.com/notify' })))).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('https'),
    });
    expect(subscriber.received).toEqual([]);
  });
});

describe('change notifications', () => {
  test('a disabled user, a created user, a membership change: Graph change notification format', async () => {
    const users = await client.api('/subscriptions').post(subscriptionBody());
    const groups = await client.api('/subscriptions').post(subscriptionBody({ resource: 'groups', changeType: 'updated' }));
    const user = emulator.org.users().find(u => u.accountEnabled)!;
    const group = emulator.org.groups()[0];
    const joining = emulator.org.users().find(u => !emulator.org.members(group.id).includes(u.id))!;

    emulator.org.disableUser(user.id);
    const created = emulator.org.createUser({ displayName: 'New Starter' });
    emulator.org.addMember(group.id, joining.id);
    emulator.org.removeMember(group.id, joining.id);

    const sent = await notifications();
    expect(sent).toEqual([
      {
        subscriptionId: users.id,
        subscriptionExpirationDateTime: users.expirationDateTime,
        changeType: 'updated',
        resource: `Users/${user.id}`,
        resourceData: { '@odata.type': '#Microsoft.Graph.User', '@odata.id': `Users/${user.id}`, id: user.id, organizationId: emulator.info.tenantId },
        clientState: 'the-client-state',
        tenantId: emulator.info.tenantId,
      },
      expect.objectContaining({ subscriptionId: users.id, changeType: 'updated', resource: `Users/${created.id}` }),
      expect.objectContaining({
        subscriptionId: groups.id,
        resource: `Groups/${group.id}`,
        resourceData: expect.objectContaining({ '@odata.type': '#Microsoft.Graph.Group', id: group.id, 'members@delta': [{ id: joining.id }] }),
      }),
      expect.objectContaining({
        subscriptionId: groups.id,
        resourceData: expect.objectContaining({ 'members@delta': [{ id: joining.id, '@removed': { reason: 'deleted' } }] }),
      }),
    ]);
    const posts = subscriber.received.filter(r => r.path === '/notify' && r.validationToken === null);
    expect(posts.every(p => /^application\/json/.test(p.contentType))).toBe(true);
  });

  test('soft delete is `updated`, permanent delete is `deleted` (sent only to subscriptions asking for it); groups that held the user change', async () => {
    const updatedOnly = await client.api('/subscriptions').post(subscriptionBody({ changeType: 'updated' }));
    const groupSub = await client.api('/subscriptions').post(subscriptionBody({ resource: 'groups', changeType: 'updated', notificationUrl: `${subscriber.url}/groups` }));
    const group = emulator.org.groups().find(g => emulator.org.members(g.id).some(id => emulator.org.users().some(u => u.id === id)))!;
    const [soft, hard] = emulator.org.members(group.id).filter(id => emulator.org.users().some(u => u.id === id)).concat(emulator.org.users().map(u => u.id));
    emulator.org.deleteUser(soft);
    emulator.org.deleteUser(hard, { permanent: true });

    const sent = await notifications();
    expect(sent.map(n => [n.subscriptionId, n.changeType, n.resourceData.id])).toEqual([[updatedOnly.id, 'updated', soft]]);
    const groupNotes = await notifications('/groups');
    expect(groupNotes).toContainEqual(
      expect.objectContaining({ subscriptionId: groupSub.id, resourceData: expect.objectContaining({ id: group.id, 'members@delta': [{ id: soft, '@removed': { reason: 'deleted' } }] }) }),
    );
  });

  test('renewed (PATCH) subscriptions keep delivering; deleted and expired ones deliver nothing', async () => {
    const kept = await client.api('/subscriptions').post(subscriptionBody({ notificationUrl: `${subscriber.url}/kept` }));
    const deleted = await client.api('/subscriptions').post(subscriptionBody({ notificationUrl: `${subscriber.url}/deleted` }));
    const expiring = await client.api('/subscriptions').post(subscriptionBody({ notificationUrl: `${subscriber.url}/expiring` }));

    const renewed = await client.api(`/subscriptions/${kept.id}`).patch({ expirationDateTime: inMinutes(120) });
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(kept.expirationDateTime));
    expect(await failure(client.api(`/subscriptions/${kept.id}`).patch({ expirationDateTime: inMinutes(MAX_DIRECTORY_SUBSCRIPTION_MINUTES + 5) }))).toMatchObject({
      statusCode: 400,
    });
    await client.api(`/subscriptions/${deleted.id}`).delete();
    clock += 90 * 60_000; // past the hour the third one was made for, within the renewed two hours

    emulator.org.renameUser(emulator.org.users()[0].id, 'Renamed');
    expect((await notifications('/kept')).map(n => n.subscriptionId)).toEqual([kept.id]);
    expect(await notifications('/deleted')).toEqual([]);
    expect(await notifications('/expiring')).toEqual([]);
    expect(await failure(client.api(`/subscriptions/${expiring.id}`).get())).toMatchObject({ statusCode: 404 });
    expect(await failure(client.api(`/subscriptions/${deleted.id}`).patch({ expirationDateTime: inMinutes(60) }))).toMatchObject({ statusCode: 404 });
    expect((await client.api('/subscriptions').get()).value.map((s: { id: string }) => s.id)).toEqual([kept.id]);
  });
});

describe('lifecycle notifications (admin API)', () => {
  const admin = (path: string, body?: unknown) =>
    fetch(`${emulator.info.url}/__admin/graph/subscriptions${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  test('reauthorizationRequired, missed and subscriptionRemoved go to the lifecycle URL; reauthorize answers 204', async () => {
    const sub = await client.api('/subscriptions').post(subscriptionBody());
    expect((await admin(`/${sub.id}/lifecycle`, { lifecycleEvent: 'reauthorizationRequired' })).status).toBe(200);
    expect(emulator.subscriptions.needsReauthorization(sub.id)).toBe(true);
    await client.api(`/subscriptions/${sub.id}/reauthorize`).post({});
    expect(emulator.subscriptions.needsReauthorization(sub.id)).toBe(false);
    await admin(`/${sub.id}/lifecycle`, { lifecycleEvent: 'missed' });
    await admin(`/${sub.id}/lifecycle`, { lifecycleEvent: 'subscriptionRemoved' });

    const events = await notifications('/lifecycle');
    expect(events.map(e => e.lifecycleEvent)).toEqual(['reauthorizationRequired', 'missed', 'subscriptionRemoved']);
    expect(events[0]).toEqual({
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      tenantId: emulator.info.tenantId,
      clientState: 'the-client-state',
      lifecycleEvent: 'reauthorizationRequired',
      resource: 'users',
    });
    expect(await failure(client.api(`/subscriptions/${sub.id}`).get())).toMatchObject({ statusCode: 404 });
    emulator.org.disableUser(emulator.org.users()[0].id);
    expect(await notifications()).toEqual([]);
    expect((await admin(`/${sub.id}/lifecycle`, { lifecycleEvent: 'missed' })).status).toBe(404);
    expect((await admin('/whatever/lifecycle', { lifecycleEvent: 'nope' })).status).toBe(400);
  });
});
