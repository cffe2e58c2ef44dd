import net from 'node:net';
import { freePort } from '@orgsync/test-utils';

/**
 * The public endpoint in front of the backend, as an ingress or reverse proxy
 * is in production: a TCP passthrough on a port known before the backend
 * starts (the test backend listens on a port chosen at start-up, but a
 * provider's `events.push.notificationUrl` is read while it starts).
 */
export interface Ingress {
  /** `http://127.0.0.1:<port>`, the base of notification URLs. */
  url: string;
  /** Where connections go: the backend's port (connections made before wait for it). */
  forwardTo(port: number): void;
  /** While closed, connections (open ones too) are dropped: an outage between Graph and the backend. */
  setOpen(open: boolean): void;
  close(): Promise<void>;
}

export async function startIngress(): Promise<Ingress> {
  const port = await freePort();
  let target: number | undefined;
  let open = true;
  let waiting: net.Socket[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const pass = (client: net.Socket, port: number) => {
    const upstream = net.connect({ host: '127.0.0.1', port });
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('error', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
  };
  const server = net.createServer(client => {
    track(client);
    if (!open) return void client.destroy();
    if (target) pass(client, target);
    else waiting.push(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo: port => {
      target = port;
      for (const client of waiting) if (!client.destroyed) pass(client, port);
      waiting = [];
    },
    setOpen: value => {
      open = value;
      if (!open) for (const socket of sockets) socket.destroy(); // kept-alive connections too
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
