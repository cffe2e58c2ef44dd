/**
 * A fixed-window request budget, the model both Okta (per endpoint family,
 * per minute) and GitHub (per hour) use.
 */
export class RateWindow {
  private windowStart = 0;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the budget. */
  take(): { allowed: boolean; limit: number; remaining: number; resetAtMs: number } {
    const now = this.now();
    if (now >= this.windowStart + this.windowMs) {
      this.windowStart = now - (now % this.windowMs);
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.used),
      resetAtMs: this.windowStart + this.windowMs,
    };
  }
}
