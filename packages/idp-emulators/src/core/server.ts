import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { FaultController, REWRITE_KINDS, validateFault } from './faults';
import { SeededRandom } from './random';
import type { TlsMaterial } from './tls';
import type {
  ActiveFault,
  EmulatorRequest,
  EmulatorResponse,
  ErrorRenderer,
  FaultRule,
  RequestCounters,
  RewriteFaultKind,
  RouteHandler,
} from './types';

export interface EmulatorServerOptions {
  /** Used in log lines and error messages. */
  name: string;
  /** 0 or undefined = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with this material. */
  tls?: TlsMaterial;
  /** Latency added to every (non-admin) request. */
  latencyMs?: number;
  jitterMs?: number;
  /** How this IdP renders fault-produced errors and unknown routes. */
  errors: ErrorRenderer & { notFound(req: EmulatorRequest): EmulatorResponse };
  /** Seed for fault probabilities and jitter (deterministic runs). */
  seed?: number;
}

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: RouteHandler;
  admin: boolean;
}

export interface DispatchInput {
  method: string;
  /** Absolute URL or a path relative to the server's base URL. */
  url: string;
  headers?: http.IncomingHttpHeaders;
  body?: unknown;
}

const ADMIN_PREFIX = '/__admin';

/**
 * An HTTP(S) server with a route table, per-route request counters, fault
 * injection and latency — the part every IdP emulator shares. Routes are
 * patterns of path segments; `:name` captures one segment, a final `*`
 * captures the rest.
 */
export class EmulatorServer {
  readonly faults: FaultController;
  private readonly options: EmulatorServerOptions;
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();
  /** Responses not finished yet (answering, hung or trickling), until sent or their socket closed. */
  private unfinished = 0;
  private readonly random: SeededRandom;
  private server?: http.Server;
  private url?: string;
  private counts: RequestCounters = emptyCounters();

  constructor(options: EmulatorServerOptions) {
    this.options = options;
    this.random = new SeededRandom(options.seed ?? 42);
    this.faults = new FaultController(() => this.random.next());
    this.installBuiltInAdminRoutes();
  }

