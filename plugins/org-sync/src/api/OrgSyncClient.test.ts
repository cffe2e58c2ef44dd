import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appliedRun, dryRun, explained, leavers, providers } from '../__testing__/data';
import { OrgSyncClient } from './OrgSyncClient';

type Seen = { method: string; url: string; body: string; authorization?: string };

/** A real HTTP server answering the operations API's routes with openapi-shaped JSON. */
async function startServer(seen: Seen[]): Promise<{ server: Server; base: string }> {
  const server = createServer(async (req, res) => {
    const body = await read(req);
    seen.push({ method: req.method ?? '', url: req.url ?? '', body, authorization: req.headers.authorization });
    const [status, json] = answer(req.method ?? '', req.url ?? '');
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/catalog` };
}

function answer(method: string, url: string): [number, unknown] {
  const routes: Record<string, [number, unknown]> = {
    'GET /api/catalog/org-sync/providers': [200, { items: providers }],
    'GET /api/catalog/org-sync/providers/okta%3Amain': [200, providers[0]],
    'GET /api/catalog/org-sync/providers/okta%3Amain/runs?limit=5': [200, { items: [appliedRun] }],
    'POST /api/catalog/org-sync/providers/okta%3Amain/dry-run': [200, dryRun],
    'POST /api/catalog/org-sync/providers/okta%3Amain/run': [202, { provider: 'okta:main', taskId: 'okta:main:refresh', triggered: true }],
    'POST /api/catalog/org-sync/providers/okta%3Amain/accept': [200, { provider: 'okta:main', planHash: '3f9a0c1d', accepted: true, heldBy: 'run-3' }],
    'GET /api/catalog/org-sync/explain?q=cara%40example.com': [200, explained],
    'GET /api/catalog/org-sync/ownership': [200, { items: leavers }],
  };
  return routes[`${method} ${url}`] ?? [403, { error: { name: 'NotAllowedError', message: 'Unauthorized' } }];
}

async function read(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

describe('OrgSyncClient', () => {
  const seen: Seen[] = [];
  let server: Server;
  let client: OrgSyncClient;

  beforeAll(async () => {
    const started = await startServer(seen);
    server = started.server;
    const discoveryApi = { getBaseUrl: async (pluginId: string) => (pluginId === 'catalog' ? started.base : 'http://wrong.invalid') };
    const fetchApi = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: 'Bearer user-token' } }) };
    client = new OrgSyncClient({ discoveryApi, fetchApi });
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>(resolve => server.close(() => resolve()));
  });

  it('reads providers, runs, explain and ownership from the catalog base URL with the fetch API credentials', async () => {
    expect(await client.getProviders()).toEqual(providers);
    expect(await client.getProvider('okta:main')).toEqual(providers[0]);
    expect(await client.getRuns('okta:main', { limit: 5 })).toEqual([appliedRun]);
    expect(await client.explain('cara@example.com')).toEqual(explained);
    expect(await client.getLeavers()).toEqual(leavers);
    expect(seen.every(s => s.authorization === 'Bearer user-token')).toBe(true);
  });

  it('posts dry run, run now and accept (the plan hash as JSON)', async () => {
    expect(await client.dryRun('okta:main')).toEqual(dryRun);
    expect(await client.runNow('okta:main')).toEqual({ provider: 'okta:main', taskId: 'okta:main:refresh', triggered: true });
    expect(await client.acceptPlan('okta:main', '3f9a0c1d')).toMatchObject({ accepted: true, heldBy: 'run-3' });
    expect(seen.find(s => s.url.endsWith('/accept'))?.body).toBe(JSON.stringify({ planHash: '3f9a0c1d' }));
  });

  it("rejects with the backend's error message when it refuses", async () => {
    await expect(client.runNow('github:acme')).rejects.toMatchObject({ status: 403, errorName: 'NotAllowedError', message: '403 Forbidden: Unauthorized' });
  });
});
