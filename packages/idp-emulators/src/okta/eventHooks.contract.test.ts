import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sswsClient } from './__fixtures__/sdk';
import { startOktaEmulator, type OktaEmulator } from './index';

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP endpoint for the hooks: records every request and answers as `respond` says. */
async function startEndpoint(respond: (req: Received) => { status: number; body?: string }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const answer = respond(entry);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>(resolve => server.close(() => resolve())) };
}

const echoChallenge = (req: Received) =>
  req.method === 'GET' ? { status: 200, body: JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }) } : { status: 200 };

// Event Hooks as Okta runs them: registration through the Management API (real SDK),
// the one-time verification, then deliveries of subscribed System Log events.
describe('Okta emulator Event Hooks', () => {
  let emulator: OktaEmulator;
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  let respond: (req: Received) => { status: number; body?: string };

  beforeEach(async () => {
    emulator = await startOktaEmulator({ generate: { seed: 12, users: 30, groups: 4 } });
    respond = echoChallenge;
    endpoint = await startEndpoint(req => respond(req));
  });
  afterEach(async () => {
    await emulator.close();
    await endpoint.close();
  });

  const createHook = (items = ['user.lifecycle.deactivate', 'group.user_membership.add']) =>
    sswsClient(emulator.info).eventHookApi.createEventHook({
      eventHook: {
        name: 'backstage',
        events: { type: 'EVENT_TYPE', items },
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: endpoint.url,
            headers: [{ key: 'X-Extra', value: 'extra-value' }],
            authScheme: { type: 'HEADER', key: 'Authorization', value: 'the-shared-secret' },
          },
        },
      },
    });
  const activeUser = () => emulator.org.users().find(u => u.status === 'ACTIVE')!;

  it('creates an ACTIVE, UNVERIFIED hook and never returns the auth header’s value; lists and gets it', async () => {
    const client = sswsClient(emulator.info);
    const hook = await createHook();
    expect(hook.id).toMatch(/^who/);
    expect(hook.status).toBe('ACTIVE');
    expect(hook.verificationStatus).toBe('UNVERIFIED');
    expect(hook.channel?.config?.authScheme).toMatchObject({ type: 'HEADER', key: 'Authorization' });
    expect(JSON.stringify(hook)).not.toContain('the-shared-secret');
    expect((await client.eventHookApi.getEventHook({ eventHookId: hook.id! })).name).toBe('backstage');
    const listed: string[] = [];
    for await (const h of await client.eventHookApi.listEventHooks()) listed.push(h!.id!);
    expect(listed).toEqual([hook.id]);
  });

  it('verifies with one GET carrying x-okta-verification-challenge and the configured headers, when the endpoint echoes it', async () => {
    const hook = await createHook();
    const verified = await sswsClient(emulator.info).eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    expect(verified.verificationStatus).toBe('VERIFIED');
    expect(endpoint.received).toHaveLength(1);
    const [get] = endpoint.received;
    expect(get.method).toBe('GET');
    expect(get.headers['x-okta-verification-challenge']).toMatch(/^\w{20,}$/);
    expect(get.headers.authorization).toBe('the-shared-secret');
    expect(get.headers['x-extra']).toBe('extra-value');
  });

  it('stays UNVERIFIED and answers 400 when the endpoint does not echo the challenge, after one retry', async () => {
    respond = () => ({ status: 200, body: JSON.stringify({ verification: 'wrong' }) });
    const hook = await createHook();
    const client = sswsClient(emulator.info);
    await expect(client.eventHookApi.verifyEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 400 });
    expect(endpoint.received).toHaveLength(2);
    expect((await client.eventHookApi.getEventHook({ eventHookId: hook.id! })).verificationStatus).toBe('UNVERIFIED');
  });

  it('delivers subscribed events to a verified hook as a com.okta.event_hook envelope with the configured headers', async () => {
    const hook = await createHook();
    await sswsClient(emulator.info).eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    const user = activeUser();
    emulator.org.suspendUser(user.id); // not subscribed
    emulator.org.deactivateUser(user.id);
    await emulator.org.settleEventHooks();

    const posts = endpoint.received.filter(r => r.method === 'POST');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post.headers.authorization).toBe('the-shared-secret');
    expect(post.headers['x-extra']).toBe('extra-value');
    expect(post.headers['content-type']).toBe('application/json');
    const envelope = JSON.parse(post.body);
    expect(envelope).toMatchObject({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${emulator.info.url}/api/v1/eventHooks/${hook.id}`,
      contentType: 'application/json',
    });
    expect(envelope.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(envelope.eventTime))).toBe(false);
    expect(envelope.data.events).toEqual([expect.objectContaining({ eventType: 'user.lifecycle.deactivate', target: [expect.objectContaining({ id: user.id, type: 'User' })] })]);
    expect(emulator.org.eventHookDeliveries().find(d => d.kind === 'events')).toMatchObject({ delivered: true, attempts: [200], body: post.body });
  });

  it('delivers nothing to an unverified or deactivated hook', async () => {
    const client = sswsClient(emulator.info);
    await createHook();
    emulator.org.deactivateUser(activeUser().id);
    const second = await createHook();
    await client.eventHookApi.verifyEventHook({ eventHookId: second.id! });
    await client.eventHookApi.deactivateEventHook({ eventHookId: second.id! });
    emulator.org.deactivateUser(activeUser().id);
    await emulator.org.settleEventHooks();
    expect(endpoint.received.filter(r => r.method === 'POST')).toEqual([]);
  });

  it('retries a delivery once after an error answer', async () => {
    const hook = await createHook();
    await sswsClient(emulator.info).eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    respond = () => ({ status: 500 });
    emulator.org.deactivateUser(activeUser().id);
    await emulator.org.settleEventHooks();
    expect(endpoint.received.filter(r => r.method === 'POST')).toHaveLength(2);
    expect(emulator.org.eventHookDeliveries().find(d => d.kind === 'events')).toMatchObject({ delivered: false, attempts: [500, 500] });
  });

  it('deletes only a deactivated hook; refuses a non-HTTPS remote URI', async () => {
    const client = sswsClient(emulator.info);
    const hook = await createHook();
    await expect(client.eventHookApi.deleteEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 403 });
    await client.eventHookApi.deactivateEventHook({ eventHookId: hook.id! });
    await client.eventHookApi.deleteEventHook({ eventHookId: hook.id! });
    await expect(client.eventHookApi.getEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 404 });
    await expect(
      client.eventHookApi.createEventHook({
        eventHook: { name: 'x', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.deactivate'] }, channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'http://example.com/hook' } } },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
