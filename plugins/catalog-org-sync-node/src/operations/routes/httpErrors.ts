import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NextFunction, Request, Response } from 'express';

/** An answer other than 200, with a message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The router's last handler: a status and message for every error; a 5xx is logged and its message kept from the caller. */
export function errorHandler(logger: LoggerService) {
  return (error: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error instanceof HttpError ? error.status : statusOf(error);
    if (status >= 500) logger.error(`org sync operations API failed: ${error.message}`);
    res.status(status).json({ error: { name: error.name, message: status >= 500 ? 'internal error (logged)' : error.message } });
  };
}

function statusOf(error: Error): number {
  switch (error.name) {
    case 'AuthenticationError':
      return 401;
    case 'NotAllowedError':
      return 403;
    case 'InputError':
      return 400;
    case 'NotFoundError':
      return 404;
    case 'ConflictError':
      return 409;
    default:
      return (error as { type?: string }).type === 'entity.parse.failed' ? 400 : (error as { status?: number }).status ?? 500;
  }
}
