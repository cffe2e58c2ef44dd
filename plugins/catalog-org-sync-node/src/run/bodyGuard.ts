import type { Request, RequestHandler, Response } from 'express';

/**
 * Runs before the body parser of a push route. A declared `Content-Length`
 * above `maxBytes` is answered 413 at once (the parser would first drain the
 * whole body); a body not complete within `timeoutMs` is answered 408 (Node's
 * own limit is five minutes). Both close the connection, so a client cannot
 * keep sending into it.
 */
export function bodyGuard(options: { maxBytes: number; timeoutMs: number }): RequestHandler {
  return (req, res, next) => {
    if (declaredLength(req) > options.maxBytes) {
      refuse(req, res, 413, `the body is larger than ${options.maxBytes} bytes`);
      return;
    }
    if (req.complete) return next();
    const timer = setTimeout(() => {
      if (!req.complete) refuse(req, res, 408, `the body did not arrive within ${Math.round(options.timeoutMs / 1000)} seconds`);
    }, options.timeoutMs);
    const stop = () => clearTimeout(timer);
    req.once('end', stop);
    req.once('close', stop);
    res.once('close', stop);
    next();
  };
}

function declaredLength(req: Request): number {
  const header = req.headers['content-length'];
  return header === undefined ? 0 : Number(header);
}

/** Answers and then destroys the socket: whatever the client still sends is not read. */
function refuse(req: Request, res: Response, status: 408 | 413, error: string): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.once('finish', () => req.socket.destroy());
  res.status(status).set('connection', 'close').json({ error });
}
