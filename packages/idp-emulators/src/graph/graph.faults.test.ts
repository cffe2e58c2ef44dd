import { startGraphEmulator, type GraphEmulator } from '.';
import { graphClient } from './__fixtures__/clients';

let emulator: GraphEmulator;

afterEach(() => emulator.close());

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.info.url}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

test('the client rides out 429s with Retry-After through its RetryHandler', async () => {
  emulator = await startGraphEmulator({ generate: { users: 40, groups: 4 } });
  const client = graphClient(emulator.info);
  await admin('POST', '/faults', { kind: 'rate-limit', route: 'GET /v1.0/users', count: 2, retryAfterSeconds: 0 });
  const users = await client.api('/users').get();
  expect(users.value).toHaveLength(40);
  const counters = emulator.server.counters();
  expect(counters.byRoute['GET /v1.0/users']).toBe(3);
  expect(counters.byStatus['429']).toBe(2);
});

test('an inner request throttled inside a $batch comes back as 429 with Retry-After in a 200 envelope', async () => {
  emulator = await startGraphEmulator({ generate: { users: 40, groups: 4 } });
  const client = graphClient(emulator.info);
  const groups = emulator.org.groups();
  await admin('POST', '/faults', { kind: 'rate-limit', route: 'GET /v1.0/groups/:id/members', afterRequests: 1, count: 1, retryAfterSeconds: 7 });
  const { responses } = await client.api('/$batch').post({
    requests: groups.slice(0, 3).map(g => ({ id: g.id, method: 'GET', url: `/groups/${g.id}/members` })),
  });
  const statuses = responses.map((r: { status: number }) => r.status).sort();
  expect(statuses).toEqual([200, 200, 429]);
  const throttled = responses.find((r: { status: number }) => r.status === 429);
  expect(throttled.headers['Retry-After']).toBe('7');
  expect(throttled.body.error.code).toBe('TooManyRequests');
  expect(emulator.server.counters().innerByRoute['GET /v1.0/groups/:id/members']).toBe(3);
});

test('a request budget answers 429 TooManyRequests until the window resets', async () => {
  let clock = 1_000_000_000_000;
  emulator = await startGraphEmulator({ generate: { users: 10, groups: 2 }, requestBudget: { limit: 2, windowSeconds: 60 }, now: () => clock });
  const token = await emulator.server.dispatch({
    method: 'POST',
    url: `/${emulator.info.tenantId}/oauth2/v2.0/token`,
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.info.clientId,
      client_secret: emulator.info.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const headers = { authorization: `Bearer ${(token.body as { access_token: string }).access_token}` };
  const get = () => fetch(`${emulator.info.graphBaseUrl}/organization`, { headers });
  expect((await get()).status).toBe(200);
  expect((await get()).status).toBe(200);
  const limited = await get();
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await limited.json()) as any).error.code).toBe('TooManyRequests');
  clock += 60_000;
  expect((await get()).status).toBe(200);
});

test('admin mutations over HTTP are visible through the SDK', async () => {
  emulator = await startGraphEmulator({ generate: { users: 40, groups: 4 } });
  const client = graphClient(emulator.info);
  const [user] = emulator.org.users().filter(u => u.accountEnabled);

  expect((await admin('POST', `/graph/users/${user.id}/disable`)).status).toBe(200);
  expect((await client.api(`/users/${user.id}`).select('accountEnabled').get()).accountEnabled).toBe(false);

  expect((await admin('PATCH', `/graph/users/${user.id}`, { displayName: 'Someone Else' })).status).toBe(200);
  expect((await client.api(`/users/${user.id}`).get()).displayName).toBe('Someone Else');

  const created = (await (await admin('POST', '/graph/groups', { displayName: 'Brand New', memberIds: [user.id] })).json()) as any;
  const members = await client.api(`/groups/${created.id}/members`).get();
  expect(members.value.map((m: { id: string }) => m.id)).toEqual([user.id]);

  expect((await admin('DELETE', `/graph/groups/${created.id}/members/${user.id}`)).status).toBe(204);
  expect((await client.api(`/groups/${created.id}/members`).get()).value).toEqual([]);

  expect((await admin('DELETE', `/graph/users/${user.id}`)).status).toBe(204);
  await expect(client.api(`/users/${user.id}`).get()).rejects.toMatchObject({ statusCode: 404 });

  expect((await admin('POST', '/graph/empty', { empty: true })).status).toBe(200);
  expect((await client.api('/users').get()).value).toEqual([]);
  expect((await client.api('/groups').get()).value).toEqual([]);
  await admin('POST', '/graph/empty', { empty: false });
  expect((await client.api('/users').get()).value).toHaveLength(39);

  expect(await (await admin('POST', '/graph/tokens/revoke')).json()).toEqual({ revoked: 1 });
  await expect(client.api('/users').get()).rejects.toMatchObject({ statusCode: 401 });
});

