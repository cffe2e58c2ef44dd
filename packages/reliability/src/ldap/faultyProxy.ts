import net from 'node:net';

/**
 * A TCP proxy in front of an LDAP server (plain or TLS: bytes pass through untouched) that can drop or stall a
 * connection part-way through an answer, or send new connections to another server (a TLS impostor).
 */
export interface FaultyLdapProxy {
  /** `127.0.0.1:<port>`. */
  readonly hostPort: string;
  /** Drop each connection once the server has sent this many bytes through it. */
  cutAfterBytes(bytes: number): void;
  /** Stop forwarding the server's bytes (the connection stays open) once it has sent this many. */
  stallAfterBytes(bytes: number): void;
  /** Connections held by a stall rule so far. */
  stalledConnections(): number;
  /** New connections go to this `host:port` instead. */
  redirectTo(hostPort: string): void;
  /** Back to forwarding everything to the real server. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port forwarding to `upstream` (`host:port`). */
export async function startFaultyLdapProxy(upstream: string): Promise<FaultyLdapProxy> {
  let fault: { kind: 'cut' | 'stall'; bytes: number } | undefined;
  let target = upstream;
  let stalled = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const [host, port] = target.split(':');
    const server = net.connect({ host, port: Number(port) });
    const rule = fault;
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    let sent = 0;
    client.on('data', chunk => server.write(chunk));
    server.on('data', (chunk: Buffer) => {
      if (rule && sent + chunk.length > rule.bytes) {
        client.write(chunk.subarray(0, Math.max(0, rule.bytes - sent)));
        if (rule.kind === 'cut') end();
        else if (sent < rule.bytes) stalled++;
        sent = rule.bytes;
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      server.destroy();
    };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    hostPort: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cutAfterBytes: bytes => void (fault = { kind: 'cut', bytes }),
    stallAfterBytes: bytes => void (fault = { kind: 'stall', bytes }),
    stalledConnections: () => stalled,
    redirectTo: hostPort => void (target = hostPort),
    reset: () => {
      fault = undefined;
      target = upstream;
      stalled = 0;
      // Connections opened under a fault (a stalled one the client gave up on) end now.
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
