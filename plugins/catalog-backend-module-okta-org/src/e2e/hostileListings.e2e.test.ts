import type { Entity } from '@backstage/catalog-model';
import { startOktaEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { catalogPicture, processedEntities, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

const LOCATION = 'org-sync:okta:main';
const USER_PAGES = 'GET /api/v1/users';
const MEMBER_PAGES = 'GET /api/v1/groups/:id/users';

describe('Okta listings that loop or come back empty', () => {
  const fixture = useOktaFixture({
    // 450 users: three pages of 200.
    emulator: () => startOktaEmulator({ generate: { users: 450, groups: 12, seed: 31, hostileShare: 0 } }),
    providers: okta => ({ main: providerConfig(okta) }),
  });

  const listedUsers = () => fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED');
  const entityCount = () => listedUsers().length + fixture.emulator.org.groups().length;
  /** A group with members, and an active user who is not one of them. */
  const groupAndNewcomer = (index: number) => {
    const group = fixture.emulator.org.groups().filter(g => fixture.emulator.org.memberIds(g.id).length > 1)[index];
    const newcomer = listedUsers().find(u => u.status === 'ACTIVE' && !fixture.emulator.org.memberIds(group.id).includes(u.id))!;
    return { group, newcomer };
  };
  /** The group's members as the catalog serves them (refs of its `spec.members`). */
  const catalogMembers = async (groupId: string) => {
    const groups = (await fixture.catalog.managedBy(LOCATION)).filter((e: Entity) => e.kind === 'Group');
    const entity = groups.find(g => g.metadata.annotations?.['okta.com/group-id'] === groupId);
    return (specOf<{ members?: string[] }>(entity).members ?? []).map(ref => ref.toLowerCase()).sort();
  };

  /** Waits until the catalog serves the group with `count` members (the apply is followed by the catalog's own processing). */
  const joined = (groupId: string, count: number) =>
    waitFor(`group ${groupId} with ${count} members`, async () => (await catalogMembers(groupId)).length === count, { timeoutMs: 60_000, intervalMs: 300 });

  async function failingRun() {
    fixture.emulator.server.resetCounters();
    fixture.logger.clear();
    const started = Date.now();
    const result = await fixture.provider('main').run();
    expect(result.outcome).not.toBe('applied');
    return { error: result.error ?? '', ms: Date.now() - started, counters: fixture.emulator.server.counters() };
  }

  async function healthyRun() {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    return result;
  }

  beforeAll(async () => {
    await healthyRun();
    await processedEntities(fixture.catalog, LOCATION, entityCount());
  });

  afterEach(() => fixture.emulator.server.faults.clear());

  it.each([
    ['the first users page links to itself', 0, /Okta users: page 1 links to a page already read/, 1],
    // Past the first page the list is read in 4 slices side by side (users.partitions): each slice's first page loops.
    ['every later users page links to itself', 1, /Okta users \(slice \d of 4: lastUpdated [^)]*\): page 1 links to a page already read/, 1 + 4],
  ])('%s: the run fails at once with the paging error, the catalog keeps what it had, the backend serves on', async (_, afterRequests, where, userRequests) => {
    const before = await catalogPicture(fixture.catalog, LOCATION);
    fixture.emulator.server.faults.add({ kind: 'loop', route: USER_PAGES, afterRequests });

    const { error, ms, counters } = await failingRun();
    expect(error).toContain(`listing users failed`);
    expect(error).toMatch(where);
    expect(error).toContain("the IdP's paging loops, so the listing is not trusted and nothing is applied");
    // Before: 33,372 requests and a 4.4 GB heap until the process died. Now the loop ends on the page that repeats.
    expect(counters.byRoute[USER_PAGES]).toBeGreaterThan(afterRequests);
    expect(counters.byRoute[USER_PAGES]).toBeLessThanOrEqual(userRequests);
    expect(counters.total).toBeLessThan(40);
    expect(ms).toBeLessThan(15_000);
    expect(await catalogPicture(fixture.catalog, LOCATION)).toEqual(before);

    fixture.emulator.server.faults.clear();
    const result = await healthyRun();
    expect(result.counts).toMatchObject({ users: listedUsers().length, added: 0, removed: 0 });
  });

  it('a group list that links to itself fails the run at its first page', async () => {
    const before = await catalogPicture(fixture.catalog, LOCATION);
    fixture.emulator.server.faults.add({ kind: 'loop', route: 'GET /api/v1/groups' });
    const { error, counters } = await failingRun();
    expect(error).toContain('listing groups failed after 0 groups: Okta groups: page 1 links to a page already read');
    expect(counters.byRoute['GET /api/v1/groups']).toBe(1);
    expect(counters.total).toBeLessThan(40);
    expect(await catalogPicture(fixture.catalog, LOCATION)).toEqual(before);
  });

  it("a group's member list that links to itself fails the run naming the group; nothing is applied", async () => {
    const { group, newcomer } = groupAndNewcomer(0);
    const membersBefore = await catalogMembers(group.id);
    const before = await catalogPicture(fixture.catalog, LOCATION);
    // The membership change makes the next (incremental) run read this group's members.
    fixture.emulator.org.addMember(group.id, newcomer.id);
    fixture.emulator.server.faults.add({ kind: 'loop', route: `/api/v1/groups/${group.id}/users` });

    const { error, counters } = await failingRun();
    expect(error).toContain(`reading the members of group ${JSON.stringify(group.profile.name)} (${group.id}) failed`);
    expect(error).toContain(`the member list of Okta group ${group.id}: page 1 links to a page already read`);
    expect(counters.byRoute[MEMBER_PAGES]).toBe(1);
    expect(counters.total).toBeLessThan(40);
    expect(await catalogPicture(fixture.catalog, LOCATION)).toEqual(before);
    expect(await catalogMembers(group.id)).toEqual(membersBefore);

    fixture.emulator.server.faults.clear();
    await healthyRun();
    await joined(group.id, membersBefore.length + 1);
  });

  it("a member list answered `200 []` while Okta counts members is read again, then fails the run naming the group; no membership is lost", async () => {
    const { group, newcomer } = groupAndNewcomer(1);
    const membersBefore = await catalogMembers(group.id);
    expect(membersBefore.length).toBeGreaterThan(1);
    const before = await catalogPicture(fixture.catalog, LOCATION);
    fixture.emulator.org.addMember(group.id, newcomer.id);
    fixture.emulator.server.faults.add({ kind: 'empty-page', route: `/api/v1/groups/${group.id}/users` });

    const { error, counters } = await failingRun();
    expect(error).toContain(
      `reading the members of group ${JSON.stringify(group.profile.name)} (${group.id}) failed: ` +
        `Okta counts ${fixture.emulator.org.memberIds(group.id).length} members but answered the member list with none, twice`,
    );
    expect(counters.byRoute[MEMBER_PAGES]).toBe(2);
    expect(fixture.logger.text()).toContain(`Okta counts ${fixture.emulator.org.memberIds(group.id).length} members but its member list came back empty; reading it again`);
    expect(await catalogPicture(fixture.catalog, LOCATION)).toEqual(before);
    expect(await catalogMembers(group.id)).toEqual(membersBefore);

    // The fault gone, the next run reads the group in full.
    fixture.emulator.server.faults.clear();
    await healthyRun();
    await joined(group.id, membersBefore.length + 1);
  });

  it('a single `200 []` answer is outlived by the second read: the run applies the full member list', async () => {
    const { group, newcomer } = groupAndNewcomer(2);
    const membersBefore = await catalogMembers(group.id);
    fixture.emulator.org.addMember(group.id, newcomer.id);
    fixture.emulator.server.faults.add({ kind: 'empty-page', route: `/api/v1/groups/${group.id}/users`, count: 1 });

    fixture.emulator.server.resetCounters();
    await healthyRun();
    expect(fixture.emulator.server.counters().byRoute[MEMBER_PAGES]).toBe(2);
    await joined(group.id, membersBefore.length + 1);
  });
});
