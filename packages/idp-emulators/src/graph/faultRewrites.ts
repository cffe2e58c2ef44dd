import type { EmulatorRequest, EmulatorResponse, RewriteFaultKind } from '../core';

type Page = Record<string, unknown> & { value?: unknown };

/** A collection page (`value` array) of a successful answer, or undefined for anything else. */
function pageOf(real: EmulatorResponse): Page | undefined {
  if (real.status !== 200 || !real.body || typeof real.body !== 'object' || Buffer.isBuffer(real.body)) return undefined;
  const body = real.body as Page;
  return Array.isArray(body.value) ? body : undefined;
}

/** The page without its links to a next page or a next delta round. */
function withoutLinks(page: Page): Page {
  const { '@odata.nextLink': _next, '@odata.deltaLink': _delta, ...rest } = page;
  return rest;
}

/**
 * How Graph gets a real answer wrong for the `loop`, `empty-page` and
 * `inner-error` faults. Inner `$batch` requests go through the same path
 * (the server's `dispatch()`), so each fault also hits one inner response.
 *
 * - `loop`: a collection page (users, groups, members, a delta page) whose
 *   `@odata.nextLink` is the URL of the request that got it.
 * - `empty-page`: a collection page with no objects and no next page.
 * - `inner-error`: status 200 with Graph's error object as the body, as seen
 *   inside `$batch` replies.
 */
export function rewriteGraphFault(kind: RewriteFaultKind, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse | undefined {
  if (kind === 'inner-error') {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { error: { code: 'InternalServerError', message: 'Emulated fault: an error object in a 200 answer.' } },
    };
  }
  const page = pageOf(real);
  if (!page) return undefined;
  if (kind === 'loop') return { ...real, body: { ...withoutLinks(page), '@odata.nextLink': req.url.href } };
  return { ...real, body: { ...withoutLinks(page), value: [] } };
}
