import type { EmulatorRequest, EmulatorResponse } from '../../core';
import type { GraphContext } from '../context';
import { GraphError } from '../errors';
import { firstHeader, graphRoute, ok } from '../graphRoute';
import { contextUrl, decodeToken, encodeToken, linkWithOnly, param } from '../odata';
import { project } from '../projection';
import type { DeltaEntry } from '../store';

type Resource = 'users' | 'groups';

/** What a delta skip/delta token carries (opaque base64url JSON to the client). */
interface DeltaState {
  /** Resource the token belongs to. */
  r: Resource;
  /** Store version the round started after (0 = full round). */
  s: number;
  /** Last entry served in this round: [version, id]. Absent in delta tokens. */
  c?: [number, string];
  /** `$select` of the round, kept so follow-up links need no query options. */
  sel?: string[];
  /** Token generation (admin "expire delta tokens" bumps it). */
  g: number;
  /** When the round's delta token was issued (ms): tokens expire after `deltaTokenLifetimeSeconds`. */
  t: number;
}

/**
 * `/users/delta` and `/groups/delta`: a full round, then rounds of changes
 * (changed objects, `@removed` tombstones, group `members@delta`), each page
 * linked by `@odata.nextLink` and the round ended by `@odata.deltaLink`.
 */
export function registerDeltaRoutes(ctx: GraphContext): void {
  graphRoute(ctx, 'GET', '/users/delta', req => deltaPage(ctx, req, 'users'));
  graphRoute(ctx, 'GET', '/groups/delta', req => deltaPage(ctx, req, 'groups'));
}

function deltaPage(ctx: GraphContext, req: EmulatorRequest, resource: Resource): EmulatorResponse {
  const state = readState(ctx, req, resource);
  const entries = resource === 'users' ? ctx.store.userDelta(state.s) : ctx.store.groupDelta(state.s);
  const rest = state.c ? entries.filter(entry => after(entry, state.c!)) : entries;
  const pageSize = preferredPageSize(req) ?? ctx.deltaPageSize;
  const page = rest.slice(0, pageSize);
  const path = `/v1.0/${resource}/delta`;

  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx.server.baseUrl, resource, state.sel) };
  if (rest.length > page.length) {
    const last = page[page.length - 1];
    body['@odata.nextLink'] = linkWithOnly(ctx.server.baseUrl, path, '$skiptoken', encodeToken({ ...state, c: [last.version, last.id] }));
  } else {
    const next: DeltaState = { r: resource, s: ctx.store.version, sel: state.sel, g: ctx.deltaGeneration, t: ctx.now() };
    body['@odata.deltaLink'] = linkWithOnly(ctx.server.baseUrl, path, '$deltatoken', encodeToken({ ...next }));
  }
  body.value = page.map(entry => render(ctx, entry, state));
  return { ...ok(body), headers: { ...ok(body).headers, 'preference-applied': `odata.track-changes${pageSize !== ctx.deltaPageSize ? `, odata.maxpagesize=${pageSize}` : ''}` } };
}

function render(ctx: GraphContext, entry: DeltaEntry, state: DeltaState): Record<string, unknown> {
  if ('tombstone' in entry) return { id: entry.id, '@removed': { reason: entry.tombstone.reason } };
  const out = project(entry.record, state.sel?.filter(p => p !== 'members'));
  if (entry.record.kind === 'group' && (!state.sel || state.sel.includes('members'))) {
    const groupId = entry.record.object.id;
    out['members@delta'] =
      state.s === 0
        ? ctx.store.directMembers(groupId).map(member => ({ '@odata.type': `#microsoft.graph.${member.kind}`, id: member.object.id }))
        : ctx.store.membershipChangesAfter(groupId, state.s).map(change => ({
            '@odata.type': `#microsoft.graph.${change.memberKind}`,
            id: change.memberId,
            ...(change.removed ? { '@removed': { reason: 'deleted' } } : {}),
          }));
  }
  return out;
}

function readState(ctx: GraphContext, req: EmulatorRequest, resource: Resource): DeltaState {
  const deltaToken = param(req, 'deltatoken') ?? param(req, 'deltaToken');
  const skipToken = param(req, 'skiptoken') ?? param(req, 'skipToken');
  const token = deltaToken ?? skipToken;
  if (!token) {
    const select = param(req, 'select');
    return { r: resource, s: 0, sel: select ? select.split(',').map(s => s.trim()) : undefined, g: ctx.deltaGeneration, t: ctx.now() };
  }
  if (deltaToken === 'latest') {
    return { r: resource, s: ctx.store.version, g: ctx.deltaGeneration, t: ctx.now(), c: [Number.MAX_SAFE_INTEGER, ''] };
  }
  const state = decodeToken(token) as Partial<DeltaState>;
  const valid = state.r === resource && typeof state.s === 'number' && typeof state.g === 'number' && typeof state.t === 'number';
  if (!valid || state.g !== ctx.deltaGeneration || state.t! + ctx.deltaTokenLifetimeSeconds * 1000 < ctx.now()) {
    throw new GraphError(410, 'syncStateNotFound', 'The sync state generation is not found. A full resync is required: start a new delta round without a token.');
  }
  return state as DeltaState;
}

function after(entry: DeltaEntry, cursor: [number, string]): boolean {
  return entry.version > cursor[0] || (entry.version === cursor[0] && entry.id > cursor[1]);
}

function preferredPageSize(req: EmulatorRequest): number | undefined {
  const match = /odata\.maxpagesize=(\d+)/i.exec(firstHeader(req, 'prefer') ?? '');
  return match ? Math.max(1, Math.min(999, Number(match[1]))) : undefined;
}
