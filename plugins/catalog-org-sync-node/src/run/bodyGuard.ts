import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { OrgBodyRefusal, OrgBodyRefusalFormatter } from '../changes';

/** The engine's own refusal body. */
const engineRefusal: OrgBodyRefusalFormatter = ({ message }) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: message }) });

export interface BodyGuardOptions {
  maxBytes: number;
  timeoutMs: number;
  format?: OrgBodyRefusalFormatter;
}

/**
 * The body handling of a push route: the guard, the raw body parser (`req.body` a Buffer) and the parser's own
 * over-the-limit error (a chunked body has no `Content-Length` for the guard to read), every refusal worded by `format`.
 */
export function guardedRawBody(options: BodyGuardOptions): Array<RequestHandler | ErrorRequestHandler> {
  const format = options.format ?? engineRefusal;
  const tooLarge: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (isTooLarge(error)) refuse(req, res, { status: 413, message: tooLargeMessage(options.maxBytes) }, format);
    else next(error);
  };
  return [bodyGuard(options), express.raw({ type: () => true, limit: options.maxBytes }), tooLarge];
}

/**
 * Runs before the body parser of a push route. A declared `Content-Length`
 * above `maxBytes` is answered 413 at once (the parser would first drain the
 * whole body); a body not complete within `timeoutMs` is answered 408 (Node's
 * own limit is five minutes). Both close the connection, so a client cannot
 * keep sending into it.
 */
function bodyGuard(options: BodyGuardOptions): RequestHandler {
  const format = options.format ?? engineRefusal;
  return (req, res, next) => {
    if (declaredLength(req) > options.maxBytes) {
      refuse(req, res, { status: 413, message: tooLargeMessage(options.maxBytes) }, format);
      return;
    }
    if (req.complete) return next();
    const timer = setTimeout(() => {
      if (!req.complete) refuse(req, res, { status: 408, message: `the body did not arrive within ${Math.round(options.timeoutMs / 1000)} seconds` }, format);
    }, options.timeoutMs);
    const stop = () => clearTimeout(timer);
    req.once('end', stop);
    req.once('close', stop);
    res.once('close', stop);
    next();
  };
}

function tooLargeMessage(maxBytes: number): string {
  return `the body is larger than ${maxBytes} bytes`;
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';
}

function declaredLength(req: Request): number {
  const header = req.headers['content-length'];
  return header === undefined ? 0 : Number(header);
}

/** Answers and then destroys the socket: whatever the client still sends is not read. */
function refuse(req: Request, res: Response, refusal: OrgBodyRefusal, format: OrgBodyRefusalFormatter): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  const { contentType, body } = format(refusal);
  res.once('finish', () => req.socket.destroy());
  // A Buffer, so that Express sends the content type as the formatter wrote it.
  res.status(refusal.status).set('connection', 'close').set('content-type', contentType).send(Buffer.from(body, 'utf8'));
}
