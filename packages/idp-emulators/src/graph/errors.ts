import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse, ErrorRenderer } from '../core';
import { rewriteGraphFault } from './faultRewrites';

/** Thrown by route code; rendered as Graph's `{"error":{"code","message","innerError"}}`. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphErrorResponse(
  status: number,
  code: string,
  message: string,
  req?: EmulatorRequest,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const requestId = randomUUID();
  const clientRequestId = headerValue(req, 'client-request-id') ?? requestId;
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'request-id': requestId,
      'client-request-id': clientRequestId,
      ...headers,
    },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

export function renderGraphError(error: GraphError, req?: EmulatorRequest): EmulatorResponse {
  return graphErrorResponse(error.status, error.code, error.message, req, error.headers);
}

export function notFoundError(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string, code = 'Request_BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

export function unsupportedQuery(message = 'Unsupported Query.'): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', message);
}

export const DEFAULT_RETRY_AFTER_SECONDS = 1;

export function tooManyRequests(req: EmulatorRequest | undefined, retryAfterSeconds: number, status = 429): EmulatorResponse {
  return graphErrorResponse(
    status,
    'TooManyRequests',
    'Too many requests. Please try again later.',
    req,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

const SERVER_ERROR_CODES: Record<number, string> = {
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'serviceNotAvailable',
  504: 'UnknownError',
};

export const graphErrorRenderer: ErrorRenderer & { notFound(req: EmulatorRequest): EmulatorResponse } = {
  serverError(status, req) {
    const code = SERVER_ERROR_CODES[status] ?? (status === 401 ? 'InvalidAuthenticationToken' : status === 403 ? 'Authorization_RequestDenied' : 'UnknownError');
    return graphErrorResponse(status, code, `Emulated fault (${status}).`, req, status === 503 ? { 'retry-after': '1' } : {});
  },
  rateLimited(req, retryAfterSeconds, status) {
    return tooManyRequests(req, retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, status ?? 429);
  },
  rewriteFault: rewriteGraphFault,
  notFound(req) {
    const segments = req.url.pathname.split('/').filter(Boolean);
    if (segments[0] !== 'v1.0' && segments[0] !== 'beta') {
      return graphErrorResponse(404, 'NotFound', `No route for ${req.method} ${req.url.pathname}.`, req);
    }
    const segment = segments[segments.length - 1] ?? '';
    return graphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${segment}'.`, req);
  },
};

function headerValue(req: EmulatorRequest | undefined, name: string): string | undefined {
  const value = req?.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
