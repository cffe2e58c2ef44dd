import { sleep } from '@orgsync/plugin-catalog-org-sync-node';

/** Okta counts rate limits per endpoint family; these are the families a sync uses. */
export function endpointFamily(url: string): string {
  const path = new URL(url).pathname;
  if (path === '/oauth2/v1/token') return 'token';
  if (path === '/api/v1/users') return 'users';
  if (path.startsWith('/api/v1/users/')) return 'user';
  if (path === '/api/v1/groups') return 'groups';
  if (/^\/api\/v1\/groups\/[^/]+\/users$/.test(path)) return 'groupMembers';
  if (path.startsWith('/api/v1/groups/')) return 'group';
  return 'other';
}

interface FamilyState {
  remaining: number;
  /** Local clock time (ms) at which the family's window resets. */
  resetAt: number;
  inFlight: number;
}

/**
 * Keeps each endpoint family within the budget Okta advertises: a request
 * waits for `X-Rate-Limit-Reset` when the requests already in flight would
 * use up `X-Rate-Limit-Remaining`, so concurrent member fetches slow down
 * before Okta has to answer 429.
 */
export class RateLimitGovernor {
  private readonly families = new Map<string, FamilyState>();
  /** Total time spent waiting for a window to reset, for the progress log. */
  waitedMs = 0;

  private state(family: string): FamilyState {
    let state = this.families.get(family);
    if (!state) this.families.set(family, (state = { remaining: Infinity, resetAt: 0, inFlight: 0 }));
    return state;
  }

  async acquire(family: string, signal?: AbortSignal): Promise<void> {
    const state = this.state(family);
    for (;;) {
      const now = Date.now();
      if (now >= state.resetAt || state.remaining - state.inFlight > 0) break;
      const wait = state.resetAt - now;
      this.waitedMs += wait;
      await sleep(wait, signal);
    }
    state.inFlight++;
  }

  release(family: string): void {
    this.state(family).inFlight--;
  }

  /** Records what a response says about the family's budget. */
  observe(family: string, headers: { get(name: string): string | null }, status: number): void {
    const resetAt = resetTime(headers);
    if (resetAt === undefined) return;
    const remainingHeader = Number(headers.get('x-rate-limit-remaining'));
    const remaining = status === 429 ? 0 : Number.isFinite(remainingHeader) ? remainingHeader : Infinity;
    const state = this.state(family);
    if (resetAt > state.resetAt + 500 || Date.now() >= state.resetAt) {
      state.resetAt = resetAt;
      state.remaining = remaining;
    } else {
      state.remaining = Math.min(state.remaining, remaining);
      state.resetAt = Math.max(state.resetAt, resetAt);
    }
  }
}

/**
 * Local time at which `X-Rate-Limit-Reset` (epoch seconds on Okta's clock)
 * falls, measured against the response's `Date` so clock skew does not matter.
 */
export function resetTime(headers: { get(name: string): string | null }): number | undefined {
  const reset = headers.get('x-rate-limit-reset');
  if (!reset || reset.includes(',')) return undefined;
  const resetMs = Number(reset) * 1000;
  if (!Number.isFinite(resetMs)) return undefined;
  const date = Date.parse(headers.get('date') ?? '');
  // `Date` has whole seconds: the reset may come up to a second earlier than computed, never later.
  const untilReset = Number.isFinite(date) ? resetMs - date : resetMs - Date.now();
  return Date.now() + Math.max(0, untilReset) + 100;
}
