import type { LoggerService } from '@backstage/backend-plugin-api';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { Octokit } from '@octokit/rest';
import type { OrgCredentials } from './credentials';
import { EtagCache } from './etagCache';

const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

export interface RequestStats {
  requests: number;
  graphql: number;
  rest: number;
  notModified: number;
  primaryLimited: number;
  secondaryLimited: number;
  reauthenticated: number;
}

export const newRequestStats = (): RequestStats => ({
  requests: 0,
  graphql: 0,
  rest: 0,
  notModified: 0,
  primaryLimited: 0,
  secondaryLimited: 0,
  reauthenticated: 0,
});

export interface CreateClientOptions {
  apiBaseUrl: string;
  /** Asked before every request, so an installation token that expired mid-sync is replaced; `signal` is the request's run signal. */
  credentials: (signal?: AbortSignal) => Promise<OrgCredentials>;
  /** Called on a 401 before the one retry, so `credentials()` then returns a new token rather than the cached one. */
  onUnauthorized?: () => void;
  logger: LoggerService;
  stats: RequestStats;
  etags: EtagCache;
  /** Retries after a rate limit before giving up. */
  maxRateLimitRetries?: number;
  /** How requests are sent (`ConnectionPool.fetch`: per-request timeout, sockets the source can close). */
  fetch: (url: string, init?: object) => Promise<Response>;
}

const readsOnlyLimiter = new Bottleneck.Group({ maxConcurrent: 4, minTime: 0 });

/**
 * Octokit with throttling (primary and secondary limits, waiting as GitHub
 * says), retries of 5xx and network errors, fresh credentials on every
 * request and once more after a 401, and ETag conditional GETs.
 */
export function createGithubClient(options: CreateClientOptions): GithubClient {
  const { logger, stats } = options;
  const maxRetries = options.maxRateLimitRetries ?? 8;
  const octokit = new GithubOctokit({
    baseUrl: options.apiBaseUrl,
    request: { fetch: options.fetch },
    log: { debug: () => {}, info: () => {}, warn: m => logger.debug(m), error: m => logger.debug(m) },
    throttle: {
      // The plugin spaces every POST — GraphQL queries included — a second apart, as advice for
      // writes. A sync only reads: its queries go as fast as the rate limits allow, and the
      // primary and secondary limits below still make it wait when GitHub says so.
      write: readsOnlyLimiter,
      onRateLimit: (retryAfter, request, _octokit, retryCount) => {
        stats.primaryLimited++;
        logger.warn(`GitHub primary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s (attempt ${retryCount + 1})`);
        return retryCount < maxRetries;
      },
      onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
        stats.secondaryLimited++;
        logger.warn(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s (attempt ${retryCount + 1})`);
        return retryCount < maxRetries;
      },
    },
  });

  octokit.hook.wrap('request', async (request, requestOptions) => {
    const send = async () => {
      const { authorization } = await options.credentials(requestOptions.request?.signal);
      requestOptions.headers.authorization = authorization;
      stats.requests++;
      if (String(requestOptions.url).endsWith('/graphql')) stats.graphql++;
      else stats.rest++;
      return request(requestOptions);
    };
    const sendAuthenticated = async () => {
      try {
        return await send();
      } catch (error) {
        if ((error as { status?: number }).status !== 401) throw error;
        // An installation token can expire between asking for it and using it.
        stats.reauthenticated++;
        options.onUnauthorized?.();
        return send();
      }
    };
    if (requestOptions.method !== 'GET') return sendAuthenticated();
    return options.etags.conditional(requestOptions, sendAuthenticated, () => stats.notModified++);
  });
  return octokit;
}
