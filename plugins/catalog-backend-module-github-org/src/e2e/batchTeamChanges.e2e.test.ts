import { startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import { waitFor, waitForTaskRun, type CatalogTestBackend } from '@orgsync/test-utils';
import { startWebhookBackend } from '../__testing__/eventsBackend';
import { specOf, type Harness } from '../__testing__/harness';

const SECRET = 'webhook-secret-for-the-batching-test';

// events.batchTeamChanges: team deliveries wait for the next change round (events.poll.interval, an hour here), while
// someone leaving the org is applied at once. Real events backend, real GitHub webhooks from the emulator.
describe('GitHub org provider: events.batchTeamChanges', () => {
  let github: GithubEmulator;
  let backend: CatalogTestBackend;
  let harness: Harness;

  const user = (login: string) => backend.catalog.byName('user', 'default', login);
  const memberOf = async (login: string) => specOf<{ memberOf?: string[] }>(await user(login)).memberOf ?? [];

  beforeAll(async () => {
    github = await startGithubEmulator({ generate: { users: 30, groups: 5, seed: 12, hostileShare: 0, nestingDepth: 1 } });
    ({ backend, harness } = await startWebhookBackend(github, SECRET, { events: { batchTeamChanges: true, poll: { interval: { hours: 1 } } } }));
    expect((await harness.provider('main').run()).outcome).toBe('applied');
    // The scheduler's change round runs once at start-up: were it late, it would apply the held team change below.
    await waitForTaskRun(backend.catalog, harness.provider('main').changesTaskId);
    await waitFor('first sync visible', async () => !!(await user(github.org.snapshot().orgs[0].members[0].login)));
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  // A round that would start at once starts within a second (250 ms coalescing); after this long, none did.
  const settle = () => new Promise(resolve => setTimeout(resolve, 2_000));

  it('a team change waits for a change round; someone leaving the org goes at once, taking what waited along', async () => {
    const org = github.org.snapshot().orgs[0];
    const team = org.teams[0];
    const inTeam = new Set((org.team_members[team.slug] ?? []).map(m => m.login.toLowerCase()));
    const [joiner, leaver] = org.members.map(m => m.login).filter(l => !inTeam.has(l.toLowerCase()));
    const groupRef = `group:default/${team.slug}`;

    github.org.addTeamMember(team.slug, joiner);
    await github.webhooks.idle();
    await settle();
    expect(await memberOf(joiner)).not.toContain(groupRef);

    github.org.removeOrgMember(leaver);
    await github.webhooks.idle();
    await waitFor(`${leaver} gone at once`, async () => !(await user(leaver)));
    await waitFor(`${joiner} in ${team.slug} with the same round`, async () => (await memberOf(joiner)).includes(groupRef));

    github.org.removeTeamMember(team.slug, joiner);
    await github.webhooks.idle();
    await settle();
    expect(await memberOf(joiner)).toContain(groupRef);
    expect((await harness.provider('main').processChanges())?.outcome).toBe('applied');
    await waitFor(`${joiner} out of ${team.slug} after the round`, async () => !(await memberOf(joiner)).includes(groupRef));
  });
});
