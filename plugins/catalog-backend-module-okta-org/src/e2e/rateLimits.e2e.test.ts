import { startOktaEmulator } from '@orgsync/idp-emulators';
import { processedEntities, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

describe('Okta org provider under rate limits', () => {
  const fixture = useOktaFixture({
    emulator: () =>
      startOktaEmulator({
        generate: { users: 150, groups: 60, seed: 3 },
        // 15 member fetches per 1-second window for 60 groups, plus a burst of injected 429s.
        rateLimits: { groupMembers: 15, users: 2 },
        rateLimitWindowSeconds: 1,
        latencyMs: 5,
      }),
    // Full reads every run: both runs read every member list, the load these budgets are about.
    providers: okta => ({ main: providerConfig(okta, { concurrency: 10, incremental: { enabled: false } }) }),
  });

  it('rides out a 429 storm and emits every group with all its members', async () => {
    fixture.emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/groups/:id/users', probability: 0.5, count: 12 });
    fixture.emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/users', count: 3 });
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    const counters = fixture.emulator.server.counters();
    expect(counters.byStatus['429']).toBeGreaterThanOrEqual(15);

    const users = fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED');
    const groups = fixture.emulator.org.groups();
    expect(result.counts).toMatchObject({ users: users.length, groups: groups.length });
    const entities = await processedEntities(fixture.catalog, 'org-sync:okta:main', users.length + groups.length);
    const listed = new Set(users.map(u => u.id));
    const idOfRef = new Map(
      entities.filter(e => e.kind === 'User').map(u => [`user:default/${u.metadata.name}`.toLowerCase(), u.metadata.annotations!['okta.com/user-id']]),
    );
    for (const group of groups) {
      const entity = entities.find(e => e.metadata.annotations?.['okta.com/group-id'] === group.id);
      expect(entity).toBeDefined();
      const members = (specOf<{ members?: string[] }>(entity).members ?? []).map(ref => idOfRef.get(ref.toLowerCase())).sort();
      expect(members).toEqual(fixture.emulator.org.memberIds(group.id).filter(id => listed.has(id)).sort());
    }
  });

  it('keeps within the advertised budget instead of drawing 429s', async () => {
    fixture.emulator.server.resetCounters();
    // No injected faults now: only the budget of 15 member fetches per second, for 60 groups at concurrency 10.
    const result = await fixture.provider('main').run();
    expect(result.outcome).toBe('applied');
    const counters = fixture.emulator.server.counters();
    // Every group Okta counts members in (an empty one's list is not read: groups.skipEmptyMemberReads).
    const withMembers = fixture.emulator.org.groups().filter(g => fixture.emulator.org.memberIds(g.id).length > 0).length;
    expect(withMembers).toBeGreaterThan(50);
    expect(counters.byRoute['GET /api/v1/groups/:id/users']).toBeGreaterThanOrEqual(withMembers);
    // Without the governor about 45 of these would answer 429; it waits for the reset instead.
    expect(counters.byStatus['429'] ?? 0).toBeLessThanOrEqual(3);
  });
});
