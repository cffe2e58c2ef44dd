import type { EmulatorRequest, EmulatorResponse } from '../../core';
import type { GraphContext } from '../context';
import { badRequest, GraphError, renderGraphError } from '../errors';
import { firstHeader, ok } from '../graphRoute';

export const MAX_BATCH_REQUESTS = 20;

interface BatchRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * `POST /v1.0/$batch`: up to 20 inner requests, each run through the
 * server's `dispatch()` so it is counted and faulted (and throttled) on its
 * own route; a 429 comes back inside the 200 envelope. Independent requests
 * answer in a shuffled order, as Graph gives no order guarantee.
 */
export function registerBatchRoute(ctx: GraphContext): void {
  ctx.server.route('POST', '/v1.0/$batch', async req => {
    try {
      ctx.tokens.authenticate(firstHeader(req, 'authorization'));
      const requests = parseBatch(req);
      const responses = await runBatch(ctx, req, requests);
      return ok({ responses: shuffle(ctx, responses) });
    } catch (error) {
      if (error instanceof GraphError) return renderGraphError(error, req);
      throw error;
    }
  });
}

function parseBatch(req: EmulatorRequest): BatchRequest[] {
  const body = req.body as { requests?: unknown } | undefined;
  if (!body || !Array.isArray(body.requests)) throw badRequest('Invalid batch payload format.', 'BadRequest');
  const requests = body.requests as BatchRequest[];
  if (requests.length === 0) throw badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw badRequest(`The number of batch requests exceeds the limit of ${MAX_BATCH_REQUESTS}.`, 'BadRequest');
  }
  const ids = new Set<string>();
  for (const inner of requests) {
    if (!inner || typeof inner.id !== 'string' || typeof inner.method !== 'string' || typeof inner.url !== 'string') {
      throw badRequest('Each batch request needs id, method and url.', 'BadRequest');
    }
    if (ids.has(inner.id)) throw badRequest(`Batch request id '${inner.id}' is duplicated.`, 'BadRequest');
    ids.add(inner.id);
  }
  for (const inner of requests) {
    for (const dep of inner.dependsOn ?? []) {
      if (!ids.has(dep)) throw badRequest(`Batch request '${inner.id}' depends on unknown request '${dep}'.`, 'BadRequest');
    }
  }
  return requests;
}

async function runBatch(ctx: GraphContext, outer: EmulatorRequest, requests: BatchRequest[]): Promise<BatchResponse[]> {
  const done = new Map<string, Promise<BatchResponse>>();
  const run = (inner: BatchRequest): Promise<BatchResponse> => {
    let pending = done.get(inner.id);
    if (!pending) {
      pending = (async () => {
        const deps = await Promise.all((inner.dependsOn ?? []).map(id => run(requests.find(r => r.id === id)!)));
        if (deps.some(dep => dep.status >= 400)) {
          return { id: inner.id, status: 424, headers: {}, body: renderGraphError(new GraphError(424, 'BadRequest', 'Failed dependency.')).body };
        }
        const response = await ctx.server.dispatch({
          method: inner.method,
          url: `/v1.0/${inner.url.replace(/^\/+/, '').replace(/^v1\.0\//, '')}`,
          headers: innerHeaders(outer, inner),
          body: inner.body,
        });
        return toBatchResponse(inner.id, response);
      })();
      done.set(inner.id, pending);
    }
    return pending;
  };
  return Promise.all(requests.map(run));
}

function innerHeaders(outer: EmulatorRequest, inner: BatchRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inner.headers ?? {})) headers[name.toLowerCase()] = value;
  const authorization = firstHeader(outer, 'authorization');
  if (authorization) headers.authorization = authorization;
  return headers;
}

function toBatchResponse(id: string, response: EmulatorResponse): BatchResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (/^(request-id|client-request-id|date)$/i.test(name)) continue;
    headers[canonical(name)] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body = response.body;
  if (Buffer.isBuffer(body)) body = body.toString('base64'); // binary bodies travel base64-encoded in a batch
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  return { id, status: response.status, headers, ...(body === undefined ? {} : { body }) };
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function shuffle<T>(ctx: GraphContext, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = ctx.random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
