import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { abortError, requestSignal } from '@orgsync/plugin-catalog-org-sync-node';

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
 * an undici dispatcher this pool owns, so `close()` ends every socket a run
 * used (idle or hung) instead of leaving them to the server's keep-alive
 * timeout. With `HTTPS_PROXY`/`HTTP_PROXY` set (and `NO_PROXY` honoured), the
 * dispatcher goes through the proxy, as Node's own fetch does with
 * `NODE_USE_ENV_PROXY` and as Backstage's docs set up for a backend.
 *
 * Each request attempt gets `requestTimeoutMs` for the response and its whole
 * body, and ends at once when Octokit's `request.signal` (the run's signal)
 * aborts. The body is read here because Octokit reads it itself without
 * reporting failures: an aborted body would reach the caller as an empty answer.
 */
export class ConnectionPool {
  private dispatcher?: Dispatcher;

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
      const answer = await undiciFetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body ?? undefined,
        redirect: (init.redirect as 'follow' | 'manual' | 'error' | undefined) ?? 'follow',
        signal,
        dispatcher: (this.dispatcher ??= createDispatcher()),
      });
      const body = NULL_BODY_STATUSES.has(answer.status) ? null : Buffer.from(await answer.arrayBuffer());
      const headers = new Headers();
      answer.headers.forEach((value, name) => {
        if (name !== 'content-encoding' && name !== 'content-length') headers.append(name, value);
      });
      const response = new Response(body, { status: answer.status, statusText: answer.statusText, headers });
      Object.defineProperty(response, 'url', { value: answer.url || url });
      return response;
    } catch (error) {
      if (signal.aborted) throw asAbortError(signal);
      throw error;
    }
  };

  /** Destroys every socket (in use or idle); the next request opens new ones. */
  close(): void {
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    dispatcher?.destroy().catch(() => undefined);
  }
}

function createDispatcher(): Dispatcher {
  const options = { keepAliveTimeout: IDLE_SOCKET_MS, keepAliveMaxTimeout: IDLE_SOCKET_MS };
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(name => process.env[name]);
  return proxied ? new EnvHttpProxyAgent(options) : new Agent(options);
}

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
