import { generateKeyPairSync } from 'node:crypto';
import { collect, privateKeyClient, sswsClient } from './__fixtures__/sdk';
import { startOktaEmulator, type OktaEmulator } from './index';

const visible = (emulator: OktaEmulator) => emulator.org.users().filter(u => u.status !== 'DEPROVISIONED').length;

describe('Okta rate limiting as the SDK sees it', () => {
  let emulator: OktaEmulator;
  beforeEach(async () => {
    emulator = await startOktaEmulator({ generate: { seed: 11, users: 1000, groups: 12 } });
  });
  afterEach(() => emulator.close());

  it('answers a rate-limit fault with 429 E0000047 and a reset the SDK can compute a wait from', async () => {
    await fetch(`${emulator.info.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rate-limit', route: 'GET /api/v1/users', count: 1, retryAfterSeconds: 2 }),
    });
    const response = await fetch(`${emulator.info.url}/api/v1/users`, { headers: { authorization: `SSWS ${emulator.info.token}` } });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { errorId: string };
    expect(body).toMatchObject({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorCauses: [],
    });
    expect(body.errorId).toEqual(expect.any(String));
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    const date = Date.parse(response.headers.get('date')!) / 1000;
    expect(reset - date).toBeGreaterThanOrEqual(2);
    expect(reset - date).toBeLessThanOrEqual(3);
    expect(response.headers.get('x-rate-limit-remaining')).toBe('0');
  });

  it('the SDK rides out a burst of 429s shorter than its retries and the listing completes', async () => {
    emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/users', afterRequests: 2, count: 2 });
    const users = await collect(await sswsClient(emulator.info).userApi.listUsers({}));
    expect(users).toHaveLength(visible(emulator));
    const counters = emulator.server.counters();
    expect(counters.byStatus['429']).toBe(2);
    expect(counters.byRoute['GET /api/v1/users']).toBe(Math.ceil(visible(emulator) / 200) + 2);
  });

  it('the SDK gives up with E0000047 when 429s outlast its two retries', async () => {
    emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/groups', count: 3 });
    await expect(collect(await sswsClient(emulator.info).groupApi.listGroups({}))).rejects.toMatchObject({ status: 429, errorCode: 'E0000047' });
  });

  it('surfaces injected server errors in Okta format', async () => {
    emulator.server.faults.add({ kind: 'status', status: 500, route: 'GET /api/v1/groups', count: 1 });
    await expect(collect(await sswsClient(emulator.info).groupApi.listGroups({}))).rejects.toMatchObject({ status: 500, errorCode: 'E0000009' });
  });
});

describe('Okta per-family rate-limit budgets', () => {
  it('enforces a low group-members budget; the SDK waits for each reset and reads every group', async () => {
    const emulator = await startOktaEmulator({
      generate: { seed: 5, users: 300, groups: 16 },
      rateLimits: { groupMembers: 6 },
      rateLimitWindowSeconds: 2,
    });
    try {
      const client = sswsClient(emulator.info);
      const groups = await collect(await client.groupApi.listGroups({}));
      for (const group of groups) {
        const members = await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }));
        expect(members.map(m => m.id)).toEqual(emulator.org.memberIds(group.id!));
      }
      const counters = emulator.server.counters();
      expect(counters.byStatus['429']).toBeGreaterThan(0);
      expect(counters.byRoute['GET /api/v1/groups/:id/users']).toBe(16 + counters.byStatus['429']);

      const response = await fetch(`${emulator.info.url}/api/v1/groups/${groups[0].id}/users`, { headers: { authorization: `SSWS ${emulator.info.token}` } });
      expect(response.headers.get('x-rate-limit-limit')).toBe('6');
      // Unenforced families advertise a generous budget.
      const users = await fetch(`${emulator.info.url}/api/v1/users?limit=1`, { headers: { authorization: `SSWS ${emulator.info.token}` } });
      expect(Number(users.headers.get('x-rate-limit-limit'))).toBeGreaterThanOrEqual(10_000);
    } finally {
      await emulator.close();
    }
  });
});

describe('Okta authentication', () => {
  let emulator: OktaEmulator;
  afterEach(() => emulator.close());

  it('a short-lived access token expires mid-listing; the SDK re-fetches it after the 401 and completes', async () => {
    emulator = await startOktaEmulator({ generate: { seed: 2, users: 2000, groups: 3 }, accessTokenTtlSeconds: 1, latencyMs: 25 });
    // 100 pages of 20 at ≥ 25 ms each outlive a one-second token several times over.
    const users = await collect(await privateKeyClient(emulator.info).userApi.listUsers({ limit: 20 }));
    expect(users).toHaveLength(visible(emulator));
    const counters = emulator.server.counters();
    expect(counters.byRoute['POST /oauth2/v1/token']).toBeGreaterThan(1);
    expect(counters.byStatus['401']).toBe(counters.byRoute['POST /oauth2/v1/token'] - 1);
  });

  it('revoking all tokens mid-listing costs exactly one 401 and one new token', async () => {
    emulator = await startOktaEmulator({ generate: { seed: 2, users: 1000, groups: 3 } });
    const collection = await privateKeyClient(emulator.info).userApi.listUsers({ limit: 100 });
    let seen = 0;
    for await (const user of collection) {
      if (++seen === 250) expect(emulator.org.revokeAccessTokens()).toBe(1);
      expect(user?.id).toBeTruthy();
    }
    expect(seen).toBe(visible(emulator));
    const counters = emulator.server.counters();
    expect(counters.byRoute['POST /oauth2/v1/token']).toBe(2);
    expect(counters.byStatus['401']).toBe(1);
  });

  it('refuses a wrong API token with 401 E0000011 and a missing one with 403 E0000005', async () => {
    emulator = await startOktaEmulator({ generate: { users: 10, groups: 1 } });
    const wrong = sswsClient({ ...emulator.info, token: 'not-the-token' });
    await expect(collect(await wrong.userApi.listUsers({}))).rejects.toMatchObject({ status: 401, errorCode: 'E0000011' });
    const response = await fetch(`${emulator.info.url}/api/v1/users`);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errorCode: string }).errorCode).toBe('E0000005');
    expect(response.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
  });

  // The SDK (8.1) never checks the token endpoint's status: a refused assertion or scope becomes
  // "Bearer undefined", which the API answers 401 E0000011 — so the refusal shows in the counters.
  it('refuses a client assertion signed by another key, an ungranted scope, and an app without the groups scope', async () => {
    emulator = await startOktaEmulator({ generate: { users: 10, groups: 1 } });
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const impostor = privateKeyClient({ ...emulator.info, oauth: { ...emulator.info.oauth, privateKey: otherKey } });
    await expect(collect(await impostor.userApi.listUsers({}))).rejects.toMatchObject({ status: 401, errorCode: 'E0000011' });
    expect(emulator.server.counters()).toMatchObject({ byRoute: { 'POST /oauth2/v1/token': 2 }, byStatus: { '401': 4 } });

    emulator.server.resetCounters();
    const ungranted = privateKeyClient(emulator.info, ['okta.users.manage']);
    await expect(collect(await ungranted.userApi.listUsers({}))).rejects.toMatchObject({ status: 401 });
    expect(emulator.server.counters().byStatus['400']).toBe(2);

    const usersOnly = privateKeyClient(emulator.info, ['okta.users.read']);
    expect((await collect(await usersOnly.userApi.listUsers({}))).length).toBe(visible(emulator));
    await expect(collect(await usersOnly.groupApi.listGroups({}))).rejects.toMatchObject({ status: 403, errorCode: 'E0000006' });
  });

  it('answers the token endpoint in OAuth format', async () => {
    emulator = await startOktaEmulator({ generate: { users: 10, groups: 1 } });
    const response = await fetch(`${emulator.info.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=okta.users.read&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    const password = await fetch(`${emulator.info.url}/oauth2/v1/token`, { method: 'POST', body: 'grant_type=password' });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('accepts a configured key pair, client id and API token', async () => {
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    emulator = await startOktaEmulator({
      generate: { users: 20, groups: 2 },
      apiToken: 'fixed-token',
      oauth: { clientId: '0oafixedclient000000', keyId: 'kid-1', privateKey },
    });
    expect(emulator.info).toMatchObject({ token: 'fixed-token', oauth: { clientId: '0oafixedclient000000', keyId: 'kid-1', privateKey } });
    expect(JSON.parse(JSON.stringify(emulator.info))).toEqual(emulator.info);
    expect((await collect(await privateKeyClient(emulator.info).groupApi.listGroups({}))).length).toBe(2);
    expect((await collect(await sswsClient(emulator.info).groupApi.listGroups({}))).length).toBe(2);
  });
});

describe('Okta paging faults', () => {
  let emulator: OktaEmulator;
  beforeEach(async () => {
    emulator = await startOktaEmulator({ generate: { seed: 4, users: 450, groups: 3 } });
  });
  afterEach(() => emulator.close());

  const get = (path: string) => fetch(`${emulator.info.url}${path}`, { headers: { authorization: `SSWS ${emulator.info.token}` } });
  const nextLink = (response: Response) => /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];

  it('`loop` makes the next link point at the page itself, cursor included', async () => {
    const first = await get('/api/v1/users?limit=200');
    const second = nextLink(first)!;
    expect(second).toContain('after=');
    emulator.server.faults.add({ kind: 'loop', route: 'GET /api/v1/users' });
    const looping = await fetch(second, { headers: { authorization: `SSWS ${emulator.info.token}` } });
    expect(looping.status).toBe(200);
    expect(nextLink(looping)).toBe(second);
    expect(((await looping.json()) as unknown[]).length).toBe(200);
    // The last page has no next link of its own; looping, it links to itself too.
    const last = await get('/api/v1/users?limit=200&after=' + new URL(nextLink(looping)!).searchParams.get('after'));
    expect(nextLink(last)).toContain('after=');
  });

  it('`loop` on a member list links its first page to itself', async () => {
    const group = emulator.org.groups()[0];
    emulator.server.faults.add({ kind: 'loop', route: 'GET /api/v1/groups/:id/users' });
    const path = `/api/v1/groups/${group.id}/users?limit=2`;
    const page = await get(path);
    expect(nextLink(page)).toBe(`${emulator.info.url}${path}`);
  });

  it('`empty-page` answers 200 [] with no next link, on one route only', async () => {
    const [a, b] = emulator.org.groups();
    expect(emulator.org.memberIds(a.id).length).toBeGreaterThan(0);
    emulator.server.faults.add({ kind: 'empty-page', route: `/api/v1/groups/${a.id}/users` });
    const empty = await get(`/api/v1/groups/${a.id}/users?limit=1`);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual([]);
    expect(nextLink(empty)).toBeUndefined();
    expect(empty.headers.get('link')).toContain('rel="self"');
    const other = await get(`/api/v1/groups/${b.id}/users`);
    expect(((await other.json()) as unknown[]).length).toBe(emulator.org.memberIds(b.id).length);
    // The group itself still reports its members, as Okta's `expand=stats` would.
    const listed = (await (await get('/api/v1/groups?expand=stats')).json()) as Array<{ id: string; _embedded: { stats: { usersCount: number } } }>;
    expect(listed.find(g => g.id === a.id)!._embedded.stats.usersCount).toBe(emulator.org.memberIds(a.id).length);
  });

  it('leaves answers that are not lists alone', async () => {
    const user = emulator.org.users()[0];
    emulator.server.faults.add({ kind: 'empty-page', route: 'GET /api/v1/users/:idOrLogin' });
    const response = await get(`/api/v1/users/${user.id}`);
    expect(((await response.json()) as { id: string }).id).toBe(user.id);
  });
});
