import type { LoggerService } from '@backstage/backend-plugin-api';
import { sleep } from '@orgsync/plugin-catalog-org-sync-node';
import type { GithubClient, RequestStats } from './createOctokit';

const MAX_WAIT_MS = 15 * 60_000;

/**
 * `octokit.graphql` that also rides out GraphQL's primary rate limit, which
 * GitHub reports as HTTP 200 with `errors[].type == "RATE_LIMITED"`. The
 * throttling plugin recognises that only at `/graphql`, not at GHES's
 * `/api/graphql`. Any other GraphQL error throws. The run's `signal` ends the
 * request (and any wait) at once.
 */
export async function queryGraphql<T>(
  client: GithubClient,
  query: string,
  variables: Record<string, unknown>,
  context: { logger: LoggerService; stats: RequestStats; signal?: AbortSignal },
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await client.graphql<T>(query, { ...variables, request: { signal: context.signal } });
      // A body cut short or not JSON reaches here as a string or nothing, not as an error.
      if (!data || typeof data !== 'object') {
        throw new Error(`GitHub GraphQL answered without data (a truncated or non-JSON body: ${JSON.stringify(String(data).slice(0, 80))})`);
      }
      return data;
    } catch (error) {
      const e = error as { errors?: Array<{ type?: string }>; headers?: Record<string, string>; response?: { headers?: Record<string, string> } };
      const limited = e.errors?.some(x => x.type === 'RATE_LIMITED');
      if (!limited || attempt >= attempts || context.signal?.aborted) throw error;
      context.stats.primaryLimited++;
      const headers = e.headers ?? e.response?.headers ?? {};
      const reset = Number(headers['x-ratelimit-reset']);
      const waitMs = Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - Date.now() + 1000) : 60_000;
      if (waitMs > MAX_WAIT_MS) throw error;
      context.logger.warn(`GitHub GraphQL rate limit reached; waiting ${Math.ceil(waitMs / 1000)}s before retrying`);
      await sleep(waitMs, context.signal);
    }
  }
}
