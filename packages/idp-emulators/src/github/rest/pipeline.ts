import { createHash } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse, RouteHandler } from '../../core';
import type { GithubContext } from '../context';
import type { GithubIdentity } from '../credentials';
import { badCredentials, baseHeaders, githubError, PRIMARY_LIMIT_DOCS, requiresAuthentication } from '../errors';
import { rateHeaders, type RateResource } from '../rateBudget';
import type { OrgRecord } from '../store';

export interface ApiCall {
  req: EmulatorRequest;
  identity: GithubIdentity;
}

export type ApiHandler = (call: ApiCall) => EmulatorResponse | Promise<EmulatorResponse>;

export interface ApiRouteOptions {
  /** `app` = GitHub App JWT only; `token` = PAT or installation token. */
  auth: 'token' | 'app';
  /** Budget to spend (default core). GraphQL spends `graphql`. */
  resource?: RateResource;
  /** How an exhausted primary limit is answered (default: REST 403). */
  onLimited?: (identity: GithubIdentity) => EmulatorResponse;
}

export function callerKey(identity: GithubIdentity): string {
  if (identity.kind === 'pat') return `user:${identity.login}`;
  if (identity.kind === 'installation') return `installation:${identity.installationId}`;
  return `app:${identity.appId}`;
}

/**
 * Wraps a handler in what GitHub does around every API call: authentication,
 * installation scoping, ETag / If-None-Match (a 304 costs nothing), the
 * primary rate limit and the `x-ratelimit-*` headers.
 */
export function apiRoute(ctx: GithubContext, options: ApiRouteOptions, handler: ApiHandler): RouteHandler {
  const resource = options.resource ?? 'core';
  return async req => {
    const identity = ctx.credentials.authenticate(headerValue(req.headers.authorization));
    if (!identity) return requiresAuthentication();
    if ('failure' in identity) return badCredentials(identity.failure);
    if (options.auth === 'app' && identity.kind !== 'app') {
      return badCredentials('A JSON web token could not be decoded');
    }
    if (options.auth === 'token' && identity.kind === 'app') {
      return githubError(403, 'Resource not accessible by integration');
    }
    if (identity.kind === 'installation' && req.params.org && req.params.org.toLowerCase() !== identity.org.toLowerCase()) {
      return githubError(403, 'Resource not accessible by integration');
    }

    const response = await handler({ req, identity });
    const caller = callerKey(identity);
    const headers: Record<string, string | string[]> = { ...baseHeaders(), ...(response.headers ?? {}) };

    if (req.method === 'GET' && response.status === 200) {
      const etag = `W/"${createHash('sha256').update(caller).update(JSON.stringify(response.body ?? null)).digest('hex')}"`;
      headers.etag = etag;
      headers['cache-control'] = 'private, max-age=60, s-maxage=60';
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
      if (etagMatches(headerValue(req.headers['if-none-match']), etag)) {
        const state = ctx.budgets.peek(caller, resource);
        return { status: 304, headers: { ...headers, ...rateHeaders(state) } };
      }
    }

    if (identity.kind === 'app') return { ...response, headers };
    const { allowed, state } = ctx.budgets.take(caller, resource);
    if (!allowed && options.onLimited) {
      const limited = options.onLimited(identity);
      return { ...limited, headers: { ...headers, ...(limited.headers ?? {}), ...rateHeaders(state) } };
    }
    if (!allowed) {
      const who = identity.kind === 'pat' ? `user ID ${identity.login}` : `installation ID ${identity.installationId}`;
      const limited = githubError(
        403,
        `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID EMU and timestamp ${new Date().toISOString()}.`,
        PRIMARY_LIMIT_DOCS,
      );
      return { ...limited, headers: { ...limited.headers, ...rateHeaders(state) } };
    }
    return { ...response, headers: { ...headers, ...rateHeaders(state) } };
  };
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some(tag => tag.trim() === '*' || strip(tag) === strip(etag));
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `per_page` (default 30, at most 100) / `page` paging with GitHub's absolute `Link` header. */
export function paginate<T>(req: EmulatorRequest, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPageRaw = Number(req.url.searchParams.get('per_page'));
  const perPage = Number.isInteger(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 30;
  const pageRaw = Number(req.url.searchParams.get('page'));
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string) => {
    const url = new URL(req.url.href);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { page: slice, headers: links.length ? { link: links.join(', ') } : {} };
}

/** The org named in the path, or undefined (→ 404). */
export function pathOrg(ctx: GithubContext, req: EmulatorRequest): OrgRecord | undefined {
  return ctx.store.org(req.params.org);
}
