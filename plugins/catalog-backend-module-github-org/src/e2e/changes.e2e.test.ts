import { startGithubEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { integrationFor, manualSchedule, picture, specOf, useGithubFixture } from '../__testing__/harness';

describe('GitHub org provider: departures, deleted teams, rate-limit storms and missing credentials', () => {
  const fixture = useGithubFixture({
    emulator: () => startGithubEmulator({ generate: { users: 40, groups: 6, seed: 5, hostileShare: 0, nestingDepth: 1 } }),
    providers: github => {
      const base = { githubUrl: github.info.url, schedule: manualSchedule, namespaceGroupsByOrg: false };
      return [
        { id: 'main', orgs: [github.info.org], guard: { maxGroupRemovalShare: 0.5 }, ...base },
        { id: 'nocreds', orgs: ['elsewhere'], ...base, githubUrl: 'http://ghe.invalid' },
      ];
    },
    config: github => ({
      // The second host has an integration entry without any credentials.
      integrations: { github: [...integrationFor(github), { host: 'ghe.invalid', apiBaseUrl: 'http://127.0.0.1:9/api/v3' }] },
      catalog: { processingInterval: { seconds: 1 } },
    }),
  });

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
  });

  const userNames = async () => (await fixture.catalog.query('kind=user')).map(u => u.metadata.name).sort();

  it('removes a member who left the org, then updates memberships when someone leaves a team', async () => {
    const org = fixture.emulator.org.snapshot().orgs[0];
    const leaver = org.members.find(m => Object.values(org.team_members).some(ms => ms.some(x => x.login === m.login)))!.login;
    await waitFor('first sync visible', async () => (await userNames()).includes(leaver));
    fixture.emulator.org.removeOrgMember(leaver);
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await waitFor('leaver gone', async () => !(await userNames()).includes(leaver));

    const [slug, members] = Object.entries(fixture.emulator.org.snapshot().orgs[0].team_members).find(([, ms]) => ms.length > 1)!;
    const stays = members[0].login;
    fixture.emulator.org.removeTeamMember(slug, stays);
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await waitFor('membership updated', async () => {
      const user = await fixture.catalog.byName('user', 'default', stays);
      const group = await fixture.catalog.byName('group', 'default', slug);
      return (
        !!user &&
        !specOf<{ memberOf: string[] }>(user).memberOf.includes(`group:default/${slug}`) &&
        !specOf<{ members: string[] }>(group).members.includes(`user:default/${stays}`)
      );
    });
  });

  it('removes a deleted team', async () => {
    const team = fixture.emulator.org.snapshot().orgs[0].teams.find(t => !fixture.emulator.org.snapshot().orgs[0].teams.some(c => c.parent_slug === t.slug))!;
    fixture.emulator.org.deleteTeam(team.slug);
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await waitFor('team gone', async () => !(await fixture.catalog.byName('group', 'default', team.slug)));
  });

  it('rides out a secondary-rate-limit storm and still applies the complete org', async () => {
    const expected = fixture.emulator.org.snapshot().orgs[0].members.length;
    fixture.emulator.server.faults.add({ kind: 'rate-limit', route: 'POST /api/graphql', count: 4, retryAfterSeconds: 1 });
    const before = fixture.emulator.server.counters().byStatus['403'] ?? 0;
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    expect(result.counts.users).toBe(expected);
    expect((fixture.emulator.server.counters().byStatus['403'] ?? 0) - before).toBe(4);
    expect(fixture.logger.lines.some(l => /secondary rate limit/.test(l.message))).toBe(true);
  });

  it('aborts a run whose org has no credentials, with a clear error, and leaves the catalog unchanged', async () => {
    const before = picture([...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))]);
    const result = await fixture.provider('nocreds').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/No GitHub credentials for org "elsewhere"/);
    const after = picture([...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))]);
    expect(after).toEqual(before);
  });
});
