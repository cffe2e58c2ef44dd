import type { Client } from '@okta/okta-sdk-nodejs';
import { collect, privateKeyClient, sswsClient } from './__fixtures__/sdk';
import { startOktaEmulator, type OktaEmulator } from './index';

// A 10,000-user org read completely through the real SDK with both auth modes.
describe('Okta emulator with @okta/okta-sdk-nodejs on a 10,000-user org', () => {
  let emulator: OktaEmulator;
  let expectedUserIds: string[];

  beforeAll(async () => {
    emulator = await startOktaEmulator({ generate: { seed: 7, users: 10_000, groups: 200 } });
    expectedUserIds = emulator.org
      .users()
      .filter(u => u.status !== 'DEPROVISIONED')
      .map(u => u.id);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.server.resetCounters());

  /** Records the headers of every response the SDK receives. */
  function watchResponses(client: Client): Headers[] {
    const seen: Headers[] = [];
    client.requestExecutor.on('response', (response: { headers: Headers }) => seen.push(response.headers));
    return seen;
  }

  it('generated a realistic org: some users are deprovisioned, and they are not in the plain list', () => {
    const all = emulator.org.users();
    expect(all).toHaveLength(10_000);
    expect(expectedUserIds.length).toBeLessThan(10_000);
    expect(all.some(u => u.status === 'SUSPENDED')).toBe(true);
  });

  it('lists every non-deprovisioned user with an SSWS token, 200 per page, with rate-limit headers on every response', async () => {
    const client = sswsClient(emulator.info);
    const responses = watchResponses(client);
    const users = await collect(await client.userApi.listUsers({}));

    expect(users).toHaveLength(expectedUserIds.length);
    expect(new Set(users.map(u => u.id))).toEqual(new Set(expectedUserIds));
    expect(users.every(u => u.status !== 'DEPROVISIONED')).toBe(true);
    expect(emulator.server.counters().byRoute['GET /api/v1/users']).toBe(Math.ceil(expectedUserIds.length / 200));

    expect(responses.length).toBe(Math.ceil(expectedUserIds.length / 200));
    for (const headers of responses) {
      expect(Number(headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
      expect(headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
      expect(headers.get('x-rate-limit-reset')).toMatch(/^\d+$/);
      expect(headers.get('date')).toBeTruthy();
    }
  });

  it('returns users in Okta shape', async () => {
    const client = sswsClient(emulator.info);
    const first = (await (await client.userApi.listUsers({ limit: 1 })).next()).value!;
    const stored = emulator.org.findUser(first.id!)!;
    expect(first.profile?.login).toBe(stored.profile.login);
    expect(first.profile?.email).toBe(stored.profile.email);
    expect(first.profile?.displayName).toBe(stored.profile.displayName);
    expect(first.created).toEqual(new Date(stored.created));
    expect(first.lastUpdated).toEqual(new Date(stored.lastUpdated));
    expect(first.type?.id).toMatch(/^oty/);
    expect(first.credentials?.provider?.type).toBe('OKTA');
    expect(first._links?.self?.href).toBe(`${emulator.info.url}/api/v1/users/${first.id}`);
    expect(first.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
  });

  it('lists every non-deprovisioned user through the OAuth service app, fetching one access token', async () => {
    const client = privateKeyClient(emulator.info);
    const users = await collect(await client.userApi.listUsers({}));

    expect(new Set(users.map(u => u.id))).toEqual(new Set(expectedUserIds));
    expect(users).toHaveLength(expectedUserIds.length);
    const counters = emulator.server.counters();
    expect(counters.byRoute['POST /oauth2/v1/token']).toBe(1);
    expect(counters.byStatus['401']).toBeUndefined();
  });

  it('lists every group and every group member (OAuth), matching the org including deprovisioned members', async () => {
    const client = privateKeyClient(emulator.info);
    const groups = await collect(await client.groupApi.listGroups({ expand: 'stats' }));
    expect(groups.map(g => g.id).sort()).toEqual(emulator.org.groups().map(g => g.id).sort());

    let memberships = 0;
    for (const group of groups) {
      const expected = emulator.org.memberIds(group.id!);
      const members = await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }));
      expect(members.map(m => m.id)).toEqual(expected);
      expect((group._embedded as { stats: { usersCount: number } }).stats.usersCount).toBe(expected.length);
      expect(group.objectClass).toEqual(['okta:user_group']);
      expect(group.type).toBe('OKTA_GROUP');
      memberships += members.length;
    }
    expect(memberships).toBeGreaterThan(10_000);
    expect(emulator.server.counters().byRoute['GET /api/v1/groups/:id/users']).toBe(groups.length);
  });
});
