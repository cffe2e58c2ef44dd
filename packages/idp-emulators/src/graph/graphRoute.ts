import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../core';
import type { GraphContext } from './context';
import { GraphError, renderGraphError, tooManyRequests } from './errors';

type GraphHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * Registers a Graph v1.0 route: bearer token check, the optional request
 * budget, Graph's error format for thrown `GraphError`s, and the response
 * headers Graph always sends.
 */
export function graphRoute(ctx: GraphContext, method: string, pattern: string, handler: GraphHandler): void {
  ctx.server.route(method, `/v1.0${pattern}`, async req => {
    try {
      ctx.tokens.authenticate(firstHeader(req, 'authorization'));
      if (ctx.budget) {
        const slot = ctx.budget.take();
        if (!slot.allowed) return tooManyRequests(req, Math.max(1, Math.ceil((slot.resetAtMs - ctx.now()) / 1000)));
      }
      return withGraphHeaders(req, await handler(req));
    } catch (error) {
      if (error instanceof GraphError) return renderGraphError(error, req);
      throw error;
    }
  });
}

/** A JSON body as Graph sends it. */
export function ok(body: unknown, status = 200): EmulatorResponse {
  return { status, headers: { 'content-type': ODATA_JSON }, body };
}

function withGraphHeaders(req: EmulatorRequest, response: EmulatorResponse): EmulatorResponse {
  const requestId = randomUUID();
  return {
    ...response,
    headers: {
      'request-id': requestId,
      'client-request-id': firstHeader(req, 'client-request-id') ?? requestId,
      'odata-version': '4.0',
      ...(response.headers ?? {}),
    },
  };
}

export function firstHeader(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
