import net from 'node:net';

/** A TCP proxy in front of a server that can drop its connections part-way through an answer. */
export interface CuttingProxy {
  url: string;
  /** Drop each connection once the server has sent this many bytes through it (undefined: never). */
  cutAfterBytes(bytes: number | undefined): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port forwarding to `target` (`ldap://127.0.0.1:<port>`). */
export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  let limit: number | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect({ host: hostname, port: Number(port) });
    sockets.add(client);
    sockets.add(upstream);
    let sent = 0;
    client.on('data', chunk => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (limit !== undefined && sent + chunk.length > limit) {
        client.write(chunk.subarray(0, Math.max(0, limit - sent)));
        client.destroy();
        upstream.destroy();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ldap://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cutAfterBytes: bytes => {
      limit = bytes;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
