import { requestSignal } from '@orgsync/plugin-catalog-org-sync-node';

/**
 * What one HTTP request to Microsoft Graph or its token endpoint may take:
 * `requestTimeout` (body included), and no longer than the run. The Graph
 * client and the credential outlive a run (they keep the access token), so
 * each read tells the budget its run's signal with `startRun`.
 */
export class RequestBudget {
  private runSignal?: AbortSignal;
  /** HTTP requests to Graph since the run started (every attempt; a `$batch` is one), and those Graph throttled. */
  readonly sent = { requests: 0, throttled: 0 };

  constructor(
    readonly timeoutMs: number,
    private readonly setting: string,
  ) {}

  /** Requests from now on end when `signal` aborts. */
  startRun(signal: AbortSignal): void {
    this.runSignal = signal;
    this.sent.requests = 0;
    this.sent.throttled = 0;
  }

  /** Whether the current run was aborted (no request should be sent or retried). */
  get runAborted(): boolean {
    return this.runSignal?.aborted ?? false;
  }

  /** A signal for one request: aborts at the end of the run, after `requestTimeout`, or with `own`. */
  signalFor(what: string, own?: AbortSignal): AbortSignal {
    const signal = requestSignal(this.runSignal, this.timeoutMs, what, this.setting);
    return own ? AbortSignal.any([own, signal]) : signal;
  }
}
