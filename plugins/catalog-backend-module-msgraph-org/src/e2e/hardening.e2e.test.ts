import { waitFor } from '@orgsync/test-utils';
import type { GraphEmulator } from '@orgsync/idp-emulators';
import { contentOf, emulatorProviderConfig, graphRequests, specOf, startHarness, type Harness } from '../__testing__/harness';

const USERS = 40;
const GROUPS = 6;
const MEMBERS = 'GET /v1.0/groups/:id/members';

let h: Harness;
let e: GraphEmulator;
const provider = (id: string) => h.providers.get(id)!;
/**
 * A hung or trickling answer stays in flight at the emulator until the client closes its socket: none left means the
 * client ended its requests (idle keep-alive sockets, which close on their own later, do not count).
 */
const everySocketClosed = () =>
  waitFor('no request in flight at the emulator (every hung socket closed)', async () => e.server.requestsInFlight === 0, { timeoutMs: 15_000, intervalMs: 50 });

beforeAll(async () => {
  h = await startHarness({
    emulator: { generate: { users: USERS, groups: GROUPS, seed: 5, hostileShare: 0 } },
    providers: emulator => {
      e = emulator;
      return {
        // Every run a full read, so member pages are read at each run.
        main: emulatorProviderConfig(emulator, { incremental: { enabled: false }, requestTimeout: { seconds: 2 } }),
        // The default requestTimeout (60 s): only the run's signal can end its requests within a test.
        slow: emulatorProviderConfig(emulator, { namespace: 'slow' }),
        inc: emulatorProviderConfig(emulator, { namespace: 'inc' }),
      };
    },
  });
  for (const [id, namespace] of [['main', 'default'], ['inc', 'inc']]) {
    const { outcome, counts } = await provider(id).run();
    expect(outcome).toBe('applied');
    await waitFor(`${id}'s users and groups processed`, async () => {
      const all = await h.entities(namespace);
      return all.length === counts.users + counts.groups && all.every(x => x.relations !== undefined);
    });
  }
}, 120_000);
afterAll(() => h?.stop());
afterEach(() => e.server.faults.clear());

/** Runs `main` with `arrange` in place and checks the run failed with nothing applied; returns its error. */
async function failedRunOfMain(arrange: () => void): Promise<string> {
  const before = contentOf(await h.entities());
  e.server.resetCounters();
  arrange();
  const result = await provider('main').run();
  expect(result.outcome).toBe('read-failed');
  expect(contentOf(await h.entities())).toEqual(before);
  return result.error!;
}

test('a users page linking to itself ends the run after two pages, nothing applied', async () => {
  const error = await failedRunOfMain(() => e.server.faults.add({ kind: 'loop', route: 'GET /v1.0/users' }));
  expect(error).toMatch(/Microsoft Graph users: page 2 links to a page already read \(https:\/\/localhost:\d+\/v1\.0\/users\?…\)/);
  expect(graphRequests(e).users).toBe(2);
});

test('a member page inside $batch linking to itself ends the run, naming the group', async () => {
  const error = await failedRunOfMain(() => e.server.faults.add({ kind: 'loop', route: MEMBERS, count: 1 }));
  expect(error).toMatch(/Microsoft Graph: the members of group [0-9a-f-]+ \(".+"\): page 1 links to a page already read/);
  expect(graphRequests(e).inner[MEMBERS]).toBe(GROUPS);
});

test('a delta page linking to itself ends an incremental run, nothing applied', async () => {
  const before = contentOf(await h.entities('inc'));
  e.server.faults.add({ kind: 'loop', route: 'GET /v1.0/users/delta' });
  const result = await provider('inc').run();
  expect(result.outcome).toBe('read-failed');
  expect(result.error).toMatch(/Microsoft Graph: the users delta: page \d links to a page already read/);
  expect(graphRequests(e).inner['GET /v1.0/users/delta']).toBeLessThanOrEqual(3);
  expect(contentOf(await h.entities('inc'))).toEqual(before);
});

test('a member list answered 200 with an error object fails the run naming the group; no membership is lost', async () => {
  const membersBefore = (await h.entities()).filter(x => x.kind === 'Group').map(x => [x.metadata.name, specOf(x).members]);
  expect(membersBefore.some(([, members]) => (members?.length ?? 0) > 0)).toBe(true);
  const error = await failedRunOfMain(() => e.server.faults.add({ kind: 'inner-error', route: MEMBERS }));
  expect(error).toMatch(
    /the members of group [0-9a-f-]+ \(".+"\) \(page 1\) from Microsoft Graph: the answer holds no list of objects \(InternalServerError - Emulated fault/,
  );
  expect(h.logger.text()).toContain(error);
  const membersAfter = (await h.entities()).filter(x => x.kind === 'Group').map(x => [x.metadata.name, specOf(x).members]);
  expect(membersAfter).toEqual(membersBefore);
});

test('a trickling answer ends the run after requestTimeout and its socket is closed', async () => {
  const started = Date.now();
  const error = await failedRunOfMain(() => e.server.faults.add({ kind: 'trickle', route: 'GET /v1.0/users', intervalMs: 100 }));
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(error).toContain('Microsoft Graph GET /v1.0/users did not complete within 2000 ms (catalog.providers.microsoftGraphOrg.main.requestTimeout)');
  await everySocketClosed();
});

test('a trickling token endpoint ends the run after requestTimeout', async () => {
  // A failed run drops the credential, so the next run asks for a new token.
  await failedRunOfMain(() => e.server.faults.add({ kind: 'status', status: 500, route: 'GET /v1.0/users', count: 1 }));
  const error = await failedRunOfMain(() => e.server.faults.add({ kind: 'trickle', route: 'POST /:tenant/oauth2/v2.0/token', intervalMs: 100 }));
  expect(error).toContain(`did not complete within 2000 ms (catalog.providers.microsoftGraphOrg.main.requestTimeout)`);
  expect(e.server.counters().byRoute['POST /:tenant/oauth2/v2.0/token']).toBe(1);
  await everySocketClosed();
  e.server.faults.clear();
  expect((await provider('main').run()).outcome).toBe('applied');
});

test('a run aborted by its signal closes the socket of its hung request', async () => {
  e.server.resetCounters();
  e.server.faults.add({ kind: 'hang', route: 'GET /v1.0/users' });
  const controller = new AbortController();
  const running = provider('slow').run({ signal: controller.signal });
  await waitFor('the users request sent', async () => (e.server.counters().byRoute['GET /v1.0/users'] ?? 0) > 0);
  controller.abort();
  const result = await running;
  expect(result.outcome).toBe('read-failed');
  await everySocketClosed();
  expect(await h.entities('slow')).toEqual([]);
});
