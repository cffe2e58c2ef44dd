import { startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GithubEventSubscriber } from './GithubEventSubscriber';

describe('GithubEventSubscriber: hints from real-format GitHub webhook deliveries', () => {
  let github: GithubEmulator;
  let server: http.Server;
  const events: Array<{ topic: string; eventPayload: any; metadata: http.IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    github = await startGithubEmulator({ generate: { users: 20, groups: 4, seed: 2, hostileShare: 0, nestingDepth: 1 } });
    // Stands where the events backend's ingress would: turns each delivery into `github.<X-GitHub-Event>`.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        // The ingress passes the request's headers on as the event's metadata.
        events.push({ topic: `github.${req.headers['x-github-event']}`, eventPayload: JSON.parse(body), metadata: req.headers });
        res.end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await fetch(`${github.info.apiBaseUrl}/orgs/${github.info.org}/hooks`, {
      method: 'POST',
      headers: { authorization: `token ${github.info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'web', config: { url, content_type: 'json', secret: 's' }, events: ['*'] }),
    });
    await github.webhooks.idle();
  });
  afterAll(async () => {
    await github?.close();
    await new Promise(resolve => server?.close(resolve));
  });

  async function delivered(change: () => void) {
    const from = events.length;
    change();
    await github.webhooks.idle();
    return events.slice(from);
  }

  const subscriber = () => new GithubEventSubscriber(['ACME', 'other']);

  it('consumes the official module’s topics', () => {
    expect(subscriber().topics).toEqual(['github.organization', 'github.membership', 'github.team']);
  });

  it('org member added/removed → the user; team created/edited/deleted → the team; team membership → the membership', async () => {
    const org = github.org.snapshot().orgs[0];
    const user = github.org.snapshot().users.find(u => u.login === org.members[0].login)!;
    const team = org.teams[0];
    const s = subscriber();
    const [removed] = await delivered(() => github.org.removeOrgMember(user.login));
    expect(s.hintsOf(removed)).toEqual({ users: [user.node_id] });
    const [added] = await delivered(() => github.org.addOrgMember(user.login));
    expect(s.hintsOf(added)).toEqual({ users: [user.node_id] });
    const [joined] = await delivered(() => github.org.addTeamMember(team.slug, user.login));
    expect(s.hintsOf(joined)).toEqual({ memberships: [{ user: user.node_id, group: team.node_id }] });
    const [leftTeam] = await delivered(() => github.org.removeTeamMember(team.slug, user.login));
    expect(s.hintsOf(leftTeam)).toEqual({ memberships: [{ user: user.node_id, group: team.node_id }] });
    const withoutTeamId = { ...leftTeam.eventPayload, team: { ...leftTeam.eventPayload.team, node_id: undefined } };
    expect(s.hintsOf({ ...leftTeam, eventPayload: withoutTeamId })).toEqual({ resync: expect.stringMatching(/without its node_id/) });
    const [renamed] = await delivered(() => github.org.renameTeam(team.slug, 'Renamed Team'));
    expect(s.hintsOf(renamed)).toEqual({ groups: [team.node_id] });
    const [created] = await delivered(() => github.org.createTeam({ name: 'Fresh' }));
    expect(s.hintsOf(created)).toEqual({ groups: [created.eventPayload.team.node_id] });
    const [deleted] = await delivered(() => github.org.deleteTeam('fresh'));
    expect(s.hintsOf(deleted)).toEqual({ groups: [created.eventPayload.team.node_id] });
  });

  it('gives nothing for another org, a ping, other actions, or another scope; asks for a full read when a node id is missing', async () => {
    const [event] = await delivered(() => github.org.removeOrgMember(github.org.snapshot().orgs[0].members[1].login));
    expect(new GithubEventSubscriber(['someone-else']).hintsOf(event)).toBeUndefined();
    expect(new GithubEventSubscriber(undefined).hintsOf(event)).toEqual({ users: [event.eventPayload.membership.user.node_id] });
    expect(subscriber().hintsOf({ topic: 'github.ping', eventPayload: events[0].eventPayload })).toBeUndefined();
    expect(subscriber().hintsOf({ ...event, eventPayload: { ...event.eventPayload, action: 'member_invited' } })).toBeUndefined();
    expect(subscriber().hintsOf({ topic: 'github.membership', eventPayload: { action: 'added', scope: 'organization', organization: { login: 'acme' } } })).toBeUndefined();
    const withoutNodeId = { ...event.eventPayload, membership: { ...event.eventPayload.membership, user: { login: 'x', id: 1 } } };
    expect(subscriber().hintsOf({ topic: 'github.organization', eventPayload: withoutNodeId })).toEqual({ resync: expect.stringMatching(/without its node_id/) });
    expect(subscriber().hintsOf({ topic: 'github.team', eventPayload: null })).toBeUndefined();
  });

  it('names each delivery by its X-GitHub-Delivery, which a redelivery repeats', async () => {
    const team = github.org.snapshot().orgs[0].teams[2];
    const [renamed] = await delivered(() => github.org.renameTeam(team.slug, 'Delivery Key'));
    const guid = renamed.metadata['x-github-delivery'];
    expect(guid).toEqual(expect.any(String));
    expect(subscriber().deliveryOf(renamed)).toEqual({ key: `github-delivery:${guid}`, rememberForMs: 3 * 24 * 3600_000 });
    expect(subscriber().deliveryOf({ ...renamed, metadata: {} })).toBeUndefined();
  });

  it('with batchTeamChanges, every hint but someone leaving the org may wait for the next change round', async () => {
    const org = github.org.snapshot().orgs[0];
    const team = org.teams[1];
    const inTeam = new Set((org.team_members[team.slug] ?? []).map(m => m.login.toLowerCase()));
    const login = org.members.map(m => m.login).find(l => !inTeam.has(l.toLowerCase()))!;
    const batching = new GithubEventSubscriber(['acme'], { batchTeamChanges: true });
    const [joinedTeam] = await delivered(() => github.org.addTeamMember(team.slug, login));
    expect(batching.hintsOf(joinedTeam)).toMatchObject({ deferrable: true, memberships: [{ group: team.node_id }] });
    expect(subscriber().hintsOf(joinedTeam)?.deferrable).toBeUndefined();
    const renames = await delivered(() => github.org.renameTeam(team.slug, 'Batched Rename'));
    expect(renames.map(e => e.topic)).toEqual(['github.team']);
    expect(batching.hintsOf(renames[0])).toMatchObject({ deferrable: true });
    const [left] = await delivered(() => github.org.removeOrgMember(login));
    expect(batching.hintsOf(left)).toEqual({ users: [left.eventPayload.membership.user.node_id] });
    const [joinedOrg] = await delivered(() => github.org.addOrgMember(login));
    expect(batching.hintsOf(joinedOrg)).toMatchObject({ deferrable: true });
  });
});
