import { startOktaEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { catalogPicture, processedEntities, providerConfig, useOktaFixture } from '../__testing__/harness';

const LOCATION = 'org-sync:okta:main';

describe('Okta requests that never finish', () => {
  const fixture = useOktaFixture({
    emulator: () => startOktaEmulator({ generate: { users: 450, groups: 12, seed: 41, hostileShare: 0 } }),
    providers: okta => ({ main: providerConfig(okta, { requestTimeout: { seconds: 2 }, concurrency: 4 }) }),
  });

  const entityCount = () => fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED').length + fixture.emulator.org.groups().length;
  /** The emulator's open client connections, once they have settled at `count`. */
  const socketsSettleAt = (count: number) => waitFor(`${count} open sockets at the emulator`, async () => fixture.emulator.server.openSockets === count, { timeoutMs: 5000, intervalMs: 50 });

  it('a healthy run leaves no connection open behind it (the keep-alive pool is closed with the read)', async () => {
    expect(fixture.emulator.server.openSockets).toBe(0);
    const result = await fixture.provider('main').run();
    expect(result.outcome).toBe('applied');
    await processedEntities(fixture.catalog, LOCATION, entityCount());
    // The emulator's own idle timeout would close them after 5 s; the read closes them at once.
    await socketsSettleAt(0);
  });

  it('a users page whose body trickles ends the run after requestTimeout with a message naming the setting, and its sockets are closed', async () => {
    const before = await catalogPicture(fixture.catalog, LOCATION);
    // Headers at once, then one byte every 100 ms of a body announced a megabyte longer than it is.
    fixture.emulator.server.faults.add({ kind: 'trickle', route: 'GET /api/v1/users', afterRequests: 1, intervalMs: 100 });
    fixture.emulator.server.resetCounters();
    const started = Date.now();
    const result = await fixture.provider('main').run();
    const elapsed = Date.now() - started;
    fixture.emulator.server.faults.clear();

    expect(result.outcome).not.toBe('applied');
    // Past the first page the list is read in 4 slices side by side (users.partitions): each slice's first page trickles.
    expect(result.error).toMatch(
      /^listing users failed after 200 users: Okta users \(slice \d of 4: [^)]*\): Okta request GET \/api\/v1\/users did not complete within 2000 ms \(catalog\.providers\.okta\.main\.requestTimeout\)/,
    );
    // The first page and one timed-out request per slice, none retried: a retry would only wait as long again.
    expect(fixture.emulator.server.counters().byRoute['GET /api/v1/users']).toBe(1 + 4);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(6000);
    await socketsSettleAt(0);
    expect(await catalogPicture(fixture.catalog, LOCATION)).toEqual(before);
  });

  it('a member list that trickles does the same, naming the group', async () => {
    const group = fixture.emulator.org.groups()[0];
    fixture.emulator.org.addMember(group.id, fixture.emulator.org.users().find(u => u.status === 'ACTIVE' && !fixture.emulator.org.memberIds(group.id).includes(u.id))!.id);
    fixture.emulator.server.faults.add({ kind: 'trickle', route: `/api/v1/groups/${group.id}/users`, intervalMs: 100 });
    const result = await fixture.provider('main').run();
    fixture.emulator.server.faults.clear();
    expect(result.error).toContain(
      `reading the members of group ${JSON.stringify(group.profile.name)} (${group.id}) failed: Okta request GET /api/v1/groups/${group.id}/users did not complete within 2000 ms`,
    );
    await socketsSettleAt(0);

    const healthy = await fixture.provider('main').run();
    expect(healthy.outcome).toBe('applied');
    await socketsSettleAt(0);
  });
});
