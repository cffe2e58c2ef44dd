import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appClient, bareClient, patClient } from './__fixtures__/clients';
import { componentValidator, ghesAjv } from './__fixtures__/openapi';
import { startGithubEmulator, type GithubEmulator } from './index';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver that keeps every request and answers with `status`. */
async function startReceiver() {
  const received: Received[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    answer: (code: number) => (status = code),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** GitHub's documented check: HMAC-SHA256 of the raw body with the secret, hex, prefixed `sha256=`, compared in constant time. */
function signatureValid(secret: string, body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(String(header ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('GitHub emulator: org webhooks and their deliveries', () => {
  const secret = 'It is a secret to everybody';
  let github: GithubEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const ajv = ghesAjv();
  let hookId: number;

  beforeAll(async () => {
    github = await startGithubEmulator({ generate: { users: 30, groups: 5, seed: 3, hostileShare: 0, nestingDepth: 2 } });
    receiver = await startReceiver();
    const created = await patClient(github.info).rest.orgs.createWebhook({
      org: github.info.org,
      name: 'web',
      config: { url: receiver.url, content_type: 'json', secret },
      events: ['organization', 'team', 'membership'],
    });
    expect(created.status).toBe(201);
    const validate = componentValidator(ajv, 'org-hook');
    if (!validate(created.data)) throw new Error(ajv.errorsText(validate.errors));
    expect(created.data.config).toMatchObject({ url: receiver.url, content_type: 'json', secret: '********' });
    hookId = created.data.id;
    await github.webhooks.idle();
  });

  afterAll(async () => {
    await github?.close();
    await receiver?.close();
  });

  /** The deliveries the receiver got for `run`, after they all arrived. */
  async function deliveriesOf(run: () => void): Promise<Received[]> {
    const before = receiver.received.length;
    run();
    await github.webhooks.idle();
    return receiver.received.slice(before);
  }

  const payload = (r: Received) => JSON.parse(r.body) as Record<string, any>;

  function expectGithubDelivery(r: Received, event: string, schema: string) {
    expect(r.headers['x-github-event']).toBe(event);
    expect(r.headers['x-github-delivery']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(r.headers['x-github-hook-id']).toBe(String(hookId));
    expect(r.headers['x-github-hook-installation-target-type']).toBe('organization');
    expect(r.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
    expect(r.headers['content-type']).toBe('application/json');
    expect(signatureValid(secret, r.body, r.headers['x-hub-signature-256'])).toBe(true);
    expect(signatureValid('another secret', r.body, r.headers['x-hub-signature-256'])).toBe(false);
    const validate = componentValidator(ajv, schema);
    if (!validate(payload(r))) throw new Error(`${schema}: ${ajv.errorsText(validate.errors)}`);
  }

  it('pings a new hook, signed like every delivery', () => {
    const ping = receiver.received.find(r => r.headers['x-github-event'] === 'ping')!;
    expect(ping).toBeDefined();
    expect(signatureValid(secret, ping.body, ping.headers['x-hub-signature-256'])).toBe(true);
    expect(payload(ping)).toMatchObject({ hook_id: hookId, hook: { id: hookId, config: { secret: '********' } }, organization: { login: github.info.org } });
    expect(ping.body).not.toContain(secret);
  });

  it('organization member_removed and member_added, with the member as membership.user', async () => {
    const org = github.org.snapshot().orgs[0];
    const leaver = github.org.snapshot().users.find(u => u.login === org.members[0].login)!;
    const [removed] = await deliveriesOf(() => github.org.removeOrgMember(leaver.login));
    expectGithubDelivery(removed, 'organization', 'webhook-organization-member-removed');
    expect(payload(removed)).toMatchObject({
      action: 'member_removed',
      membership: { user: { login: leaver.login, id: leaver.id, node_id: leaver.node_id }, role: org.members[0].role },
      organization: { login: org.login, id: org.id, node_id: org.node_id },
      sender: { login: github.info.tokenOwner },
    });

    const [added] = await deliveriesOf(() => github.org.addOrgMember(leaver.login));
    expectGithubDelivery(added, 'organization', 'webhook-organization-member-added');
    expect(payload(added)).toMatchObject({ action: 'member_added', membership: { user: { node_id: leaver.node_id }, state: 'active', role: 'member' } });
    expect(added.headers['x-github-delivery']).not.toBe(removed.headers['x-github-delivery']);

    const [created] = await deliveriesOf(() => github.org.createUser({ login: 'new-hire' }));
    expect(payload(created)).toMatchObject({ action: 'member_added', membership: { user: { login: 'new-hire' } } });
  });

  it('team created, edited (rename, with the old name) and deleted (children too, each with its own delivery)', async () => {
    const [created] = await deliveriesOf(() => github.org.createTeam({ name: 'Night Shift', description: 'after hours' }));
    expectGithubDelivery(created, 'team', 'webhook-team-created');
    const team = github.org.snapshot().orgs[0].teams.find(t => t.slug === 'night-shift')!;
    expect(payload(created)).toMatchObject({ action: 'created', team: { id: team.id, node_id: team.node_id, slug: 'night-shift', name: 'Night Shift', parent: null } });

    const [edited] = await deliveriesOf(() => github.org.renameTeam('night-shift', 'Late Shift'));
    expectGithubDelivery(edited, 'team', 'webhook-team-edited');
    expect(payload(edited)).toMatchObject({ action: 'edited', changes: { name: { from: 'Night Shift' } }, team: { node_id: team.node_id, slug: 'late-shift' } });

    github.org.createTeam({ name: 'Late Shift Leads', parentSlug: 'late-shift' });
    await github.webhooks.idle();
    const deleted = await deliveriesOf(() => github.org.deleteTeam('late-shift'));
    deleted.forEach(d => expectGithubDelivery(d, 'team', 'webhook-team-deleted'));
    expect(deleted.map(d => [payload(d).action, payload(d).team.slug, payload(d).team.parent?.slug ?? null])).toEqual([
      ['deleted', 'late-shift-leads', 'late-shift'],
      ['deleted', 'late-shift', null],
    ]);
  });

  it('membership added and removed (scope team), naming the member and the team', async () => {
    const org = github.org.snapshot().orgs[0];
    const team = org.teams.find(t => t.parent_slug)!;
    const outsider = org.members.find(m => !(org.team_members[team.slug] ?? []).some(x => x.login === m.login))!;
    const user = github.org.snapshot().users.find(u => u.login === outsider.login)!;

    const [added] = await deliveriesOf(() => github.org.addTeamMember(team.slug, user.login));
    expectGithubDelivery(added, 'membership', 'webhook-membership-added');
    expect(payload(added)).toMatchObject({
      action: 'added',
      scope: 'team',
      member: { login: user.login, node_id: user.node_id },
      team: { id: team.id, node_id: team.node_id, slug: team.slug, parent: { slug: team.parent_slug } },
      organization: { login: org.login },
    });
    const [removed] = await deliveriesOf(() => github.org.removeTeamMember(team.slug, user.login));
    expectGithubDelivery(removed, 'membership', 'webhook-membership-removed');
    expect(payload(removed)).toMatchObject({ action: 'removed', scope: 'team', member: { node_id: user.node_id }, team: { node_id: team.node_id } });
  });

  it('changes that GitHub announces to no org webhook deliver nothing', async () => {
    const login = github.org.snapshot().orgs[0].members[1].login;
    expect(await deliveriesOf(() => github.org.renameUser(login, 'Someone Else'))).toEqual([]);
    expect(await deliveriesOf(() => github.org.suspendUser(login))).toEqual([]);
  });

  it('lists deliveries with their status, and redelivers one with the same GUID and body', async () => {
    receiver.answer(503);
    const login = github.org.snapshot().orgs[0].members[2].login;
    const [failed] = await deliveriesOf(() => github.org.removeOrgMember(login));
    receiver.answer(200);
    const octokit = patClient(github.info);
    const { data: listed } = await octokit.rest.orgs.listWebhookDeliveries({ org: github.info.org, hook_id: hookId });
    const validate = componentValidator(ajv, 'hook-delivery-item');
    for (const item of listed) if (!validate(item)) throw new Error(ajv.errorsText(validate.errors));
    const item = listed.find(d => d.guid === failed.headers['x-github-delivery'])!;
    expect(item).toMatchObject({ event: 'organization', action: 'member_removed', status_code: 503, redelivery: false });

    const attempt = await octokit.rest.orgs.redeliverWebhookDelivery({ org: github.info.org, hook_id: hookId, delivery_id: item.id });
    expect(attempt.status).toBe(202);
    await github.webhooks.idle();
    const again = receiver.received[receiver.received.length - 1];
    expect(again.headers['x-github-delivery']).toBe(failed.headers['x-github-delivery']);
    expect(again.body).toBe(failed.body);
    expect(signatureValid(secret, again.body, again.headers['x-hub-signature-256'])).toBe(true);
    expect(github.webhooks.deliveries(hookId).at(-1)).toMatchObject({ redelivery: true, statusCode: 200 });
  });

  it('only subscribed events reach a hook; an inactive or deleted hook gets nothing', async () => {
    // Without the throttling plugin, which spaces writes a second apart.
    const octokit = bareClient(github.info);
    const { data: teamsOnly } = await octokit.rest.orgs.createWebhook({ org: github.info.org, name: 'web', config: { url: `${receiver.url}?teams`, content_type: 'json' }, events: ['team'] });
    await github.webhooks.idle();
    const login = github.org.snapshot().orgs[0].members[3].login;
    const got = await deliveriesOf(() => github.org.removeOrgMember(login));
    expect(got.map(r => r.headers['x-github-hook-id'])).toEqual([String(hookId)]);

    await octokit.rest.orgs.updateWebhook({ org: github.info.org, hook_id: hookId, active: false });
    const teamOnly = await deliveriesOf(() => github.org.createTeam({ name: 'Quiet Team' }));
    expect(teamOnly.map(r => [r.headers['x-github-hook-id'], r.headers['x-hub-signature-256']])).toEqual([[String(teamsOnly.id), undefined]]);

    await octokit.rest.orgs.deleteWebhook({ org: github.info.org, hook_id: teamsOnly.id });
    expect(await deliveriesOf(() => github.org.deleteTeam('quiet-team'))).toEqual([]);
    const { data: hooks } = await octokit.rest.orgs.listWebhooks({ org: github.info.org });
    expect(hooks.map(h => [h.id, h.active])).toEqual([[hookId, false]]);
  });

  it('refuses a hook without a URL or name, and hook management with an installation token', async () => {
    const client = bareClient(github.info);
    await expect(client.rest.orgs.createWebhook({ org: github.info.org, name: 'web', config: { url: '' } })).rejects.toMatchObject({ status: 422 });
    await expect(client.rest.orgs.createWebhook({ org: github.info.org, name: 'nope', config: { url: receiver.url } })).rejects.toMatchObject({ status: 422 });
    await expect(client.rest.orgs.getWebhook({ org: github.info.org, hook_id: 999 })).rejects.toMatchObject({ status: 404 });
    await expect(appClient(github.info).rest.orgs.listWebhooks({ org: github.info.org })).rejects.toMatchObject({ status: 403 });
  });
});
