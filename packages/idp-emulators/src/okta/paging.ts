import type { EmulatorRequest } from '../core';
import { oktaErrors } from './errors';
import type { Page } from './store';

export interface PageSize {
  default: number;
  max: number;
}

/** `limit`: absent or unusable → the default; above the maximum → the maximum. */
export function pageLimit(req: EmulatorRequest, size: PageSize): number {
  const raw = req.url.searchParams.get('limit');
  const parsed = raw === null ? NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(parsed) || parsed < 1) return size.default;
  return Math.min(parsed, size.max);
}

/** The list position named by `after`, or an error response for a cursor this emulator never issued. */
export function pageStart(req: EmulatorRequest): { afterSeq: number } | { error: ReturnType<typeof oktaErrors.validation> } {
  const after = req.url.searchParams.get('after');
  if (!after) return { afterSeq: 0 };
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  const match = /^c(\d+)$/.exec(decoded);
  if (!match) return { error: oktaErrors.validation('after: invalid cursor') };
  return { afterSeq: Number(match[1]) };
}

function cursor(seq: number): string {
  return Buffer.from(`c${seq}`, 'utf8').toString('base64url');
}

/**
 * Okta's pagination headers: `<self>; rel="self"` and, when more follow,
 * `<absolute URL with after & limit>; rel="next"` (sent as two Link headers).
 */
export function linkHeaders(req: EmulatorRequest, result: Page<unknown>, limit: number): string[] {
  const links = [`<${req.url.href}>; rel="self"`];
  if (result.nextSeq !== undefined) {
    const next = new URL(req.url.href);
    next.searchParams.delete('after');
    next.searchParams.delete('limit');
    next.searchParams.set('after', cursor(result.nextSeq));
    next.searchParams.set('limit', String(limit));
    links.push(`<${next.href}>; rel="next"`);
  }
  return links;
}
