import { startGithubEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { GITHUB_ORG_EVENT_TOPICS } from '../changes/GithubEventSubscriber';
import { useWebhookFixture } from '../__testing__/eventsBackend';
import { specOf } from '../__testing__/harness';

const SECRET = 'webhook-secret-for-the-e2e-test';

// Through the real events backend: GitHub's org webhook → /api/events/http/github (X-Hub-Signature-256 checked by
// @backstage/plugin-events-backend-module-github) → topic github.<event> → the provider's re-read → the catalog.
describe('GitHub org provider: webhook deliveries through the events backend, without a scheduled run', () => {
  const { fixture, webhook } = useWebhookFixture({
    emulator: () => startGithubEmulator({ generate: { users: 30, groups: 5, seed: 11, hostileShare: 0, nestingDepth: 1 } }),
    secret: SECRET,
    // Team member pages of 2: reading a team whole costs several requests, a membership one.
    provider: { events: { poll: { interval: { seconds: 1 } } }, pageSizes: { teamMembers: 2 } },
  });

  const hooks = (method: string, path: string, body?: unknown) =>
    fetch(`${fixture.emulator.info.apiBaseUrl}/orgs/${fixture.emulator.info.org}/hooks${path}`, {
      method,
      headers: { authorization: `token ${fixture.emulator.info.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async r => (r.status === 204 ? undefined : ((await r.json()) as { id: number })));

  const user = (login: string) => fixture.catalog.byName('user', 'default', login);
  const memberOf = async (login: string) => specOf<{ memberOf?: string[] }>(await user(login)).memberOf ?? [];
  const lastDelivery = (hookId: number) => fixture.emulator.webhooks.deliveries(hookId).at(-1)!;
  /** The provider's change signals as the operations API answers them. */
  const changeSignals = async () =>
    (await fixture.catalog.json<{ changeSignals: any }>(`/org-sync/providers/${encodeURIComponent(fixture.provider('main').getProviderName())}`)).changeSignals;

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    const someone = fixture.emulator.org.snapshot().orgs[0].members[0].login;
    await waitFor('first sync visible', async () => !!(await user(someone)));
  });

  afterAll(() => {
    if (process.env.DEBUG_E2E) console.log(fixture.logger.lines.map(l => `${l.level} ${l.message}`).join('\n'));
  });

  /** A change the provider must apply; once it shows, every delivery before it was processed too. */
  async function marker() {
    const org = fixture.emulator.org.snapshot().orgs[0];
    const team = org.teams[org.teams.length - 1];
    const login = org.members.map(m => m.login).find(l => !(org.team_members[team.slug] ?? []).some(m => m.login === l))!;
    fixture.emulator.org.addTeamMember(team.slug, login);
    await waitFor(`${login} in ${team.slug}`, async () => (await memberOf(login)).includes(`group:default/${team.slug}`));
  }

  it('a member removed from the org leaves the catalog (GET by name → 404), and the operations API tells the event by its topic', async () => {
    const leaver = fixture.emulator.org.snapshot().orgs[0].members[1].login;
    expect(await user(leaver)).toBeDefined();
    fixture.emulator.org.removeOrgMember(leaver);
    await fixture.emulator.webhooks.idle();
    expect(lastDelivery(webhook.hookId)).toMatchObject({ event: 'organization', action: 'member_removed', statusCode: 202 });
    await waitFor(`${leaver} gone`, async () => !(await user(leaver)));

    // The operations API: the subscriber as the module labels it, and the last event heard, by its topic.
    const { signals } = await changeSignals();
    expect(signals).toEqual([{ kind: 'subscriber', mode: 'push', label: 'GitHub webhooks', topics: GITHUB_ORG_EVENT_TOPICS }]);
    // The organization event above was the webhook's last delivery.
    const seen = await waitFor('github.organization as the last delivery', async () => {
      const { lastDelivery: delivery } = await changeSignals();
      return delivery?.detail === 'github.organization' && delivery;
    });
    expect(seen).toEqual({ via: 'event', at: expect.any(String), outcome: 'accepted', detail: 'github.organization' });
  });

  it('a member added to a team shows in spec.memberOf', async () => {
    await marker();
  });

  it('a team membership delivery re-reads that membership, not the team; the next full read finds nothing to change', async () => {
    const org = fixture.emulator.org.snapshot().orgs[0];
    const [slug, members] = Object.entries(org.team_members).sort((a, b) => b[1].length - a[1].length)[0];
    expect(members.length).toBeGreaterThan(4);
    const login = org.members.map(m => m.login).find(l => !members.some(m => m.login === l))!;
    const graphqlRequests = () => fixture.emulator.server.counters().byRoute['POST /api/graphql'] ?? 0;

    let before = graphqlRequests();
    fixture.emulator.org.addTeamMember(slug, login);
    await waitFor(`${login} in ${slug}`, async () => (await memberOf(login)).includes(`group:default/${slug}`));
    expect(graphqlRequests() - before).toBe(1); // the membership (the person's login is in the store)
    const team = await fixture.catalog.byName('group', 'default', slug);
    expect(specOf<{ members: string[] }>(team).members).toContain(`user:default/${login.toLowerCase()}`);

    before = graphqlRequests();
    fixture.emulator.org.removeTeamMember(slug, login);
    await waitFor(`${login} out of ${slug}`, async () => !(await memberOf(login)).includes(`group:default/${slug}`));
    expect(graphqlRequests() - before).toBe(1);

    const relist = await fixture.provider('main').run();
    expect(relist.outcome).toBe('applied');
    expect(relist.counts).toMatchObject({ added: 0, changed: 0, removed: 0 });
  });

  it('a delivery with a bad signature is refused by the ingress (403) and changes nothing', async () => {
    const forger = (await hooks('POST', '', { name: 'web', config: { url: `http://localhost:${fixture.backend.backend.server.port()}/api/events/http/github`, content_type: 'json', secret: 'not the secret' }, events: ['organization'] }))!.id;
    await hooks('PATCH', `/${webhook.hookId}`, { active: false });
    const stays = fixture.emulator.org.snapshot().orgs[0].members[2].login;
    fixture.emulator.org.removeOrgMember(stays);
    await fixture.emulator.webhooks.idle();
    expect(lastDelivery(forger)).toMatchObject({ event: 'organization', action: 'member_removed', statusCode: 403 });
    await hooks('DELETE', `/${forger}`);
    await hooks('PATCH', `/${webhook.hookId}`, { active: true });
    await marker();
    expect(await user(stays)).toBeDefined();
  });

  it('a replayed member_added for someone removed since never brings them back: the re-read decides', async () => {
    const login = fixture.emulator.org.snapshot().orgs[0].members[3].login;
    fixture.emulator.org.removeOrgMember(login);
    fixture.emulator.org.addOrgMember(login);
    await fixture.emulator.webhooks.idle();
    const added = lastDelivery(webhook.hookId);
    expect(added).toMatchObject({ action: 'member_added', statusCode: 202 });
    fixture.emulator.org.removeOrgMember(login);
    await waitFor(`${login} gone`, async () => !(await user(login)));

    await fetch(`${fixture.emulator.info.apiBaseUrl}/orgs/${fixture.emulator.info.org}/hooks/${webhook.hookId}/deliveries/${added.id}/attempts`, {
      method: 'POST',
      headers: { authorization: `token ${fixture.emulator.info.token}` },
    });
    await fixture.emulator.webhooks.idle();
    expect(lastDelivery(webhook.hookId)).toMatchObject({ guid: added.guid, redelivery: true, statusCode: 202 });
    // The same X-GitHub-Delivery as a delivery already taken: not queued again.
    await waitFor('the redelivery recognised', async () => fixture.logger.text().includes('event github.organization came again (a redelivery); not queued twice'));
    await marker();
    expect(await user(login)).toBeUndefined();
  });
});
