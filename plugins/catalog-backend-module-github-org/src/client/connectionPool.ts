import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { abortError, requestSignal } from '@orgsync/plugin-catalog-org-sync-node';

const MAX_REDIRECTS = 5;
/** Idle sockets close after this; `close()` ends them sooner (transformer requests after a read open new ones). */
const IDLE_SOCKET_MS = 5_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The part of `RequestInit` Octokit passes to its `fetch`. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | null;
  signal?: AbortSignal | null;
  redirect?: string;
}

/**
 * The GitHub client's connections: a `fetch` for Octokit (`request.fetch`) on
 * keep-alive agents this pool owns, so `close()` ends every socket a run used
 * (idle or hung) instead of leaving them to the server's keep-alive timeout.
 *
 * Each request attempt gets `requestTimeoutMs` for the response and its whole
 * body, and ends at once when Octokit's `request.signal` (the run's signal)
 * aborts. The body is read here because Octokit reads it itself without
 * reporting failures: an aborted body would reach the caller as an empty answer.
 */
export class ConnectionPool {
  private agents?: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly requestTimeoutMs: number,
    /** The setting named when a request times out, e.g. `catalog.providers.githubOrg.requestTimeout`. */
    private readonly timeoutSetting = 'requestTimeout',
  ) {}

  /** A `fetch` for Octokit's `request.fetch`. */
  readonly fetch = async (url: string, init: FetchInit = {}): Promise<Response> => {
    const what = `GitHub ${init.method ?? 'GET'} ${describeUrl(url)}`;
    const signal = requestSignal(init.signal ?? undefined, this.requestTimeoutMs, what, this.timeoutSetting);
    try {
      return await this.follow(new URL(url), init, signal);
    } catch (error) {
      if (signal.aborted) throw asAbortError(signal);
      throw error;
    }
  };

  /** Destroys every socket (in use or idle); the next request opens new ones. */
  close(): void {
    const agents = this.agents;
    this.agents = undefined;
    agents?.http.destroy();
    agents?.https.destroy();
  }

  private async follow(url: URL, init: FetchInit, signal: AbortSignal): Promise<Response> {
    let method = init.method ?? 'GET';
    let body = init.body ?? undefined;
    for (let redirects = 0; ; redirects++) {
      const answer = await this.send(url, method, init.headers ?? {}, body, signal);
      const location = answer.headers.location;
      if (!isRedirect(answer.status) || !location || init.redirect === 'manual' || redirects >= MAX_REDIRECTS) {
        return toResponse(answer, url);
      }
      if (init.redirect === 'error') throw new Error(`GitHub redirected ${describeUrl(url.href)} (redirect: error)`);
      url = new URL(location, url);
      // As fetch does: 303, and 301/302 after a POST, go on as a GET without a body.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  private send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<RawAnswer> {
    const options = { keepAlive: true, timeout: IDLE_SOCKET_MS };
    const agents = (this.agents ??= { http: new http.Agent(options), https: new https.Agent(options) });
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        { method, headers: { 'accept-encoding': 'gzip', ...headers }, agent: secure ? agents.https : agents.http, signal },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('aborted', () => reject(new Error(`${describeUrl(url.href)}: the connection closed before the body was complete`)));
          response.on('end', () => {
            const raw = Buffer.concat(chunks);
            try {
              const data = response.headers['content-encoding'] === 'gzip' && raw.length > 0 ? gunzipSync(raw) : raw;
              resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body: data });
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

interface RawAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function toResponse(answer: RawAnswer, url: URL): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined || name === 'content-encoding' || name === 'content-length') continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const response = new Response(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, {
    status: answer.status,
    statusText: answer.statusText,
    headers,
  });
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/**
 * Octokit passes an `AbortError` through untouched, and plugin-retry retries
 * only errors that carry the request: so a timed-out or aborted request ends
 * the read at once rather than being tried again against a hung server.
 */
function asAbortError(signal: AbortSignal): Error {
  const reason = abortError(signal);
  const error = new Error(reason.message, { cause: reason });
  error.name = 'AbortError';
  return error;
}

/** Origin and path only: query strings stay out of messages. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'request';
  }
}
