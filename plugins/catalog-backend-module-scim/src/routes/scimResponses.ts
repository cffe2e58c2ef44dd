import type { Request, Response } from 'express';
import { isScimContentType, ScimError, SCIM_MEDIA_TYPE } from '../protocol';

/** Answers with a SCIM body, as `application/scim+json`. */
export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).set('content-type', `${SCIM_MEDIA_TYPE}; charset=utf-8`).send(JSON.stringify(body));
}

export function sendScimError(res: Response, error: ScimError): void {
  sendScim(res, error.status, error.toBody());
}

/** The SCIM base URL as the caller reached it (for `meta.location`). */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** The request's JSON body (the engine hands it over as a Buffer): a wrong content type or bad JSON is a SCIM error. */
export function readJsonBody(req: Request): unknown {
  if (!isScimContentType(req.headers['content-type'])) {
    throw new ScimError(415, undefined, `the body must be ${SCIM_MEDIA_TYPE} (or application/json)`);
  }
  const raw: unknown = req.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  try {
    return JSON.parse(text);
  } catch {
    throw ScimError.badRequest('invalidSyntax', 'the body is not JSON');
  }
}
