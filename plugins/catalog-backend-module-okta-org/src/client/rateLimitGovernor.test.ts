import { endpointFamily, RateLimitGovernor, resetTime } from './rateLimitGovernor';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe('endpointFamily', () => {
  it.each([
    ['https://a.okta.com/api/v1/users?limit=200', 'users'],
    ['https://a.okta.com/api/v1/users/00u1', 'user'],
    ['https://a.okta.com/api/v1/groups?after=x', 'groups'],
    ['https://a.okta.com/api/v1/groups/00g1/users?limit=1000', 'groupMembers'],
    ['https://a.okta.com/api/v1/groups/00g1', 'group'],
    ['https://a.okta.com/oauth2/v1/token', 'token'],
    ['https://a.okta.com/api/v1/apps', 'other'],
  ])('%s → %s', (url, family) => expect(endpointFamily(url)).toBe(family));
});

describe('resetTime', () => {
  it("measures the reset against the response's Date, not the local clock", () => {
    const serverNow = Date.parse('2030-01-01T00:00:00Z');
    const at = resetTime(headers({ 'x-rate-limit-reset': String(serverNow / 1000 + 30), date: new Date(serverNow).toUTCString() }))!;
    expect(at - Date.now()).toBeGreaterThan(29_000);
    expect(at - Date.now()).toBeLessThan(31_000);
  });

  it('ignores a missing or duplicated header', () => {
    expect(resetTime(headers({}))).toBeUndefined();
    expect(resetTime(headers({ 'x-rate-limit-reset': '1700000000, 1700000000' }))).toBeUndefined();
  });
});

describe('RateLimitGovernor', () => {
  it('holds a request back while the requests in flight would use up what remains, until the reset', async () => {
    const governor = new RateLimitGovernor();
    const now = new Date();
    governor.observe('groupMembers', headers({ 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': String(Math.floor(now.getTime() / 1000) + 1), date: now.toUTCString() }), 200);
    await governor.acquire('groupMembers');
    let second = false;
    const pending = governor.acquire('groupMembers').then(() => (second = true));
    await new Promise(r => setTimeout(r, 50));
    expect(second).toBe(false);
    await pending;
    expect(second).toBe(true);
    expect(governor.waitedMs).toBeGreaterThan(0);
  });

  it('stops waiting when the read is aborted', async () => {
    const governor = new RateLimitGovernor();
    const now = new Date();
    governor.observe('users', headers({ 'x-rate-limit-reset': String(Math.floor(now.getTime() / 1000) + 60), date: now.toUTCString() }), 429);
    const controller = new AbortController();
    const waiting = governor.acquire('users', controller.signal);
    controller.abort(new Error('schedule timeout'));
    await expect(waiting).rejects.toThrow('schedule timeout');
  });
});
