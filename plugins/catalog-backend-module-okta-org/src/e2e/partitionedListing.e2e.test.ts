import { startOktaEmulator } from '@orgsync/idp-emulators';
import { waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { catalogPicture, processedEntities, providerConfig, useOktaFixture } from '../__testing__/harness';

const USER_PAGES = 'GET /api/v1/users';
const MEMBER_READS = 'GET /api/v1/groups/:id/users';
/** One listing page after page, every member list read: the reference. */
const PLAIN = 'plainlisting';
/** The defaults: the user list in slices, empty groups' member lists not read. */
const SLICED = 'slicedlisting';
const EMPTY_GROUPS = 3;

/**
 * The two providers read the same org into their own namespaces: with the
 * provider's name and namespace taken out, what the catalog holds must be the same.
 */
async function pictureOf(backend: CatalogTestBackend, id: string): Promise<Record<string, string>> {
  const picture = await catalogPicture(backend.catalog, `org-sync:okta:${id}`);
  const neutral = (text: string) => text.split(id).join('PROVIDER');
  return Object.fromEntries(Object.entries(picture).map(([ref, json]) => [neutral(ref), neutral(json)]));
}

describe('Okta user list in slices, and member reads skipped for groups Okta counts empty', () => {
  const fixture = useOktaFixture({
    emulator: async () => {
      const okta = await startOktaEmulator({
        generate: { users: 150, groups: 12, seed: 11 },
        // Pages of 10 users (Okta's are 200): a small org the catalog processes quickly, in many pages per slice.
        pageSizes: { users: { default: 10, max: 10 } },
        // The user list's budget binds: 6 pages per second, fewer than the slices and their pages.
        rateLimits: { users: 6 },
        rateLimitWindowSeconds: 1,
        latencyMs: 2,
      });
      for (let i = 0; i < EMPTY_GROUPS; i++) okta.org.createGroup({ profile: { name: `Nobody here ${i}` } });
      return okta;
    },
    providers: okta => ({
      [PLAIN]: providerConfig(okta, {
        namespace: PLAIN,
        users: { partitions: 1 },
        groups: { skipEmptyMemberReads: false },
        incremental: { enabled: false },
      }),
      [SLICED]: providerConfig(okta, { namespace: SLICED, incremental: { enabled: false } }),
    }),
  });

  /** The read's summary line (what each skip rule saved), of the newest read of `id`. */
  function readSummary(id: string): Record<string, unknown> {
    const line = [...fixture.logger.lines]
      .reverse()
      .find(l => l.message.startsWith('okta read made') && JSON.stringify(l.meta).includes(`okta:${id}`));
    if (!line) throw new Error(`no read summary of ${id}:\n${fixture.logger.text()}`);
    return line.meta;
  }

  async function runAndCount(id: string) {
    fixture.emulator.server.resetCounters();
    const result = await fixture.provider(id).run();
    return { result, counters: fixture.emulator.server.counters() };
  }

  const activeUsers = () => fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED');

  it('gives the same catalog as one listing, with fewer member reads and within the rate limit', async () => {
    const plain = await runAndCount(PLAIN);
    expect(plain.result.outcome).toBe('applied');
    const sliced = await runAndCount(SLICED);
    expect(sliced.result.outcome).toBe('applied');

    const users = activeUsers().length;
    const groups = fixture.emulator.org.groups().length;
    expect(sliced.result.counts).toMatchObject({ users, groups });
    await processedEntities(fixture.catalog, `org-sync:okta:${PLAIN}`, users + groups);
    await processedEntities(fixture.catalog, `org-sync:okta:${SLICED}`, users + groups);
    expect(await pictureOf(fixture.backend, SLICED)).toEqual(await pictureOf(fixture.backend, PLAIN));

    // Plain: one page after the other; sliced: the first page, 4 slices side by side, the catch-up.
    expect(readSummary(PLAIN)).toMatchObject({ userListPartitions: 1, memberListsSkippedEmpty: 0, memberListsRead: groups });
    expect(readSummary(SLICED)).toMatchObject({ userListPartitions: 4, memberListsSkippedEmpty: EMPTY_GROUPS, memberListsRead: groups - EMPTY_GROUPS });
    expect(plain.counters.byRoute[MEMBER_READS]).toBe(groups);
    expect(sliced.counters.byRoute[MEMBER_READS]).toBe(groups - EMPTY_GROUPS);
    // More user pages than the budget of one window: the slices waited for the reset instead of drawing 429s.
    expect(sliced.counters.byRoute[USER_PAGES]).toBeGreaterThan(6);
    expect(plain.counters.byStatus['429'] ?? 0).toBe(0);
    expect(sliced.counters.byStatus['429'] ?? 0).toBe(0);
  });

  it('a slice that fails aborts the run: nothing is applied and the catalog keeps what it had', async () => {
    const before = await pictureOf(fixture.backend, SLICED);
    const someone = activeUsers()[7];
    fixture.emulator.org.renameUser(someone.id, 'Not applied');
    // The first page and two slices' first pages pass; every users request after them fails (the executor
    // retries a 500 twice), so at least one slice fails for good.
    fixture.emulator.server.faults.add({ kind: 'status', status: 500, route: USER_PAGES, afterRequests: 3, count: 100 });
    const { result } = await runAndCount(SLICED);
    fixture.emulator.server.faults.clear();
    expect(result.outcome).not.toBe('applied');
    expect(String(result.error)).toMatch(/listing users failed .*Okta users \(slice \d of \d: lastUpdated/);
    expect(await pictureOf(fixture.backend, SLICED)).toEqual(before);

    // The next run reads again and applies the change.
    expect((await runAndCount(SLICED)).result.outcome).toBe('applied');
    await waitFor('the change applied by the next run', async () => JSON.stringify(await pictureOf(fixture.backend, SLICED)).includes('Not applied'), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  it('misses nobody who changes while the slices are read: the catch-up slice reads them at their new lastUpdated', async () => {
    // The first page and each slice's first page pass at once; the pages after them wait 1.5 s, and meanwhile
    // every user is changed: each moves to the newest lastUpdated, out of the slices not yet read to their end.
    fixture.emulator.server.faults.add({ kind: 'latency', route: USER_PAGES, afterRequests: 5, count: 8, latencyMs: 1500 });
    fixture.emulator.server.resetCounters();
    const run = fixture.provider(SLICED).run();
    await waitFor('the slices past their first pages', async () => (fixture.emulator.server.counters().byRoute[USER_PAGES] ?? 0) >= 6, {
      timeoutMs: 20_000,
      intervalMs: 10,
    });
    for (const user of activeUsers()) fixture.emulator.org.renameUser(user.id, `Moved ${user.profile.login}`);
    const result = await run;
    expect(result.outcome).toBe('applied');
    fixture.emulator.server.faults.clear();
    const caughtUp = readSummary(SLICED).userListCaughtUp;

    expect((await runAndCount(PLAIN)).result.outcome).toBe('applied');
    const total = activeUsers().length + fixture.emulator.org.groups().length;
    await waitFor(
      'both providers serve every renamed user',
      async () => {
        const [plain, sliced] = await Promise.all([pictureOf(fixture.backend, PLAIN), pictureOf(fixture.backend, SLICED)]);
        const renamed = (p: Record<string, string>) => Object.values(p).filter(json => json.includes('"displayName":"Moved ')).length;
        return Object.keys(sliced).length === total && renamed(plain) === activeUsers().length && renamed(sliced) === activeUsers().length;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(await pictureOf(fixture.backend, SLICED)).toEqual(await pictureOf(fixture.backend, PLAIN));
    expect(caughtUp).toBeGreaterThan(0);
  });
});
