import { collect, sswsClient } from './__fixtures__/sdk';
import { startOktaEmulator, type OktaEmulator, type OktaUser } from './index';

// filter / search / q semantics and pagination limits, through the SDK and raw HTTP.
describe('Okta emulator queries and pagination', () => {
  let emulator: OktaEmulator;
  let client: ReturnType<typeof sswsClient>;
  let all: OktaUser[];

  beforeAll(async () => {
    emulator = await startOktaEmulator({
      generate: { seed: 3, users: 600, groups: 30 },
      conversion: { stagedShare: 0.03, provisionedShare: 0.03, everyoneGroup: true },
    });
    client = sswsClient(emulator.info);
    all = emulator.org.users();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.server.resetCounters());

  const ids = (users: { id?: string }[]) => users.map(u => u.id).sort();
  const listUsers = async (params: Record<string, unknown>) => collect(await client.userApi.listUsers(params));

  async function get(path: string): Promise<Response> {
    return fetch(`${emulator.info.url}${path}`, { headers: { authorization: `SSWS ${emulator.info.token}` } });
  }

  it('has every status the plain list must handle', () => {
    for (const status of ['ACTIVE', 'STAGED', 'PROVISIONED', 'SUSPENDED', 'DEPROVISIONED']) {
      expect(all.some(u => u.status === status)).toBe(true);
    }
  });

  it('the plain list omits DEPROVISIONED users only', async () => {
    const users = await listUsers({});
    expect(ids(users)).toEqual(ids(all.filter(u => u.status !== 'DEPROVISIONED')));
  });

  it('filter on status returns DEPROVISIONED users too', async () => {
    expect(ids(await listUsers({ filter: 'status eq "DEPROVISIONED"' }))).toEqual(ids(all.filter(u => u.status === 'DEPROVISIONED')));
    const either = await listUsers({ filter: 'status eq "STAGED" or status eq "SUSPENDED"' });
    expect(ids(either)).toEqual(ids(all.filter(u => u.status === 'STAGED' || u.status === 'SUSPENDED')));
  });

  it('filter on lastUpdated compares instants, combined with and', async () => {
    const pivot = all[300].lastUpdated;
    const after = await listUsers({ filter: `lastUpdated gt "${pivot}"` });
    expect(ids(after)).toEqual(ids(all.filter(u => Date.parse(u.lastUpdated) > Date.parse(pivot))));
    const atOrBefore = await listUsers({ filter: `lastUpdated le "${pivot}" and status eq "ACTIVE"` });
    expect(ids(atOrBefore)).toEqual(ids(all.filter(u => Date.parse(u.lastUpdated) <= Date.parse(pivot) && u.status === 'ACTIVE')));
    expect(after.length).toBeGreaterThan(0);
    expect(atOrBefore.length).toBeGreaterThan(0);
  });

  it('filter on id and profile.login (case-insensitive) finds one user', async () => {
    const target = all[42];
    expect(ids(await listUsers({ filter: `id eq "${target.id}"` }))).toEqual([target.id]);
    const byLogin = await listUsers({ filter: `profile.login eq "${target.profile.login.toUpperCase()}"` });
    expect(byLogin.map(u => u.profile?.login?.toLowerCase())).toContain(target.profile.login.toLowerCase());
  });

  it('filter refuses attributes outside its list with E0000031; search accepts them', async () => {
    await expect(listUsers({ filter: 'profile.department eq "Engineering"' })).rejects.toMatchObject({ status: 400, errorCode: 'E0000031' });
    const engineers = await listUsers({ search: 'profile.department eq "Engineering"' });
    expect(ids(engineers)).toEqual(ids(all.filter(u => u.profile.department === 'Engineering')));
    expect(engineers.some(u => u.status === 'DEPROVISIONED')).toBe(all.some(u => u.profile.department === 'Engineering' && u.status === 'DEPROVISIONED'));
  });

  it('search supports sw, co and status, and malformed expressions are 400', async () => {
    const target = all.find(u => u.status === 'ACTIVE' && !!u.profile.lastName)!;
    const prefix = String(target.profile.lastName).slice(0, 3);
    const sw = await listUsers({ search: `profile.lastName sw "${prefix}"` });
    expect(ids(sw)).toEqual(ids(all.filter(u => String(u.profile.lastName ?? '').toLowerCase().startsWith(prefix.toLowerCase()))));
    const co = await listUsers({ search: 'profile.email co "lovelace"' });
    expect(ids(co)).toEqual(ids(all.filter(u => (u.profile.email ?? '').toLowerCase().includes('lovelace'))));
    const gone = await listUsers({ search: 'status eq "DEPROVISIONED"' });
    expect(gone.length).toBe(all.filter(u => u.status === 'DEPROVISIONED').length);
    await expect(listUsers({ search: 'profile.lastName sw' })).rejects.toMatchObject({ status: 400 });
  });

  it('q matches a name or email prefix and leaves out deprovisioned users', async () => {
    const users = await listUsers({ q: 'ada' });
    const expected = all.filter(
      u => u.status !== 'DEPROVISIONED' && [u.profile.firstName, u.profile.lastName, u.profile.email].some(v => typeof v === 'string' && v.toLowerCase().startsWith('ada')),
    );
    expect(ids(users)).toEqual(ids(expected));
    expect(users.length).toBeGreaterThan(0);
  });

  it('pages by the requested limit and caps it at 200', async () => {
    const visible = all.filter(u => u.status !== 'DEPROVISIONED').length;
    expect(await listUsers({ limit: 7 })).toHaveLength(visible);
    expect(emulator.server.counters().byRoute['GET /api/v1/users']).toBe(Math.ceil(visible / 7));
    emulator.server.resetCounters();
    expect(await listUsers({ limit: 1000 })).toHaveLength(visible);
    expect(emulator.server.counters().byRoute['GET /api/v1/users']).toBe(Math.ceil(visible / 200));
  });

  it('sends absolute self and next Link headers, and no next on the last page', async () => {
    const first = await get('/api/v1/users?limit=250&filter=status%20eq%20%22ACTIVE%22');
    const body = (await first.json()) as unknown[];
    expect(body).toHaveLength(200);
    const links = first.headers.get('link')!;
    expect(links).toContain(`<${emulator.info.url}/api/v1/users?limit=250&filter=status%20eq%20%22ACTIVE%22>; rel="self"`);
    const next = /<([^>]+)>; rel="next"/.exec(links)![1];
    expect(next.startsWith(`${emulator.info.url}/api/v1/users?`)).toBe(true);
    const nextUrl = new URL(next);
    expect(nextUrl.searchParams.get('limit')).toBe('200');
    expect(nextUrl.searchParams.get('filter')).toBe('status eq "ACTIVE"');
    expect(nextUrl.searchParams.get('after')).toBeTruthy();

    let url: string | undefined = next;
    let pages = 1;
    while (url) {
      const response = await fetch(url, { headers: { authorization: `SSWS ${emulator.info.token}` } });
      pages++;
      url = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    expect(pages).toBe(Math.ceil(all.filter(u => u.status === 'ACTIVE').length / 200));
    expect((await get('/api/v1/users?after=not-a-cursor')).status).toBe(400);
  });

  it('gets a user by id, by login and by login short name; unknown users are E0000007', async () => {
    const target = all.find(u => u.status === 'ACTIVE' && /^[a-z.]+@/.test(u.profile.login))!;
    expect((await client.userApi.getUser({ userId: target.id })).id).toBe(target.id);
    expect((await client.userApi.getUser({ userId: target.profile.login })).id).toBe(target.id);
    expect((await client.userApi.getUser({ userId: target.profile.login.split('@')[0] })).id).toBe(target.id);
    await expect(client.userApi.getUser({ userId: '00unotthere000000000' })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('filters groups by type, timestamps and name prefix, with stats', async () => {
    const groups = emulator.org.groups();
    const builtIn = await collect(await client.groupApi.listGroups({ filter: 'type eq "BUILT_IN"', expand: 'stats' }));
    expect(builtIn.map(g => g.profile?.name)).toEqual(['Everyone']);
    expect((builtIn[0]._embedded as { stats: { usersCount: number } }).stats.usersCount).toBe(all.length);
    const okta = await collect(await client.groupApi.listGroups({ filter: 'type eq "OKTA_GROUP"' }));
    expect(okta).toHaveLength(groups.length - 1);

    const pivot = groups[15].lastMembershipUpdated;
    const changed = await collect(await client.groupApi.listGroups({ filter: `lastMembershipUpdated gt "${pivot}"` }));
    expect(ids(changed)).toEqual(ids(groups.filter(g => Date.parse(g.lastMembershipUpdated) > Date.parse(pivot))));
    const updated = await collect(await client.groupApi.listGroups({ filter: `lastUpdated lt "${groups[10].lastUpdated}" and type eq "OKTA_GROUP"` }));
    expect(ids(updated)).toEqual(ids(groups.filter(g => g.type === 'OKTA_GROUP' && Date.parse(g.lastUpdated) < Date.parse(groups[10].lastUpdated))));

    const prefix = groups[5].profile.name.slice(0, 4);
    const byName = await collect(await client.groupApi.listGroups({ q: prefix.toLowerCase() }));
    expect(ids(byName)).toEqual(ids(groups.filter(g => g.profile.name.toLowerCase().startsWith(prefix.toLowerCase()))));
    await expect(collect(await client.groupApi.listGroups({ filter: 'profile.name eq "x"' }))).rejects.toMatchObject({ status: 400 });
  });

  it('pages group members (default limit 1000, any smaller limit)', async () => {
    const everyone = emulator.org.groups().find(g => g.type === 'BUILT_IN')!;
    const members = await collect(await client.groupApi.listGroupUsers({ groupId: everyone.id }));
    expect(members.map(m => m.id)).toEqual(emulator.org.memberIds(everyone.id));
    expect(emulator.server.counters().byRoute['GET /api/v1/groups/:id/users']).toBe(1);
    emulator.server.resetCounters();
    const paged = await collect(await client.groupApi.listGroupUsers({ groupId: everyone.id, limit: 50 }));
    expect(paged.map(m => m.id)).toEqual(emulator.org.memberIds(everyone.id));
    expect(emulator.server.counters().byRoute['GET /api/v1/groups/:id/users']).toBe(Math.ceil(all.length / 50));
    await expect(client.groupApi.getGroup({ groupId: '00gnotthere000000000' })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });
});
