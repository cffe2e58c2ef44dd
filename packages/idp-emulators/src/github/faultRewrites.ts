import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { EmulatorRequest, EmulatorResponse, RewriteFaultKind } from '../core';
import { encodeCursor } from './graphql/connection';

/** The cursor a looping connection hands out when the request asked for its first page. */
const LOOP_CURSOR = encodeCursor('loop');

/**
 * GitHub's answers to the `loop` and `empty-page` faults. GraphQL: the
 * connection the query pages through (the outermost field with paging
 * arguments) says `hasNextPage: true` with the cursor the request asked with
 * (`loop`), or comes back empty with no next page (`empty-page`). REST list
 * pages: `Link rel="next"` points at the page itself, or the page is `[]`
 * without a `Link`. Other requests, errors and `inner-error` are sent as they are.
 */
export function rewriteGithubFault(kind: RewriteFaultKind, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse | undefined {
  if (kind === 'inner-error' || real.status !== 200) return undefined;
  if (req.routeId === 'POST /api/graphql') return rewriteGraphqlPage(kind, req, real);
  if (req.method === 'GET' && Array.isArray(real.body)) return rewriteRestPage(kind, req, real);
  return undefined;
}

function rewriteGraphqlPage(kind: RewriteFaultKind, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse | undefined {
  const request = (req.body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  const data = (real.body as { data?: unknown } | undefined)?.data;
  if (typeof request.query !== 'string' || !data || typeof data !== 'object') return undefined;
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch {
    return undefined;
  }
  const body = structuredClone(real.body) as { data: unknown };
  let rewrote = false;
  for (const paged of pagedConnections(document, request.variables ?? {})) {
    for (const connection of valuesAt(body.data, paged.path)) {
      rewriteConnection(kind, connection, paged.after);
      rewrote = true;
    }
  }
  return rewrote ? { ...real, body } : undefined;
}

interface PagedConnection {
  /** Response keys from `data` to the connection; lists on the way are entered element by element. */
  path: string[];
  /** The `after` cursor this request asked with (null for a first page). */
  after: string | null;
}

/** The outermost fields with paging arguments (`first`, `last`, `after`, `before`) in the query's operation. */
function pagedConnections(document: DocumentNode, variables: Record<string, unknown>): PagedConnection[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const found: PagedConnection[] = [];
  const walk = (selectionSet: SelectionSetNode | undefined, path: string[]) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, path);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(selection.name.value)?.selectionSet, path);
      else {
        const key = selection.alias?.value ?? selection.name.value;
        const args = new Map((selection.arguments ?? []).map(a => [a.name.value, a.value]));
        if (['first', 'last', 'after', 'before'].some(name => args.has(name))) {
          const after = args.get('after');
          found.push({ path: [...path, key], after: after ? cursorValue(after, variables) : null });
        } else walk(selection.selectionSet, [...path, key]);
      }
    }
  };
  const operation = document.definitions.find(d => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind === Kind.OPERATION_DEFINITION) walk(operation.selectionSet, []);
  return found;
}

function cursorValue(value: ValueNode, variables: Record<string, unknown>): string | null {
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return typeof given === 'string' ? given : null;
  }
  return value.kind === Kind.STRING ? value.value : null;
}

function valuesAt(value: unknown, path: string[]): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(item => valuesAt(item, path));
  if (!value || typeof value !== 'object') return [];
  if (path.length === 0) return [value as Record<string, unknown>];
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

function rewriteConnection(kind: RewriteFaultKind, connection: Record<string, unknown>, after: string | null): void {
  const pageInfo = (connection.pageInfo ?? {}) as Record<string, unknown>;
  if (kind === 'loop') {
    connection.pageInfo = askedFor(pageInfo, { hasNextPage: true, endCursor: after ?? pageInfo.endCursor ?? LOOP_CURSOR });
    return;
  }
  Object.assign(connection, askedFor(connection, { nodes: [], edges: [], totalCount: 0 }));
  connection.pageInfo = askedFor(pageInfo, { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
}

/** `changes` for the fields the query selected (a GraphQL answer carries only those). */
function askedFor(object: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  return { ...object, ...Object.fromEntries(Object.entries(changes).filter(([key]) => key in object)) };
}

function rewriteRestPage(kind: RewriteFaultKind, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse {
  // A rewritten page must not be cached by a client as the resource's current state.
  const { link, etag: _etag, ...headers } = (real.headers ?? {}) as Record<string, string | string[]>;
  if (kind === 'empty-page') return { ...real, headers, body: [] };
  const others = String(link ?? '')
    .split(/,\s*(?=<)/)
    .filter(part => part && !/;\s*rel="next"/.test(part));
  return { ...real, headers: { ...headers, link: [...others, `<${req.url.href}>; rel="next"`].join(', ') } };
}
