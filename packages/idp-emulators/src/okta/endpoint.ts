import type { EmulatorRequest, EmulatorResponse, RouteHandler } from '../core';
import type { OktaAuth, Principal } from './auth';
import { oktaErrors } from './errors';
import { randomSecret } from './ids';
import type { OktaEndpointFamily, OktaRateLimiter } from './rateLimits';
import type { OktaEventHooks } from './eventHooks';
import type { OktaOrgStore } from './store';
import type { OktaSystemLog } from './systemLog';
import type { PageSize } from './paging';

/** What the route files share. */
export interface OktaContext {
  store: OktaOrgStore;
  auth: OktaAuth;
  limiter: OktaRateLimiter;
  log: OktaSystemLog;
  eventHooks: OktaEventHooks;
  baseUrl(): string;
  pageSizes: { users: PageSize; groups: PageSize; groupMembers: PageSize };
}

/** A scope satisfied by itself or by its `manage` counterpart. */
function hasScope(principal: Principal, scope: string): boolean {
  if (principal.kind === 'ssws') return true;
  return principal.scopes.has(scope) || principal.scopes.has(scope.replace(/\.read$/, '.manage'));
}

/**
 * Wraps a Management API handler with what every Okta endpoint does first:
 * count against the family's rate limit, authenticate, check the OAuth scope
 * — and put `X-Rate-Limit-*`, `Date` and `X-Okta-Request-Id` on the answer.
 */
export function managementEndpoint(
  ctx: OktaContext,
  family: OktaEndpointFamily,
  scope: string,
  handler: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>,
): RouteHandler {
  return async req => {
    const rate = ctx.limiter.take(family);
    const finish = (response: EmulatorResponse): EmulatorResponse => ({
      ...response,
      headers: { ...rate.headers, 'x-okta-request-id': randomSecret(27), ...response.headers },
    });
    if (!rate.allowed) return finish(oktaErrors.rateLimited());
    const auth = ctx.auth.authenticate(req.headers.authorization);
    if ('error' in auth) return finish(auth.error);
    if (!hasScope(auth.principal, scope)) {
      return finish(
        oktaErrors.forbidden({
          'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl()}/oauth2/v1/authorize", realm="IdpRealm", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${req.url.pathname}"`,
        }),
      );
    }
    return finish(await handler(req));
  };
}
