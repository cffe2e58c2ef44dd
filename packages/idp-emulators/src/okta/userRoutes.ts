import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from '../core';
import { managementEndpoint, type OktaContext } from './endpoint';
import { oktaErrors } from './errors';
import type { OktaUser } from './fixture';
import { evaluateFilter, FilterSyntaxError, parseAllowedFilter } from './filter';
import { linkHeaders, pageLimit, pageStart } from './paging';
import { userFilterPolicy, userSearchPolicy } from './queryPolicies';
import { renderUser } from './render';

const USERS_SCOPE = 'okta.users.read';

/** `GET /api/v1/users` and `GET /api/v1/users/{id or login}`. */
export function installUserRoutes(server: EmulatorServer, ctx: OktaContext): void {
  server.route('GET', '/api/v1/users', managementEndpoint(ctx, 'users', USERS_SCOPE, req => listUsers(ctx, req)));
  server.route('GET', '/api/v1/users/:idOrLogin', managementEndpoint(ctx, 'user', USERS_SCOPE, req => getUser(ctx, req)));
}

function listUsers(ctx: OktaContext, req: EmulatorRequest): EmulatorResponse {
  const limit = pageLimit(req, ctx.pageSizes.users);
  const start = pageStart(req);
  if ('error' in start) return start.error;
  let predicate: (user: OktaUser) => boolean;
  try {
    predicate = userPredicate(req);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return oktaErrors.invalidSearch(error.message);
    throw error;
  }
  if (ctx.store.readEmpty) predicate = () => false;
  const result = ctx.store.pageUsers(predicate, start.afterSeq, limit);
  return {
    status: 200,
    headers: { link: linkHeaders(req, result, limit) },
    body: result.items.map(user => renderUser(user, ctx.baseUrl())),
  };
}

/**
 * `search` and `filter` see every status; `q` and the plain list leave out
 * DEPROVISIONED users, as Okta does.
 */
function userPredicate(req: EmulatorRequest): (user: OktaUser) => boolean {
  const params = req.url.searchParams;
  const tests: ((user: OktaUser) => boolean)[] = [];
  const search = params.get('search');
  const filter = params.get('filter');
  const q = params.get('q');
  if (search) {
    const expression = parseAllowedFilter(search, userSearchPolicy);
    tests.push(user => evaluateFilter(expression, user));
  }
  if (filter) {
    const expression = parseAllowedFilter(filter, userFilterPolicy);
    tests.push(user => evaluateFilter(expression, user));
  }
  if (q) {
    const prefix = q.toLowerCase();
    tests.push(user =>
      [user.profile.firstName, user.profile.lastName, user.profile.email].some(
        value => typeof value === 'string' && value.toLowerCase().startsWith(prefix),
      ),
    );
  }
  if (!search && !filter) tests.push(user => user.status !== 'DEPROVISIONED');
  return user => tests.every(test => test(user));
}

function getUser(ctx: OktaContext, req: EmulatorRequest): EmulatorResponse {
  const user = ctx.store.readEmpty ? undefined : ctx.store.findUser(req.params.idOrLogin);
  if (!user) return oktaErrors.notFound(req.params.idOrLogin, 'User');
  return { status: 200, body: renderUser(user, ctx.baseUrl()) };
}
