import { collect, privateKeyClient, sswsClient } from './__fixtures__/sdk';
import { startOktaEmulator, type OktaEmulator, type OktaLogEvent } from './index';

// The System Log as Okta serves it: every admin change recorded with its real event type,
// bounded and polling requests, read through the real SDK and over plain HTTP for the Link headers.
describe('Okta emulator System Log (GET /api/v1/logs)', () => {
  let emulator: OktaEmulator;

  beforeEach(async () => {
    emulator = await startOktaEmulator({ generate: { seed: 11, users: 60, groups: 6 } });
  });
  afterEach(() => emulator.close());

  async function logs(query: Record<string, string>): Promise<{ status: number; events: OktaLogEvent[]; next?: string; body: unknown }> {
    const url = new URL(`${emulator.info.url}/api/v1/logs`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return get(url.href);
  }
  async function get(url: string): Promise<{ status: number; events: OktaLogEvent[]; next?: string; body: unknown }> {
    const response = await fetch(url, { headers: { authorization: `SSWS ${emulator.info.token}`, accept: 'application/json' } });
    const body = await response.json();
    const links = response.headers.get('link') ?? '';
    const next = /<([^>]+)>; rel="next"/.exec(links)?.[1];
    return { status: response.status, events: Array.isArray(body) ? body : [], next, body };
  }
  const activeUser = () => emulator.org.users().find(u => u.status === 'ACTIVE')!;
  const someGroup = () => emulator.org.groups().find(g => g.type === 'OKTA_GROUP')!;
  const lastEvent = () => emulator.org.logEvents().at(-1)!;

  it('records a deactivation as user.lifecycle.deactivate with Okta’s LogEvent shape, readable through the SDK', async () => {
    const user = activeUser();
    const since = new Date().toISOString();
    emulator.org.deactivateUser(user.id);
    const client = sswsClient(emulator.info);
    const events = await collect(await client.systemLogApi.listLogEvents({ since, until: new Date(Date.now() + 1000).toISOString(), filter: 'eventType eq "user.lifecycle.deactivate"' }));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.eventType).toBe('user.lifecycle.deactivate');
    expect(event.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.published).toBeInstanceOf(Date);
    expect(event.version).toBe('0');
    expect(event.severity).toBe('INFO');
    expect(event.displayMessage).toBe('Deactivate Okta user');
    expect(event.outcome?.result).toBe('SUCCESS');
    expect(event.actor?.type).toBe('User');
    expect(event.transaction?.id).toBeTruthy();
    expect(event.target).toEqual([
      expect.objectContaining({ id: user.id, type: 'User', alternateId: user.profile.login, displayName: `${user.profile.firstName} ${user.profile.lastName}` }),
    ]);
  });

  it('records every admin change with Okta’s event type and targets', () => {
    const user = activeUser();
    const group = someGroup();
    const other = emulator.org.users().filter(u => u.status === 'ACTIVE' && !emulator.org.memberIds(group.id).includes(u.id))[0];
    const cases: Array<[() => unknown, string, string[]]> = [
      [() => emulator.org.suspendUser(user.id), 'user.lifecycle.suspend', ['User']],
      [() => emulator.org.unsuspendUser(user.id), 'user.lifecycle.unsuspend', ['User']],
      [() => emulator.org.deactivateUser(user.id), 'user.lifecycle.deactivate', ['User']],
      [() => emulator.org.reactivateUser(user.id), 'user.lifecycle.reactivate', ['User']],
      [() => emulator.org.updateUserProfile(user.id, { title: 'Boss' }), 'user.account.update_profile', ['User']],
      [() => emulator.org.addMember(group.id, other.id), 'group.user_membership.add', ['User', 'UserGroup']],
      [() => emulator.org.removeMember(group.id, other.id), 'group.user_membership.remove', ['User', 'UserGroup']],
      [() => emulator.org.updateGroupProfile(group.id, { description: 'new' }), 'group.profile.updated', ['UserGroup']],
      [() => emulator.org.createGroup({ profile: { name: 'fresh' } }), 'group.lifecycle.create', ['UserGroup']],
      [() => emulator.org.deleteGroup(emulator.org.groups().find(g => g.profile.name === 'fresh')!.id), 'group.lifecycle.delete', ['UserGroup']],
      [() => emulator.org.deleteUser(user.id), 'user.lifecycle.delete.initiated', ['User']],
    ];
    for (const [change, eventType, targetTypes] of cases) {
      const before = emulator.org.logEvents().length;
      change();
      expect({ eventType, added: emulator.org.logEvents().length - before }).toEqual({ eventType, added: 1 });
      expect(lastEvent().eventType).toBe(eventType);
      expect(lastEvent().target.map(t => t.type)).toEqual(targetTypes);
    }
    const staged = emulator.org.createUser({ profile: { login: 'new.person@example.com', email: 'new.person@example.com' }, status: 'STAGED' });
    emulator.org.activateUser(staged.id);
    expect(lastEvent()).toMatchObject({ eventType: 'user.lifecycle.activate', target: [{ id: staged.id, type: 'User' }] });
  });

  it('records nothing for a change that changes nothing (an existing membership, the same status)', () => {
    const group = someGroup();
    const member = emulator.org.memberIds(group.id)[0];
    const before = emulator.org.logEvents().length;
    expect(emulator.org.addMember(group.id, member)).toBe(false);
    emulator.org.setUserStatus(member, emulator.org.findUser(member)!.status);
    expect(emulator.org.logEvents()).toHaveLength(before);
  });

  it('answers a polling request (since, no until) with a next link even when the page is empty; the link returns only newer events', async () => {
    const old = activeUser();
    emulator.org.suspendUser(old.id);
    const first = await logs({ since: new Date(Date.now() + 1).toISOString() });
    expect(first.status).toBe(200);
    expect(first.events).toEqual([]);
    expect(first.next).toContain('after=');

    const user = emulator.org.users().filter(u => u.status === 'ACTIVE')[1];
    emulator.org.deactivateUser(user.id);
    const second = await get(first.next!);
    expect(second.events.map(e => [e.eventType, e.target[0].id])).toEqual([['user.lifecycle.deactivate', user.id]]);
    expect(second.next).toBeDefined();

    const third = await get(second.next!);
    expect(third.events).toEqual([]);
    expect(third.next).toBeDefined();
  });

  it('pages a polling request by limit and only then reaches the empty page', async () => {
    const since = new Date().toISOString();
    const user = activeUser();
    for (let i = 0; i < 5; i++) emulator.org.updateUserProfile(user.id, { title: `t${i}` });
    const seen: string[] = [];
    let page = await logs({ since, limit: '2' });
    while (page.events.length > 0) {
      seen.push(...page.events.map(e => e.uuid));
      page = await get(page.next!);
    }
    expect(seen).toEqual(emulator.org.logEvents().slice(-5).map(e => e.uuid));
    expect(page.next).toBeDefined();
  });

  it('filters by eventType joined with or', async () => {
    const since = new Date().toISOString();
    const [a, b, c] = emulator.org.users().filter(u => u.status === 'ACTIVE');
    emulator.org.deactivateUser(a.id);
    emulator.org.suspendUser(b.id);
    emulator.org.updateUserProfile(c.id, { title: 'x' });
    const page = await logs({ since, filter: 'eventType eq "user.lifecycle.deactivate" or eventType eq "user.account.update_profile"' });
    expect(page.events.map(e => e.target[0].id)).toEqual([a.id, c.id]);
    expect((await logs({ filter: 'eventType gt "x"' })).status).toBe(400);
    expect((await logs({ filter: 'eventType eq "unterminated' })).status).toBe(400);
  });

  it('defaults to 100 events, caps limit at 1000, and ends a bounded request without a next link', async () => {
    const since = new Date().toISOString();
    const user = activeUser();
    for (let i = 0; i < 1050; i++) emulator.org.updateUserProfile(user.id, { title: `t${i}` });
    const until = new Date(Date.now() + 1000).toISOString();
    expect((await logs({ since, until })).events).toHaveLength(100);
    const capped = await logs({ since, until, limit: '5000' });
    expect(capped.events).toHaveLength(1000);
    const rest = await get(capped.next!);
    expect(rest.events).toHaveLength(50);
    expect(rest.next).toBeUndefined();
    const client = sswsClient(emulator.info);
    expect(await collect(await client.systemLogApi.listLogEvents({ since, until, limit: 1000 }))).toHaveLength(1050);
  });

  it('sorts a bounded request DESCENDING', async () => {
    const since = new Date().toISOString();
    const [a, b] = emulator.org.users().filter(u => u.status === 'ACTIVE');
    emulator.org.suspendUser(a.id);
    emulator.org.suspendUser(b.id);
    const page = await logs({ since, until: new Date(Date.now() + 1000).toISOString(), sortOrder: 'DESCENDING' });
    expect(page.events.map(e => e.target[0].id)).toEqual([b.id, a.id]);
  });

  it('refuses malformed since, sortOrder and after with Okta’s validation error', async () => {
    for (const query of [{ since: 'yesterday' }, { sortOrder: 'SIDEWAYS' }, { after: 'bm9wZQ' }] as Array<Record<string, string>>) {
      const answer = await logs(query);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ errorCode: 'E0000001' });
    }
  });

  it('needs okta.logs.read for an OAuth app', async () => {
    const withScope = privateKeyClient(emulator.info, ['okta.logs.read']);
    expect(await collect(await withScope.systemLogApi.listLogEvents({ since: new Date().toISOString(), until: new Date(Date.now() + 1000).toISOString() }))).toEqual([]);
    const without = privateKeyClient(emulator.info, ['okta.users.read']);
    await expect(collect(await without.systemLogApi.listLogEvents({ until: new Date().toISOString() }))).rejects.toMatchObject({ status: 403 });
  });
});
