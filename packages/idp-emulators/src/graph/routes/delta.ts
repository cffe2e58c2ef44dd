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
  /**
   * Last entry served in this round: [version, id], plus the index of the next member slice when only part of a
   * big group's members@delta was served. Absent in delta tokens.
   */
  c?: [number, string, number?];
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
  const pageSize = preferredPageSize(req) ?? ctx.deltaPageSize;
  const path = `/v1.0/${resource}/delta`;

  // A page holds `pageSize` objects; a group with more member changes than fit in one object is served as
  // several objects (same properties, the next slice of members@delta), possibly on later pages, as Graph does.
  const value: Array<Record<string, unknown>> = [];
  let cursor = state.c;
  let more = false;
  fill: for (const entry of entries) {
    let first = 0;
    if (state.c) {
      const order = compare(entry, state.c);
      if (order < 0 || (order === 0 && state.c[2] === undefined)) continue;
      if (order === 0) first = state.c[2]!;
    }
    const pieces = render(ctx, entry, state);
    for (let i = first; i < pieces.length; i++) {
      if (value.length === pageSize) {
        more = true;
        break fill;
      }
      value.push(pieces[i]);
      cursor = i < pieces.length - 1 ? [entry.version, entry.id, i + 1] : [entry.version, entry.id];
    }
  }

  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx.server.baseUrl, resource, state.sel) };
  if (more) {
    body['@odata.nextLink'] = linkWithOnly(ctx.server.baseUrl, path, '$skiptoken', encodeToken({ ...state, c: cursor }));
  } else {
    const next: DeltaState = { r: resource, s: ctx.store.version, sel: state.sel, g: ctx.deltaGeneration, t: ctx.now() };
    body['@odata.deltaLink'] = linkWithOnly(ctx.server.baseUrl, path, '$deltatoken', encodeToken({ ...next }));
  }
  body.value = value;
  return { ...ok(body), headers: { ...ok(body).headers, 'preference-applied': `odata.track-changes${pageSize !== ctx.deltaPageSize ? `, odata.maxpagesize=${pageSize}` : ''}` } };
}

/** An entry as the objects that carry it: one, or for a group with many member changes, one per slice of them. */
function render(ctx: GraphContext, entry: DeltaEntry, state: DeltaState): Array<Record<string, unknown>> {
  if ('tombstone' in entry) return [{ id: entry.id, '@removed': { reason: entry.tombstone.reason } }];
  const out = project(entry.record, state.sel?.filter(p => p !== 'members'));
  if (entry.record.kind !== 'group' || (state.sel && !state.sel.includes('members'))) return [out];
  const groupId = entry.record.object.id;
  const members =
    state.s === 0
      ? ctx.store.directMembers(groupId).map(member => ({ '@odata.type': `#microsoft.graph.${member.kind}`, id: member.object.id }))
      : ctx.store.membershipChangesAfter(groupId, state.s).map(change => ({
          '@odata.type': `#microsoft.graph.${change.memberKind}`,
          id: change.memberId,
          ...(change.removed ? { '@removed': { reason: 'deleted' } } : {}),
        }));
  const size = ctx.deltaMembersPerObject;
  if (members.length <= size) return [{ ...out, 'members@delta': members }];
  const pieces: Array<Record<string, unknown>> = [];
  for (let i = 0; i < members.length; i += size) pieces.push({ ...structuredClone(out), 'members@delta': members.slice(i, i + size) });
  return pieces;
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
    // "Sync from now": no objects, and a deltaLink that tracks the properties this request selects.
    const select = param(req, 'select');
    const sel = select ? select.split(',').map(s => s.trim()) : undefined;
    return { r: resource, s: ctx.store.version, sel, g: ctx.deltaGeneration, t: ctx.now(), c: [Number.MAX_SAFE_INTEGER, ''] };
  }
  const state = decodeToken(token) as Partial<DeltaState>;
  const valid = state.r === resource && typeof state.s === 'number' && typeof state.g === 'number' && typeof state.t === 'number';
  if (!valid || state.g !== ctx.deltaGeneration || state.t! + ctx.deltaTokenLifetimeSeconds * 1000 < ctx.now()) {
    throw new GraphError(410, 'syncStateNotFound', 'The sync state generation is not found. A full resync is required: start a new delta round without a token.');
  }
  return state as DeltaState;
}

/** Where an entry stands against a cursor: before (-1), at (0) or after it (1). */
function compare(entry: DeltaEntry, cursor: [number, string, number?]): number {
  if (entry.version !== cursor[0]) return entry.version < cursor[0] ? -1 : 1;
  return entry.id === cursor[1] ? 0 : entry.id < cursor[1] ? -1 : 1;
}

function preferredPageSize(req: EmulatorRequest): number | undefined {
  const match = /odata\.maxpagesize=(\d+)/i.exec(firstHeader(req, 'prefer') ?? '');
  return match ? Math.max(1, Math.min(999, Number(match[1]))) : undefined;
}
