import { collect, privateKeyClient, sswsClient } from './__fixtures__/sdk';
import { OktaAdminError, startOktaEmulator, type OktaEmulator, type OktaFixture } from './index';

// Changes made between syncs, through the org handle and the admin HTTP API, as the SDK then sees them.
describe('Okta admin mutations seen through the SDK', () => {
  let emulator: OktaEmulator;
  let client: ReturnType<typeof sswsClient>;

  beforeEach(async () => {
    emulator = await startOktaEmulator({ generate: { seed: 9, users: 120, groups: 8 } });
    client = sswsClient(emulator.info);
  });
  afterEach(() => emulator.close());

  async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${emulator.info.url}/__admin/okta${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const listIds = async (params: Record<string, unknown> = {}) => (await collect(await client.userApi.listUsers(params))).map(u => u.id);
  const activeUser = () => emulator.org.users().find(u => u.status === 'ACTIVE')!;

  it('deactivating a user removes it from the plain list and bumps lastUpdated and statusChanged', async () => {
    const user = activeUser();
    const before = new Date().toISOString();
    expect((await admin('POST', `/users/${user.id}/deactivate`)).status).toBe(200);
    expect(await listIds()).not.toContain(user.id);
    const changed = await collect(await client.userApi.listUsers({ filter: `lastUpdated ge "${before}"` }));
    expect(changed.map(u => u.id)).toEqual([user.id]);
    expect(changed[0].status).toBe('DEPROVISIONED');
    expect(changed[0].statusChanged!.getTime()).toBeGreaterThanOrEqual(Date.parse(before));
  });

  it('suspending and unsuspending show as status changes', async () => {
    const user = activeUser();
    await admin('POST', `/users/${user.profile.login}/suspend`);
    expect((await client.userApi.getUser({ userId: user.id })).status).toBe('SUSPENDED');
    emulator.org.unsuspendUser(user.id);
    expect((await client.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');
    expect((await admin('POST', `/users/${user.id}/status`, { status: 'LOCKED_OUT' })).status).toBe(200);
    expect((await client.userApi.getUser({ userId: user.id })).status).toBe('LOCKED_OUT');
    expect((await admin('POST', `/users/${user.id}/status`, { status: 'HAPPY' })).status).toBe(400);
  });

  it('renaming a user and a group changes their profiles and lastUpdated, not lastMembershipUpdated', async () => {
    const user = activeUser();
    await admin('POST', `/users/${user.id}/rename`, { displayName: 'Renamed Person' });
    const fetched = await client.userApi.getUser({ userId: user.id });
    expect(fetched.profile?.displayName).toBe('Renamed Person');
    expect(fetched.lastUpdated!.getTime()).toBeGreaterThan(Date.parse(user.lastUpdated));
    await admin('POST', `/users/${user.id}/profile`, { title: 'Chief Tester' });
    expect((await client.userApi.getUser({ userId: user.id })).profile?.title).toBe('Chief Tester');

    const group = emulator.org.groups()[0];
    await admin('POST', `/groups/${group.id}/rename`, { name: 'Renamed Group' });
    const renamed = await client.groupApi.getGroup({ groupId: group.id });
    expect(renamed.profile?.name).toBe('Renamed Group');
    expect(renamed.lastUpdated!.getTime()).toBeGreaterThan(Date.parse(group.lastUpdated));
    expect(renamed.lastMembershipUpdated!.toISOString()).toBe(group.lastMembershipUpdated);
  });

  it('adding and removing a membership changes the member list and lastMembershipUpdated only', async () => {
    const group = emulator.org.groups()[1];
    const outsider = emulator.org.users().find(u => !emulator.org.memberIds(group.id).includes(u.id))!;
    expect((await admin('PUT', `/groups/${group.id}/users/${outsider.id}`)).body).toEqual({ added: true });
    let members = (await collect(await client.groupApi.listGroupUsers({ groupId: group.id }))).map(u => u.id);
    expect(members).toContain(outsider.id);
    const after = await client.groupApi.getGroup({ groupId: group.id });
    expect(after.lastMembershipUpdated!.getTime()).toBeGreaterThan(Date.parse(group.lastMembershipUpdated));
    expect(after.lastUpdated!.toISOString()).toBe(group.lastUpdated);
    const changed = await collect(await client.groupApi.listGroups({ filter: `lastMembershipUpdated gt "${group.lastMembershipUpdated}"` }));
    expect(changed.map(g => g.id)).toContain(group.id);

    expect((await admin('DELETE', `/groups/${group.id}/users/${outsider.id}`)).body).toEqual({ removed: true });
    members = (await collect(await client.groupApi.listGroupUsers({ groupId: group.id }))).map(u => u.id);
    expect(members).not.toContain(outsider.id);
    expect((await admin('DELETE', `/groups/${group.id}/users/${outsider.id}`)).body).toEqual({ removed: false });
  });

  it('deleting a user and a group makes them 404 and drops the memberships', async () => {
    const group = emulator.org.groups()[2];
    const member = emulator.org.memberIds(group.id)[0];
    expect((await admin('DELETE', `/users/${member}`)).status).toBe(204);
    await expect(client.userApi.getUser({ userId: member })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id }))).map(u => u.id)).not.toContain(member);
    expect((await admin('DELETE', `/users/${member}`)).status).toBe(404);

    expect((await admin('DELETE', `/groups/${group.id}`)).status).toBe(204);
    await expect(client.groupApi.getGroup({ groupId: group.id })).rejects.toMatchObject({ status: 404 });
    expect((await collect(await client.groupApi.listGroups({}))).map(g => g.id)).not.toContain(group.id);
  });

  it('creates users and groups that the SDK lists', async () => {
    const created = await admin('POST', '/users', { profile: { login: 'new.person@example.com', email: 'new.person@example.com', firstName: 'New', lastName: 'Person' } });
    expect(created.status).toBe(201);
    const userId = (created.body as { id: string }).id;
    expect(userId).toMatch(/^00u/);
    const group = emulator.org.createGroup({ profile: { name: 'Brand New', description: 'made in a test' }, userIds: [userId] });
    expect(await listIds()).toContain(userId);
    const fetched = await client.userApi.getUser({ userId: 'new.person@example.com' });
    expect(fetched.profile).toMatchObject({ firstName: 'New', lastName: 'Person', email: 'new.person@example.com' });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id }))).map(u => u.id)).toEqual([userId]);
    const groups = await collect(await client.groupApi.listGroups({ q: 'Brand' }));
    expect(groups.map(g => g.profile?.name)).toEqual(['Brand New']);
    expect((await admin('POST', '/users', { profile: { login: 'NEW.PERSON@example.com' } })).status).toBe(409);
    expect(() => emulator.org.addMember(group.id, '00unobody00000000000')).toThrow(OktaAdminError);
  });

  it('reads empty on demand and back', async () => {
    const user = activeUser();
    expect((await admin('POST', '/read-empty', { empty: true })).body).toEqual({ empty: true });
    expect(await listIds()).toEqual([]);
    expect(await collect(await client.groupApi.listGroups({}))).toEqual([]);
    await expect(client.userApi.getUser({ userId: user.id })).rejects.toMatchObject({ status: 404 });
    expect((await admin('POST', '/read-empty', { empty: false })).body).toEqual({ empty: false });
    expect((await listIds()).length).toBeGreaterThan(0);
  });

  it('revokes OAuth tokens over HTTP; the SDK fetches a new one', async () => {
    const oauth = privateKeyClient(emulator.info);
    await collect(await oauth.groupApi.listGroups({}));
    expect((await admin('POST', '/tokens/revoke')).body).toEqual({ revoked: 1 });
    await collect(await oauth.groupApi.listGroups({}));
    expect(emulator.server.counters().byRoute['POST /oauth2/v1/token']).toBe(2);
  });

  it('exports the org as a fixture that another emulator serves identically', async () => {
    emulator.org.deactivateUser(activeUser().id);
    const fixture = (await admin('GET', '/fixture')).body as OktaFixture;
    const copy = await startOktaEmulator({ fixture });
    try {
      const again = await collect(await sswsClient(copy.info).userApi.listUsers({}));
      expect(again.map(u => u.id)).toEqual(await listIds());
      expect(copy.org.fixture()).toEqual(emulator.org.fixture());
    } finally {
      await copy.close();
    }
  });
});
