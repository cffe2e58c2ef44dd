import type { EmulatorRequest, EmulatorResponse, RewriteFaultKind } from '../core';

/**
 * How an Okta list answer goes wrong, for the `loop` and `empty-page` faults:
 * - `loop`: the page's `rel="next"` link is the page's own URL (`after` included), so a client that follows it never ends;
 * - `empty-page`: `200 []` with only the `rel="self"` link, as if the list had ended.
 * Only paged lists (users, groups, group members) have these faults; other answers are left as they are.
 */
export function rewriteOktaFault(kind: RewriteFaultKind, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse | undefined {
  if (real.status !== 200 || !Array.isArray(real.body)) return undefined;
  const self = `<${req.url.href}>; rel="self"`;
  if (kind === 'loop') return { ...real, headers: { ...real.headers, link: [self, `<${req.url.href}>; rel="next"`] } };
  if (kind === 'empty-page') return { ...real, headers: { ...real.headers, link: [self] }, body: [] };
  return undefined;
}
