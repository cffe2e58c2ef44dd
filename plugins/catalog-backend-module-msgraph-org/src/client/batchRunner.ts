import type { Client } from '@microsoft/microsoft-graph-client';
import { abortError, sleep } from '@orgsync/plugin-catalog-org-sync-node';
import { errorText, graphErrorOf, graphReadError, RETRIABLE_ERROR_CODES, RETRIABLE_STATUSES, retryAfterSeconds } from './graphErrors';

/** Graph's limit of requests in one `$batch`. */
export const MAX_BATCH_SIZE = 20;
/** Attempts of one inner request answered 429/503/504 (or 200 with such an error code) before the run fails. */
export const DEFAULT_INNER_ATTEMPTS = 8;

export interface InnerResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Handles one inner response that is not a transient failure. It may
 * enqueue follow-up requests (next pages). Throwing fails the whole run.
 */
export type InnerHandler = (response: InnerResponse) => void | Promise<void>;

interface Pending {
  url: string;
  headers?: Record<string, string>;
  handle: InnerHandler;
  attempts: number;
  notBefore: number;
}

export interface BatchRunnerOptions {
  concurrency: number;
  signal?: AbortSignal;
  maxInnerAttempts?: number;
  /** Called once per inner answer that was throttled (429, or 503/504 and their error codes) and will be sent again. */
  onThrottled?: () => void;
}

/**
 * Runs GET requests through `POST /$batch`, 20 at a time, `concurrency`
 * batches in parallel. Throttled inner requests (which come back inside a
 * 200 envelope, out of reach of the client's RetryHandler) are sent again
 * after their Retry-After, in a later batch; throttled batches themselves are
 * retried by the client's RetryHandler. An inner response of 200 whose body
 * is an error object with a throttling code counts as throttled too.
 */
export class BatchRunner {
  private readonly queue: Pending[] = [];
  private failure?: Error;

  constructor(
    private readonly client: Client,
    private readonly options: BatchRunnerOptions,
  ) {}

  /** `url` is relative to the version root: `/groups/{id}/members?$top=999`. */
  enqueue(url: string, handle: InnerHandler, headers?: Record<string, string>): void {
    this.queue.push({ url, headers, handle, attempts: 0, notBefore: 0 });
  }

  /** Runs everything enqueued (including follow-ups) and resolves when all were handled; rejects on the first failure. */
  async run(): Promise<void> {
    let inFlight = 0;
    const worker = async () => {
      for (;;) {
        if (this.failure) return;
        if (this.options.signal?.aborted) throw abortError(this.options.signal);
        const now = Date.now();
        const ready = this.queue.filter(p => p.notBefore <= now);
        if (ready.length === 0) {
          // Nothing ready: done when nothing is waiting and nothing in flight could add more.
          if (this.queue.length === 0 && inFlight === 0) return;
          const wake = this.queue.length ? Math.min(...this.queue.map(p => p.notBefore)) - now : 20;
          await sleep(Math.max(5, Math.min(wake, 1000)), this.options.signal);
          continue;
        }
        const chunk = ready.slice(0, MAX_BATCH_SIZE);
        for (const p of chunk) this.queue.splice(this.queue.indexOf(p), 1);
        inFlight++;
        try {
          await this.send(chunk);
        } catch (error) {
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    if (this.failure) throw this.failure;
  }

  private async send(chunk: Pending[]): Promise<void> {
    const requests = chunk.map((p, i) => ({ id: String(i), method: 'GET', url: p.url, ...(p.headers ? { headers: p.headers } : {}) }));
    let reply: { responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }> };
    try {
      reply = await this.client.api('/$batch').post({ requests });
    } catch (error) {
      throw graphReadError(`$batch (${chunk[0].url}${chunk.length > 1 ? ` and ${chunk.length - 1} more` : ''})`, error);
    }
    const byId = new Map((reply.responses ?? []).map(r => [r.id, r]));
    const maxAttempts = this.options.maxInnerAttempts ?? DEFAULT_INNER_ATTEMPTS;
    for (const [i, pending] of chunk.entries()) {
      const response = byId.get(String(i));
      if (!response) throw new Error(`Error while reading ${pending.url} from Microsoft Graph: no response in the $batch reply`);
      const headers = lowerCaseKeys(response.headers ?? {});
      if (isTransient(response.status, response.body)) {
        this.options.onThrottled?.();
        pending.attempts++;
        if (pending.attempts >= maxAttempts) {
          throw new Error(
            `Error while reading ${pending.url} from Microsoft Graph: still throttled after ${pending.attempts} attempts (${response.status} ${errorText(response.body)})`,
          );
        }
        const wait = retryAfterSeconds(headers['retry-after'], Math.min(2 ** pending.attempts, 30));
        pending.notBefore = Date.now() + wait * 1000;
        this.queue.push(pending);
        continue;
      }
      await pending.handle({ status: response.status, headers, body: response.body });
    }
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Throttled or overloaded: by its status, or by the error code of a 200 answer that carries an error object. */
function isTransient(status: number, body: unknown): boolean {
  if (RETRIABLE_STATUSES.has(status)) return true;
  const code = graphErrorOf(body)?.code;
  return status >= 200 && status < 300 && typeof code === 'string' && RETRIABLE_ERROR_CODES.has(code.toLowerCase());
}
