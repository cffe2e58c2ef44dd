import type { EmulatorRequest, EmulatorResponse } from '../core';
import type { GraphContext } from './context';
import { ok } from './graphRoute';
import { applyQuery, contextUrl, headerValue, nextLink, paginate, parseQuery, type QueryOptions } from './odata';
import { project } from './projection';
import type { DirectoryRecord } from './store';
import { badRequest } from './errors';

/** Graph only expands this many members per object. */
const EXPAND_LIMIT = 20;

/**
 * A Graph collection response from a list of records: `$filter`, `$search`,
 * `$orderby`, paging with an absolute `@odata.nextLink`, `$count`,
 * `$select`, `$expand=members`, `@odata.type` for directoryObject lists.
 */
export function collectionResponse(
  ctx: GraphContext,
  req: EmulatorRequest,
  entitySet: string,
  records: DirectoryRecord[],
  options: { withType?: boolean; cursor?: boolean } = {},
): EmulatorResponse {
  const query = parseQuery(req);
  const matched = applyQuery(records, query, record => record.object as Record<string, unknown>);
  const { page, nextToken } = paginate(matched, query, options.cursor ? record => record.seq : undefined);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx.server.baseUrl, entitySet, query.select) };
  if (query.count) body['@odata.count'] = matched.length;
  if (nextToken) body['@odata.nextLink'] = nextLink(req, ctx.server.baseUrl, nextToken);
  body.value = page.map(record => withExpansion(ctx, record, query, options.withType ?? false));
  return ok(body);
}

/** One object, with `$select` and `$expand=members`. */
export function entityResponse(ctx: GraphContext, req: EmulatorRequest, entitySet: string, record: DirectoryRecord): EmulatorResponse {
  const query = parseQuery(req);
  return ok({
    '@odata.context': `${contextUrl(ctx.server.baseUrl, entitySet, query.select)}/$entity`,
    ...withExpansion(ctx, record, query, false),
  });
}

/** `GET /users/$count`: plain text, and only with `ConsistencyLevel: eventual`, as on Graph. */
export function countResponse(req: EmulatorRequest, records: DirectoryRecord[]): EmulatorResponse {
  if (headerValue(req, 'consistencylevel')?.toLowerCase() !== 'eventual') {
    throw badRequest('Count is not supported for this request without the ConsistencyLevel: eventual header.');
  }
  const query = parseQuery(req);
  const matched = applyQuery(records, query, record => record.object as Record<string, unknown>);
  return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(matched.length) };
}

function withExpansion(ctx: GraphContext, record: DirectoryRecord, query: QueryOptions, withType: boolean): Record<string, unknown> {
  const out = project(record, query.select, withType);
  for (const expand of query.expand ?? []) {
    if (expand === 'members' && record.kind === 'group') {
      out.members = ctx.store.directMembers(record.object.id).slice(0, EXPAND_LIMIT).map(m => project(m, undefined, true));
    } else if (expand === 'memberOf') {
      out.memberOf = ctx.store.memberOf(record.object.id).slice(0, EXPAND_LIMIT).map(m => project(m, undefined, true));
    } else {
      throw badRequest(`Could not find a property named '${expand}' on type 'microsoft.graph.${record.kind}'.`);
    }
  }
  return out;
}