  /** Registers an API route. */
  route(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, pattern, segments: split(pattern), handler, admin: false });
    return this;
  }

  /** Registers an admin route under `/__admin` (never counted, never faulted). */
  admin(method: string, pattern: string, handler: RouteHandler): this {
    const full = `${ADMIN_PREFIX}${pattern}`;
    this.routes.push({ method, pattern: full, segments: split(full), handler, admin: true });
    return this;
  }

  get baseUrl(): string {
    if (!this.url) throw new Error(`${this.options.name} emulator is not started`);
    return this.url;
  }

  counters(): RequestCounters {
    return structuredClone(this.counts);
  }

  resetCounters(): void {
    this.counts = emptyCounters();
  }

  async start(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.unfinished++;
      res.once('close', () => this.unfinished--);
      this.handle(req, res).catch(error => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(error?.message ?? error) }));
        } else {
          res.destroy();
        }
      });
    };
    const server = this.options.tls
      ? https.createServer({ key: this.options.tls.key, cert: this.options.tls.cert }, handler)
      : http.createServer(handler);
    server.keepAliveTimeout = 30_000;
    server.on(this.options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const shownHost = host === '127.0.0.1' || host === '0.0.0.0' ? (this.options.tls ? 'localhost' : '127.0.0.1') : host;
    this.url = `${this.options.tls ? 'https' : 'http'}://${shownHost}:${port}`;
    return this.url;
  }

  /** Client connections open right now (a client that leaves sockets behind after an aborted run shows here). */
  get openSockets(): number {
    return this.sockets.size;
  }

  /**
   * Requests still being answered (a hung or trickling answer included) whose client has not closed the connection:
   * 0 once a client that gave up on its requests has also closed their sockets. Idle keep-alive sockets do not count.
   */
  get requestsInFlight(): number {
    return this.unfinished;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  /**
   * Runs a request through routing, counters and the status / rate-limit
   * faults without a socket: for batch endpoints whose inner requests are
   * throttled and counted on their own (counted under `innerByRoute`).
   */
  async dispatch(input: DispatchInput): Promise<EmulatorResponse> {
    const response = await this.dispatchUncounted(input);
    this.counts.innerByStatus[response.status] = (this.counts.innerByStatus[response.status] ?? 0) + 1;
    return response;
  }

  private async dispatchUncounted(input: DispatchInput): Promise<EmulatorResponse> {
    const url = new URL(input.url, `${this.baseUrl}/`);
    const method = input.method.toUpperCase();
    const found = this.find(method, url.pathname);
    const rawBody = input.body === undefined ? '' : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    const req = this.makeRequest(method, url, input.headers ?? {}, rawBody, found);
    const routeId = req.routeId;
    this.counts.innerByRoute[routeId] = (this.counts.innerByRoute[routeId] ?? 0) + 1;
    if (!found) return this.options.errors.notFound(req);
    for (const fault of this.faults.match(method, url.pathname, routeId)) {
      if (REWRITE_KINDS.has(fault.kind)) return this.rewritten(fault, req, await found.route.handler(req));
      const response = this.faultResponse(fault, req);
      if (response) return response;
    }
    return found.route.handler(req);
  }

  private installBuiltInAdminRoutes(): void {
    this.admin('GET', '/health', () => ({ status: 200, body: { ok: true, name: this.options.name } }));
    this.admin('GET', '/requests', () => ({ status: 200, body: this.counters() }));
    this.admin('GET', '/sockets', () => ({ status: 200, body: { open: this.openSockets } }));
    this.admin('DELETE', '/requests', () => {
      this.resetCounters();
      return { status: 204 };
    });
    this.admin('GET', '/faults', () => ({ status: 200, body: this.faults.list() }));
    this.admin('POST', '/faults', req => {
      const rules = (Array.isArray(req.body) ? req.body : [req.body]) as FaultRule[];
      try {
        rules.forEach(validateFault);
      } catch (error) {
        return { status: 400, body: { error: (error as Error).message } };
      }
      return { status: 201, body: rules.map(rule => this.faults.add(rule)) };
    });
    this.admin('DELETE', '/faults', () => {
      this.faults.clear();
      return { status: 204 };
    });
    this.admin('DELETE', '/faults/:id', req =>
      this.faults.remove(req.params.id) ? { status: 204 } : { status: 404, body: { error: `no fault ${req.params.id}` } },
    );
  }

  private find(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const segments = split(path);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  private makeRequest(
    method: string,
    url: URL,
    headers: http.IncomingHttpHeaders,
    rawBody: string,
    found: { route: Route; params: Record<string, string> } | undefined,
  ): EmulatorRequest {
    let body: unknown;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
    }
    return {
      method,
      url,
      params: found?.params ?? {},
      headers,
      rawBody,
      body,
      routeId: found ? `${method} ${found.route.pattern}` : `${method} (unmatched)`,
    };
  }

  private async handle(incoming: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const method = (incoming.method ?? 'GET').toUpperCase();
    const url = new URL(incoming.url ?? '/', this.baseUrl);
    const found = this.find(method, url.pathname);
    const req = this.makeRequest(method, url, incoming.headers, rawBody, found);

    if (found?.route.admin) {
      await write(res, await found.route.handler(req));
      return;
    }

    this.counts.total++;
    this.counts.byRoute[req.routeId] = (this.counts.byRoute[req.routeId] ?? 0) + 1;
    const count = (response: EmulatorResponse) => {
      this.counts.byStatus[response.status] = (this.counts.byStatus[response.status] ?? 0) + 1;
      return response;
    };

    const base = this.options.latencyMs ?? 0;
    const jitter = this.options.jitterMs ?? 0;
    if (base || jitter) await sleep(base + this.random.next() * jitter);

    for (const fault of this.faults.match(method, url.pathname, req.routeId)) {
      if (fault.kind === 'latency') {
        await sleep((fault.latencyMs ?? 0) + this.random.next() * (fault.jitterMs ?? 0));
        continue;
      }
      if (fault.kind === 'hang') return; // the socket stays open until close()
      if (fault.kind === 'trickle') {
        const real = found ? await found.route.handler(req) : this.options.errors.notFound(req);
        await writeTrickling(res, count(real), fault.intervalMs ?? 1000);
        return;
      }
      if (REWRITE_KINDS.has(fault.kind)) {
        const real = found ? await found.route.handler(req) : this.options.errors.notFound(req);
        await write(res, count(this.rewritten(fault, req, real)));
        return;
      }
      if (fault.kind === 'reset' || fault.kind === 'truncate') {
        const real = found ? await found.route.handler(req) : this.options.errors.notFound(req);
        count({ ...real, status: real.status });
        await (fault.kind === 'reset' ? writeThenReset(res, real) : writeTruncated(res, real));
        return;
      }
      const response = this.faultResponse(fault, req);
      if (response) {
        await write(res, count(response));
        return;
      }
    }

    const response = found ? await found.route.handler(req) : this.options.errors.notFound(req);
    await write(res, count(response));
  }

  private rewritten(fault: ActiveFault, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse {
    return this.options.errors.rewriteFault?.(fault.kind as RewriteFaultKind, req, real) ?? real;
  }

  private faultResponse(fault: ActiveFault, req: EmulatorRequest): EmulatorResponse | undefined {
    if (fault.kind === 'status') return this.options.errors.serverError(fault.status ?? 500, req);
    if (fault.kind === 'rate-limit') return this.options.errors.rateLimited(req, fault.retryAfterSeconds, fault.status);
    return undefined;
  }
}

function emptyCounters(): RequestCounters {
  return { total: 0, byRoute: {}, byStatus: {}, innerByRoute: {}, innerByStatus: {} };
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === '*') {
      params['*'] = actual.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (i >= actual.length) return undefined;
    if (p.startsWith(':')) params[p.slice(1)] = safeDecode(actual[i]);
    else if (p !== actual[i] && p !== safeDecode(actual[i])) return undefined;
  }
  return pattern.length === actual.length ? params : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function serialise(response: EmulatorResponse): { headers: Record<string, string | string[]>; payload?: Buffer } {
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  const hasType = Object.keys(headers).some(h => h.toLowerCase() === 'content-type');
  let payload: Buffer | undefined;
  if (response.body === undefined) payload = undefined;
  else if (Buffer.isBuffer(response.body)) payload = response.body;
  else if (typeof response.body === 'string') payload = Buffer.from(response.body, 'utf8');
  else {
    payload = Buffer.from(JSON.stringify(response.body), 'utf8');
    if (!hasType) headers['content-type'] = 'application/json; charset=utf-8';
  }
  if (!headers.date && !headers.Date) headers.date = new Date().toUTCString();
  return { headers, payload };
}

async function write(res: http.ServerResponse, response: EmulatorResponse): Promise<void> {
  const { headers, payload } = serialise(response);
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(response.status, headers);
  await new Promise<void>(resolve => res.end(payload ?? undefined, () => resolve()));
}

async function writeThenReset(res: http.ServerResponse, response: EmulatorResponse): Promise<void> {
  const { headers, payload } = serialise(response);
  const body = payload ?? Buffer.from('{}');
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))));
  await sleep(10);
  res.socket?.destroy();
}

/** Headers, then one byte at a time until the client gives up or the server closes: a body that never completes. */
async function writeTrickling(res: http.ServerResponse, response: EmulatorResponse, intervalMs: number): Promise<void> {
  const { headers, payload } = serialise(response);
  const body = payload ?? Buffer.from('{}');
  // Announced larger than what is ever sent, so the client keeps waiting for the rest.
  headers['content-length'] = String(body.length + 1_000_000);
  res.writeHead(response.status, headers);
  for (let i = 0; !res.destroyed && !res.socket?.destroyed; i = (i + 1) % body.length) {
    res.write(body.subarray(i, i + 1));
    await sleep(intervalMs);
  }
}

async function writeTruncated(res: http.ServerResponse, response: EmulatorResponse): Promise<void> {
  const { headers, payload } = serialise(response);
  const body = payload ?? Buffer.from('{"value":[]}');
  const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
  headers['content-length'] = String(cut.length);
  res.writeHead(response.status, headers);
  await new Promise<void>(resolve => res.end(cut, () => resolve()));
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
