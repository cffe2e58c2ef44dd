import type { Agent } from 'node:http';
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { abortError, requestSignal, sleep } from '@orgsync/plugin-catalog-org-sync-node';
import { endpointFamily, RateLimitGovernor, resetTime } from './rateLimitGovernor';

export interface OktaRequestExecutorOptions {
  /** Stops waiting and refuses new requests once aborted (a function: the signal of the current use, for a client kept between polls). */
  signal: AbortSignal | (() => AbortSignal);
  /** Retries of one request answered 429, each after `X-Rate-Limit-Reset`. */
  maxRetries: number;
  /** Budget of one request, body included. */
  requestTimeoutMs: number;
  /** The setting that holds `requestTimeoutMs`, for the timeout's message. */
  requestTimeoutSetting: string;
  /** The connection pool of this read (closed when the read ends), by URL. */
  agent: (url: URL) => Agent;
  /** Names the OAuth client in token errors (never the key). */
  describeOAuthClient?: string;
}

type RequestOptions = Parameters<RequestExecutor['fetch']>[0];

/** The part of node-fetch's Response this executor uses. */
interface Response {
  url: string;
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  buffer(): Promise<Buffer>;
  clone(): Response;
}

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const TRANSIENT_RETRIES = 2;

/**
 * Replaces the SDK's executor (which retries a 429 only twice): waits for
 * the advertised reset on 429 up to `maxRetries` times, keeps each endpoint
 * family within its advertised budget, retries network errors and 5xx twice,
 * and turns a refused OAuth token request into an error naming the client
 * (the SDK would otherwise go on with `Bearer undefined`).
 *
 * Each request, body included, has `requestTimeoutMs`: a response that
 * trickles ends the read (no retry) with an error naming the setting, and its
 * socket is closed.
 */
export class OktaRequestExecutor extends RequestExecutor {
  readonly governor = new RateLimitGovernor();
  requests = 0;
  rateLimited = 0;
  /** The earliest `Date` of a response (Okta's clock, ms), for reads that compare against Okta's timestamps. */
  firstResponseDate: number | undefined;

  constructor(private readonly options: OktaRequestExecutorOptions) {
    super();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's type is node-fetch's Response
  override async fetch(request: RequestOptions): Promise<any> {
    const signal = typeof this.options.signal === 'function' ? this.options.signal() : this.options.signal;
    const family = endpointFamily(request.url!);
    const what = `Okta request ${String((request as { method?: string }).method ?? 'GET').toUpperCase()} ${pathOf(request.url!)}`;
    let rateLimitRetries = 0;
    let transientRetries = 0;
    for (;;) {
      if (signal.aborted) throw abortError(signal);
      await this.governor.acquire(family, signal);
      const attempt = requestSignal(signal, this.options.requestTimeoutMs, what, this.options.requestTimeoutSetting);
      let response: Response;
      try {
        this.requests++;
        response = await this.fetchWhole(request, attempt);
      } catch (error) {
        // Aborted or out of time: retrying would only wait as long again.
        if (attempt.aborted) throw abortError(attempt);
        if (transientRetries++ < TRANSIENT_RETRIES) {
          await sleep(1000 * transientRetries, signal);
          continue;
        }
        throw new Error(`${what} failed: ${(error as Error).message}`);
      } finally {
        this.governor.release(family);
      }
      this.governor.observe(family, response.headers, response.status);
      const date = Date.parse(response.headers.get('date') ?? '');
      if (Number.isFinite(date) && (this.firstResponseDate === undefined || date < this.firstResponseDate)) this.firstResponseDate = date;

      if (response.status === 429 && rateLimitRetries < this.options.maxRetries) {
        rateLimitRetries++;
        this.rateLimited++;
        const resetAt = resetTime(response.headers);
        await sleep(resetAt !== undefined ? resetAt - Date.now() : backoff(rateLimitRetries), signal);
        continue;
      }
      if (TRANSIENT_STATUSES.has(response.status) && transientRetries < TRANSIENT_RETRIES) {
        transientRetries++;
        await sleep(1000 * transientRetries, signal);
        continue;
      }
      if (family === 'token') return this.checkTokenResponse(response);
      return response;
    }
  }

  /**
   * Sends the request and reads its whole body under `signal`, so the timeout
   * covers the body too (the SDK reads it later, with no deadline) and an
   * abort destroys the socket. The SDK gets a node-fetch Response of the bytes read.
   */
  private async fetchWhole(request: RequestOptions, signal: AbortSignal): Promise<Response> {
    const agent = (request as { agent?: unknown }).agent ?? this.options.agent;
    const response: Response = await super.fetch({ ...request, signal, agent } as RequestOptions);
    const body = await response.buffer();
    const NodeFetchResponse = response.constructor as new (body: Buffer, init: object) => Response;
    return new NodeFetchResponse(body, { url: response.url, status: response.status, statusText: response.statusText, headers: response.headers });
  }

  private async checkTokenResponse(response: Response): Promise<Response> {
    const client = this.options.describeOAuthClient ?? 'the OAuth client';
    const body = await response.clone().text();
    let parsed: { access_token?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      // reported below with the status
    }
    if (!response.ok || typeof parsed.access_token !== 'string') {
      const reason = [parsed.error, parsed.error_description].filter(v => typeof v === 'string').join(': ') || body.slice(0, 200);
      throw new Error(`Okta refused an access token for ${client}: HTTP ${response.status}${reason ? ` ${reason}` : ''}`);
    }
    return response;
  }
}

function backoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** (attempt - 1));
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname;
}
