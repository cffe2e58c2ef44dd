import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the subscriber got. */
export interface Received {
  path: string;
  validationToken: string | null;
  contentType: string;
  body: string;
}

export type Behaviour = 'echo' | 'status500' | 'wrong-token' | 'json-echo' | 'silent';

/**
 * A notification endpoint as an application runs it: answers Graph's
 * validation (as told by `behaviour` for each path) and records every POST.
 */
export async function startSubscriber(): Promise<{
  url: string;
  received: Received[];
  behaviour: Map<string, Behaviour>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const behaviour = new Map<string, Behaviour>();
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = url.searchParams.get('validationToken');
      received.push({ path: url.pathname, validationToken: token, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') });
      const mode = behaviour.get(url.pathname) ?? 'echo';
      if (mode === 'silent') return void held.push(res);
      if (mode === 'status500') return void res.writeHead(500).end();
      if (token === null) return void res.writeHead(202).end();
      if (mode === 'json-echo') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
      res.writeHead(200, { 'content-type': 'text/plain' }).end(mode === 'wrong-token' ? `${token}x` : token);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    behaviour,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
