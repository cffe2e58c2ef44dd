import { waitFor } from '@orgsync/test-utils';
import type { GraphEmulator } from '@orgsync/idp-emulators';
import { annotation, contentOf, emulatorProviderConfig, graphRequests, startHarness, type Harness } from '../__testing__/harness';

const USERS = 50;
const GROUPS = 30;

let h: Harness;
let e: GraphEmulator;
const provider = (id: string) => h.providers.get(id)!;
const isGroup = (id: string) => e.org.groups().some(g => g.id === id);
const enabledUserIds = () => new Set(e.org.users().filter(u => u.accountEnabled !== false).map(u => u.id));
const idsIn = async (namespace: string, key: 'user-id' | 'group-id') =>
  (await h.entities(namespace)).map(x => annotation(x, `graph.microsoft.com/${key}`)).filter(Boolean).sort();

beforeAll(async () => {
  let parentName = '';
  h = await startHarness({
    emulator: { generate: { users: USERS, groups: GROUPS, seed: 11, hostileShare: 0 } },
    providers: emulator => {
      e = emulator;
      const parent = emulator.org.groups().find(g => emulator.org.members(g.id).some(id => emulator.org.groups().some(x => x.id === id)))!;
      parentName = parent.displayName;
      const { clientSecret: _secret, ...certificate } = emulatorProviderConfig(emulator, { namespace: 'cert' });
      return {
        // Every run a full read (incremental reads are covered by incremental.e2e.test.ts).
        main: emulatorProviderConfig(emulator, { incremental: { enabled: false } }),
        members: emulatorProviderConfig(emulator, { namespace: 'members', userGroupMember: { filter: `displayName eq '${parentName}'` } }),
        sub: emulatorProviderConfig(emulator, { namespace: 'sub', group: { filter: `displayName eq '${parentName}'`, includeSubGroups: true } }),
        cert: { ...certificate, clientCertificatePath: emulator.info.certificate.certificatePath },
      };
    },
  });
});
afterAll(() => h?.stop());
afterEach(() => e.server.faults.clear());

test(`a sync of U users and G groups costs ⌈U/999⌉ + ⌈G/999⌉ + ⌈G/20⌉ + 1 requests, members batched`, async () => {
  e.server.resetCounters();
  const result = await provider('main').run();
  expect(result.outcome).toBe('applied');
  const requests = graphRequests(e);
  expect(requests.total).toBe(Math.ceil(USERS / 999) + Math.ceil(GROUPS / 999) + Math.ceil(GROUPS / 20) + 1);
  expect(requests.perGroupMembers).toBe(0);
  expect(requests.inner['GET /v1.0/groups/:id/members']).toBe(GROUPS);
  // What the run reports (operations API, orgsync.read.* metrics): every HTTP request to Graph, none throttled.
  expect(result.requests).toEqual({ total: requests.total, rateLimited: 0 });
  await waitFor('users and groups in the catalog', async () => (await h.entities()).length === result.counts.users + result.counts.groups);
});

test('a 429 storm inside the batches is ridden out: the run completes with every group', async () => {
  const before = contentOf(await h.entities());
  e.server.resetCounters();
  e.server.faults.add({ kind: 'rate-limit', route: 'GET /v1.0/groups/:id/members', count: 45, retryAfterSeconds: 0 });
  e.server.faults.add({ kind: 'rate-limit', route: 'POST /v1.0/$batch', count: 2, retryAfterSeconds: 0 });
  const result = await provider('main').run();
  expect(result.error).toBeUndefined();
  expect(result).toMatchObject({ outcome: 'applied', counts: { added: 0, changed: 0, removed: 0 } });
  const requests = graphRequests(e);
  expect(requests.inner['GET /v1.0/groups/:id/members']).toBe(GROUPS + 45);
  expect(requests.byStatus['429']).toBe(2); // the two throttled batch envelopes, retried by the client's RetryHandler
  expect(result.requests).toEqual({ total: requests.total, rateLimited: 45 + 2 });
  expect(contentOf(await h.entities())).toEqual(before);
});

test('a failed page, a failed member list or endless throttling aborts the run and leaves the catalog unchanged', async () => {
  const before = contentOf(await h.entities());
  const faults = [
    { kind: 'status', route: 'GET /v1.0/users', status: 500, count: 1 },
    { kind: 'status', route: 'GET /v1.0/groups/:id/members', status: 500, count: 1, afterRequests: 7 },
    { kind: 'rate-limit', route: 'GET /v1.0/groups/:id/members', count: 1000, retryAfterSeconds: 0 },
  ] as const;
  for (const fault of faults) {
    e.server.faults.clear();
    e.server.faults.add(fault);
    const user = e.org.users().find(u => u.accountEnabled !== false)!;
    e.org.renameUser(user.id, `${user.displayName} (renamed)`);
    const result = await provider('main').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/Microsoft Graph/);
  }
  e.server.faults.clear();
  await new Promise(r => setTimeout(r, 1500));
  expect(contentOf(await h.entities())).toEqual(before);
  expect(h.logger.text()).toContain('read failed, nothing applied');
});

test('userGroupMember mode: only the user members of the selected groups', async () => {
  const result = await provider('members').run();
  expect(result.outcome).toBe('applied');
  const selected = e.org.groups().filter(g => e.org.members(g.id).some(isGroup))[0];
  const expected = e.org.members(selected.id).filter(id => enabledUserIds().has(id)).sort();
  expect(expected.length).toBeGreaterThan(0);
  await waitFor('the members namespace', async () => JSON.stringify(await idsIn('members', 'user-id')) === JSON.stringify(expected));
});

test('includeSubGroups: the filtered group and the groups nested in it, with their members', async () => {
  const result = await provider('sub').run();
  expect(result.outcome).toBe('applied');
  const parent = e.org.groups().filter(g => e.org.members(g.id).some(isGroup))[0];
  const expected = [parent.id, ...e.org.members(parent.id).filter(isGroup)].sort();
  await waitFor('the sub namespace groups', async () => JSON.stringify(await idsIn('sub', 'group-id')) === JSON.stringify(expected));
});

test('certificate auth: a client certificate instead of a secret', async () => {
  const result = await provider('cert').run();
  expect(result.error).toBeUndefined();
  expect(result.outcome).toBe('applied');
  await waitFor('the cert namespace filled', async () => (await h.entities('cert')).length === result.counts.users + result.counts.groups);
});
