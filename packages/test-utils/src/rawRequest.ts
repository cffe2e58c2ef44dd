import net from 'node:net';

/** What a raw request got: the status (undefined when nothing came within `answerWithinMs`), when, whether the server closed the connection, and all it sent (head and body). */
export interface RawAnswer {
  status?: number;
  afterMs: number;
  closedByServer: boolean;
  received: string;
}

/**
 * A `POST` written on a plain TCP socket, for what `fetch` cannot send: a
 * `Content-Length` that the body never reaches, or a body that trickles in
 * (`chunks` written `everyMs` apart). Resolves at the answer's status line,
 * or after `answerWithinMs` without one; the socket is destroyed either way.
 */
export function rawPost(
  url: string,
  options: { contentLength: number; chunks: string[]; everyMs?: number; headers?: Record<string, string>; answerWithinMs: number },
): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  const head = [
    `POST ${pathname} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${options.contentLength}`,
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return new Promise(resolve => {
    const started = Date.now();
    const socket = net.connect({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(port) });
    const timers: NodeJS.Timeout[] = [];
    let received = '';
    let answer: { status: number; afterMs: number } | undefined;
    const finish = (closedByServer: boolean) => {
      timers.forEach(clearTimeout);
      socket.destroy();
      resolve(answer ? { ...answer, closedByServer, received } : { afterMs: Date.now() - started, closedByServer, received });
    };
    socket.on('data', data => {
      received += data.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status && !answer) answer = { status: Number(status[1]), afterMs: Date.now() - started };
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      socket.write(`${head}\r\n\r\n`);
      options.chunks.forEach((chunk, i) => timers.push(setTimeout(() => socket.writable && socket.write(chunk), i * (options.everyMs ?? 0))));
    });
    timers.push(setTimeout(() => finish(false), options.answerWithinMs));
  });
}

/**
 * A `fetch` body of `bytes` bytes sent chunked, without a `Content-Length` (spread it into the request's init): what
 * only a body parser, not a look at the headers, can find too large.
 */
export function chunkedBody(bytes: number): { body: ReadableStream<Uint8Array>; duplex: 'half' } {
  const chunk = new Uint8Array(16 * 1024).fill(120);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(chunk.length, bytes - sent);
      sent += size;
      controller.enqueue(chunk.subarray(0, size));
    },
  });
  // Node's fetch streams a ReadableStream body only with `duplex: 'half'`.
  return { body, duplex: 'half' };
}
