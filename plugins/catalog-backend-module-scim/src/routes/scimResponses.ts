import type { Request, Response } from 'express';
import { isScimContentType, ScimError, SCIM_MEDIA_TYPE } from '../protocol';

const CONTENT_TYPE = `${SCIM_MEDIA_TYPE}; charset=utf-8`;

/**
 * Answers with a SCIM body, as `application/scim+json`. Written with `end`, not Express's `send`, which would add a
 * weak ETag and answer a matching If-None-Match with 304: the ServiceProviderConfig says ETags are not supported.
 */
export function sendScim(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.status(status).set({ 'content-type': CONTENT_TYPE, 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

export function sendScimError(res: Response, error: ScimError): void {
  sendScim(res, error.status, error.toBody());
}

/** A SCIM error as the text of an answer that someone else sends (the engine's refusals). */
export function scimErrorText(error: ScimError): { contentType: string; body: string } {
  return { contentType: CONTENT_TYPE, body: JSON.stringify(error.toBody()) };
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
