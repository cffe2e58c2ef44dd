import type { EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import { baseHeaders, requiresAuthentication } from '../errors';
import { rateHeaders } from '../rateBudget';
import { apiRoute, callerKey, headerValue } from './pipeline';

/** `/meta`, `/versions` (GHES detection) and `/rate_limit`. */
export function registerMetaRoutes(server: EmulatorServer, ctx: GithubContext): void {
  server.route('GET', '/api/v3/meta', () => ({
    status: 200,
    headers: baseHeaders(),
    body: { verifiable_password_authentication: false, installed_version: '3.19.0' },
  }));

  // Not in the REST description; `@backstage/plugin-catalog-backend-module-github` calls it and
  // looks for the `x-github-enterprise-version` header to detect GHES.
  server.route('GET', '/api/v3/versions', apiRoute(ctx, { auth: 'token' }, () => ({ status: 200, body: ['2022-11-28'] })));

  // Not counted against the limit, as on GitHub.
  server.route('GET', '/api/v3/rate_limit', req => {
    const identity = ctx.credentials.authenticate(headerValue(req.headers.authorization));
    if (!identity || 'failure' in identity) return requiresAuthentication();
    const caller = callerKey(identity);
    const core = ctx.budgets.peek(caller, 'core');
    const graphql = ctx.budgets.peek(caller, 'graphql');
    const view = (s: typeof core) => ({ limit: s.limit, used: s.used, remaining: s.remaining, reset: s.reset });
    return {
      status: 200,
      headers: { ...baseHeaders(), ...rateHeaders(core) },
      body: { resources: { core: view(core), graphql: view(graphql), search: { limit: 30, used: 0, remaining: 30, reset: core.reset } }, rate: view(core) },
    };
  });
}