test('loop: a users page links back to itself, at the top level and inside $batch', async () => {
  emulator = await startGraphEmulator({ generate: { users: 40, groups: 4 } });
  const client = graphClient(emulator.info);
  emulator.server.faults.add({ kind: 'loop', route: 'GET /v1.0/users', count: 2 });
  const top = await client.api('/users?$top=10').get();
  expect(top.value).toHaveLength(10);
  expect(top['@odata.nextLink']).toBe(`${emulator.info.url}/v1.0/users?$top=10`);

  const group = emulator.org.groups()[0];
  emulator.server.faults.add({ kind: 'loop', route: 'GET /v1.0/groups/:id/members', count: 1 });
  const { responses } = await client.api('/$batch').post({ requests: [{ id: '1', method: 'GET', url: `/groups/${group.id}/members?$select=id` }] });
  expect(responses[0].status).toBe(200);
  expect(responses[0].body['@odata.nextLink']).toBe(`${emulator.info.url}/v1.0/groups/${group.id}/members?$select=id`);
});

test('loop on a delta page: the round never ends (a nextLink to itself instead of the deltaLink)', async () => {
  emulator = await startGraphEmulator({ generate: { users: 10, groups: 2 } });
  const client = graphClient(emulator.info);
  emulator.server.faults.add({ kind: 'loop', route: 'GET /v1.0/users/delta', count: 1 });
  const page = await client.api('/users/delta').get();
  expect(page['@odata.deltaLink']).toBeUndefined();
  expect(page['@odata.nextLink']).toBe(`${emulator.info.url}/v1.0/users/delta`);
});

test('empty-page: a member list answered 200 with no members and no next page; objects are left alone', async () => {
  emulator = await startGraphEmulator({ generate: { users: 40, groups: 4 } });
  const client = graphClient(emulator.info);
  const group = emulator.org.groups().find(g => emulator.org.members(g.id).length > 0)!;
  emulator.server.faults.add({ kind: 'empty-page', route: 'GET /v1.0/groups/:id/members', count: 1 });
  expect((await client.api(`/groups/${group.id}/members`).get()).value).toEqual([]);
  expect((await client.api(`/groups/${group.id}/members`).get()).value.length).toBe(emulator.org.members(group.id).length);
  emulator.server.faults.add({ kind: 'empty-page', route: 'GET /v1.0/groups/:id', count: 1 });
  expect((await client.api(`/groups/${group.id}`).get()).id).toBe(group.id);
});

test('inner-error: an inner $batch response is 200 with an error object as its body', async () => {
  emulator = await startGraphEmulator({ generate: { users: 40, groups: 4 } });
  const client = graphClient(emulator.info);
  const groups = emulator.org.groups().slice(0, 2);
  emulator.server.faults.add({ kind: 'inner-error', route: 'GET /v1.0/groups/:id/members', count: 1 });
  const { responses } = await client.api('/$batch').post({
    requests: groups.map((g, i) => ({ id: String(i), method: 'GET', url: `/groups/${g.id}/members` })),
  });
  const bodies = responses.map((r: { status: number; body: { value?: unknown; error?: { code: string } } }) => [r.status, r.body.error?.code ?? 'value']);
  expect(bodies.sort()).toEqual([
    [200, 'InternalServerError'],
    [200, 'value'],
  ]);
});
