import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from '../core';
import { managementEndpoint, type OktaContext } from './endpoint';
import { oktaErrors } from './errors';
import type { OktaGroup } from './fixture';
import { evaluateFilter, FilterSyntaxError, parseAllowedFilter } from './filter';
import { linkHeaders, pageLimit, pageStart } from './paging';
import { groupFilterPolicy, groupSearchPolicy } from './queryPolicies';
import { renderGroup, renderUser } from './render';

const GROUPS_SCOPE = 'okta.groups.read';

/** `GET /api/v1/groups`, `/api/v1/groups/{id}` and `/api/v1/groups/{id}/users`. */
export function installGroupRoutes(server: EmulatorServer, ctx: OktaContext): void {
  server.route('GET', '/api/v1/groups', managementEndpoint(ctx, 'groups', GROUPS_SCOPE, req => listGroups(ctx, req)));
  server.route('GET', '/api/v1/groups/:id', managementEndpoint(ctx, 'group', GROUPS_SCOPE, req => getGroup(ctx, req)));
  server.route('GET', '/api/v1/groups/:id/users', managementEndpoint(ctx, 'groupMembers', GROUPS_SCOPE, req => listMembers(ctx, req)));
}

function withStats(req: EmulatorRequest): boolean {
  return (req.url.searchParams.get('expand') ?? '').split(',').includes('stats');
}

function listGroups(ctx: OktaContext, req: EmulatorRequest): EmulatorResponse {
  const limit = pageLimit(req, ctx.pageSizes.groups);
  const start = pageStart(req);
  if ('error' in start) return start.error;
  let predicate: (group: OktaGroup) => boolean;
  try {
    predicate = groupPredicate(req);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return oktaErrors.invalidSearch(error.message);
    throw error;
  }
  if (ctx.store.readEmpty) predicate = () => false;
  const result = ctx.store.pageGroups(predicate, start.afterSeq, limit);
  const stats = withStats(req);
  return {
    status: 200,
    headers: { link: linkHeaders(req, result, limit) },
    body: result.items.map(group => renderGroup(group, ctx.baseUrl(), stats ? ctx.store.memberCount(group.id) : undefined)),
  };
}

function groupPredicate(req: EmulatorRequest): (group: OktaGroup) => boolean {
  const params = req.url.searchParams;
  const tests: ((group: OktaGroup) => boolean)[] = [];
  for (const [name, policy] of [['search', groupSearchPolicy], ['filter', groupFilterPolicy]] as const) {
    const text = params.get(name);
    if (!text) continue;
    const expression = parseAllowedFilter(text, policy);
    tests.push(group => evaluateFilter(expression, group));
  }
  const q = params.get('q');
  if (q) tests.push(group => group.profile.name.toLowerCase().startsWith(q.toLowerCase()));
  return group => tests.every(test => test(group));
}

function getGroup(ctx: OktaContext, req: EmulatorRequest): EmulatorResponse {
  const group = ctx.store.readEmpty ? undefined : ctx.store.findGroup(req.params.id);
  if (!group) return oktaErrors.notFound(req.params.id, 'UserGroup');
  const stats = withStats(req) ? ctx.store.memberCount(group.id) : undefined;
  return { status: 200, body: renderGroup(group, ctx.baseUrl(), stats) };
}

function listMembers(ctx: OktaContext, req: EmulatorRequest): EmulatorResponse {
  const group = ctx.store.readEmpty ? undefined : ctx.store.findGroup(req.params.id);
  if (!group) return oktaErrors.notFound(req.params.id, 'UserGroup');
  const limit = pageLimit(req, ctx.pageSizes.groupMembers);
  const start = pageStart(req);
  if ('error' in start) return start.error;
  const result = ctx.store.pageMembers(group.id, start.afterSeq, limit);
  return {
    status: 200,
    headers: { link: linkHeaders(req, result, limit) },
    body: result.items.map(user => renderUser(user, ctx.baseUrl())),
  };
}
