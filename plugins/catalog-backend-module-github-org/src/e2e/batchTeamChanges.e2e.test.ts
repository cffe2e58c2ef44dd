import { startGithubEmulator } from '@orgsync/idp-emulators';
import { waitFor, waitForTaskRun } from '@orgsync/test-utils';
import { useWebhookFixture } from '../__testing__/eventsBackend';
import { specOf } from '../__testing__/harness';

const SECRET = 'webhook-secret-for-the-batching-test';

// events.batchTeamChanges: team deliveries wait for the next change round (events.poll.interval, an hour here), while
// someone leaving the org is applied at once. Real events backend, real GitHub webhooks from the emulator.
describe('GitHub org provider: events.batchTeamChanges', () => {
  const { fixture } = useWebhookFixture({
    emulator: () => startGithubEmulator({ generate: { users: 30, groups: 5, seed: 12, hostileShare: 0, nestingDepth: 1 } }),
    secret: SECRET,
    provider: { events: { batchTeamChanges: true, poll: { interval: { hours: 1 } } } },
  });

  const user = (login: string) => fixture.catalog.byName('user', 'default', login);
  const memberOf = async (login: string) => specOf<{ memberOf?: string[] }>(await user(login)).memberOf ?? [];

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    // The scheduler's change round runs once at start-up: were it late, it would apply the held team change below.
    await waitForTaskRun(fixture.catalog, fixture.provider('main').changesTaskId);
    await waitFor('first sync visible', async () => !!(await user(fixture.emulator.org.snapshot().orgs[0].members[0].login)));
  });

  // A round that would start at once starts within a second (250 ms coalescing); after this long, none did.
  const settle = () => new Promise(resolve => setTimeout(resolve, 2_000));

  it('a team change waits for a change round; someone leaving the org goes at once, taking what waited along', async () => {
    const org = fixture.emulator.org.snapshot().orgs[0];
    const team = org.teams[0];
    const inTeam = new Set((org.team_members[team.slug] ?? []).map(m => m.login.toLowerCase()));
    const [joiner, leaver] = org.members.map(m => m.login).filter(l => !inTeam.has(l.toLowerCase()));
    const groupRef = `group:default/${team.slug}`;

    fixture.emulator.org.addTeamMember(team.slug, joiner);
    await fixture.emulator.webhooks.idle();
    await settle();
    expect(await memberOf(joiner)).not.toContain(groupRef);

    fixture.emulator.org.removeOrgMember(leaver);
    await fixture.emulator.webhooks.idle();
    await waitFor(`${leaver} gone at once`, async () => !(await user(leaver)));
    await waitFor(`${joiner} in ${team.slug} with the same round`, async () => (await memberOf(joiner)).includes(groupRef));

    fixture.emulator.org.removeTeamMember(team.slug, joiner);
    await fixture.emulator.webhooks.idle();
    await settle();
    expect(await memberOf(joiner)).toContain(groupRef);
    expect((await fixture.provider('main').processChanges())?.outcome).toBe('applied');
    await waitFor(`${joiner} out of ${team.slug} after the round`, async () => !(await memberOf(joiner)).includes(groupRef));
  });
});
