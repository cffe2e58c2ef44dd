import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { ConnectionPool } from './connectionPool';

/** A server answering JSON, and a forward proxy that records what went through it. */
async function listen(handler: http.RequestListener, onServer?: (server: http.Server) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  onServer?.(server);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise(resolve => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe('ConnectionPool', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('sends through the proxy named in the environment, and straight otherwise', async () => {
    const github = await listen((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })));
    const proxied: string[] = [];
    // undici tunnels through the proxy with CONNECT, for http: targets too.
    const proxy = await listen(
      (_req, res) => res.writeHead(405).end(),
      server =>
        server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
          proxied.push(req.url ?? '');
          const [host, port] = (req.url ?? '').split(':');
          const upstream = net.connect(Number(port), host, () => {
            client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
            upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
          });
          upstream.on('error', () => client.destroy());
          client.on('error', () => upstream.destroy());
        }),
    );
    try {
      for (const name of ['HTTPS_PROXY', 'https_proxy', 'http_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
      const direct = new ConnectionPool(5000);
      expect(await (await direct.fetch(`${github.url}/api/graphql`)).json()).toEqual({ path: '/api/graphql' });
      direct.close();
      expect(proxied).toEqual([]);

      process.env.HTTP_PROXY = proxy.url;
      const viaProxy = new ConnectionPool(5000);
      expect(await (await viaProxy.fetch(`${github.url}/api/v3/orgs/acme`)).json()).toEqual({ path: '/api/v3/orgs/acme' });
      viaProxy.close();
      expect(proxied).toEqual([new URL(github.url).host]);
    } finally {
      await Promise.all([github.close(), proxy.close()]);
    }
  });

  it('ends a request whose body trickles past the timeout, naming the setting', async () => {
    const github = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{');
    });
    try {
      const pool = new ConnectionPool(300, 'catalog.providers.githubOrg[0].requestTimeout');
      await expect(pool.fetch(`${github.url}/api/graphql`, { method: 'POST', body: '{}' })).rejects.toThrow(
        `GitHub POST ${github.url}/api/graphql did not complete within 300 ms (catalog.providers.githubOrg[0].requestTimeout)`,
      );
      pool.close();
    } finally {
      await github.close();
    }
  });
});
