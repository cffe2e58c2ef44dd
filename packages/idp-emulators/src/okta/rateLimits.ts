import { RateWindow } from '../core';

/** Okta counts requests per endpoint family, per org. */
export type OktaEndpointFamily = 'users' | 'user' | 'groups' | 'group' | 'groupMembers' | 'token' | 'logs' | 'eventHooks';

export const ENDPOINT_FAMILIES: OktaEndpointFamily[] = ['users', 'user', 'groups', 'group', 'groupMembers', 'token', 'logs', 'eventHooks'];

/** Requests per window (default one minute) for each family; a family left out is not enforced. */
export type OktaRateLimits = Partial<Record<OktaEndpointFamily, number>>;

/** What an unenforced family advertises: generous enough that clients never slow down. */
const UNENFORCED_LIMIT = 100_000;

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

/** Fixed-window budgets per endpoint family, and the `X-Rate-Limit-*` headers they advertise. */
export class OktaRateLimiter {
  private readonly windows = new Map<OktaEndpointFamily, { window: RateWindow; enforced: boolean }>();

  constructor(limits: OktaRateLimits = {}, windowSeconds = 60) {
    for (const family of ENDPOINT_FAMILIES) {
      const limit = limits[family];
      const enforced = limit !== undefined && limit > 0;
      this.windows.set(family, { window: new RateWindow(enforced ? limit : UNENFORCED_LIMIT, windowSeconds * 1000), enforced });
    }
  }

  /** The limit a family advertises. */
  limitOf(family: OktaEndpointFamily): number {
    return this.windows.get(family)!.window.limit;
  }

  take(family: OktaEndpointFamily): RateDecision {
    const { window, enforced } = this.windows.get(family)!;
    const result = window.take();
    return {
      allowed: result.allowed || !enforced,
      headers: rateHeaders(result.limit, result.remaining, Math.ceil(result.resetAtMs / 1000)),
    };
  }
}

/**
 * The SDK's retry waits `X-Rate-Limit-Reset - Date + 1 s`, so both headers
 * must be present, single-valued and consistent; `Date` is set alongside.
 */
export function rateHeaders(limit: number, remaining: number, resetEpochSeconds: number): Record<string, string> {
  return {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(resetEpochSeconds),
    date: new Date().toUTCString(),
  };
}

/** The family a request path belongs to (for answers made outside the routes, such as injected faults). */
export function familyOfPath(path: string): OktaEndpointFamily {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'oauth2') return 'token';
  if (parts[2] === 'logs') return 'logs';
  if (parts[2] === 'eventHooks') return 'eventHooks';
  if (parts[2] === 'groups') return parts.length >= 5 ? 'groupMembers' : parts.length === 4 ? 'group' : 'groups';
  return parts.length >= 4 ? 'user' : 'users';
}
