/** The media type of every SCIM request and response body (RFC 7644 §3.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/**
 * Whether a request's Content-Type is one a SCIM body may have: `application/scim+json`, or `application/json`, which
 * RFC 7644 §3.8 lets clients send; parameters (`; charset=utf-8`) and case do not matter.
 */
export function isScimContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  return mediaType === SCIM_MEDIA_TYPE || mediaType === 'application/json';
}
