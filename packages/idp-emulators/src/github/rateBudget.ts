export type RateResource = 'core' | 'graphql';

export interface RateState {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
  resource: RateResource;
}

/**
 * GitHub's primary rate limit: a fixed window per caller (user or
 * installation) and per resource. `peek` reads without spending, for 304s.
 */
export class GithubRateBudgets {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    readonly limits: Record<RateResource, number>,
    readonly windowMs: number,
  ) {}

  take(caller: string, resource: RateResource): { allowed: boolean; state: RateState } {
    const window = this.window(caller, resource);
    const allowed = window.used < this.limits[resource];
    if (allowed) window.used++;
    return { allowed, state: this.state(window, resource) };
  }

  peek(caller: string, resource: RateResource): RateState {
    return this.state(this.window(caller, resource), resource);
  }

  private window(caller: string, resource: RateResource): { start: number; used: number } {
    const key = `${resource}:${caller}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private state(window: { start: number; used: number }, resource: RateResource): RateState {
    const limit = this.limits[resource];
    return {
      limit,
      used: window.used,
      remaining: Math.max(0, limit - window.used),
      reset: Math.ceil((window.start + this.windowMs) / 1000),
      resource,
    };
  }
}

export function rateHeaders(state: RateState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-reset': String(state.reset),
    'x-ratelimit-resource': state.resource,
  };
}
