import { GraphQLError } from 'graphql';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** A GraphQL error with GitHub's top-level `type` (NOT_FOUND, EXCESSIVE_PAGINATION, ...). */
export function typedError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

export function encodeCursor(key: string): string {
  return Buffer.from(`cursor:v2:${key}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string, field: string): string {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith('cursor:v2:')) throw typedError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  void field;
  return text.slice('cursor:v2:'.length);
}

/**
 * Relay paging as GitHub does it: `first` or `last` is required and at most
 * 100; cursors name the last item seen (not a position), so a page boundary
 * survives inserts and deletes before it.
 */
export function connection<T>(
  field: string,
  items: T[],
  keyOf: (item: T) => string,
  args: ConnectionArgs,
  edgeOf: (item: T) => Record<string, unknown>,
  descending = false,
) {
  const { first, last, after, before } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw typedError('MISSING_PAGINATION_BOUNDARIES', `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`);
  }
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value !== undefined && value !== null && value > 100) {
      throw typedError('EXCESSIVE_PAGINATION', `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`);
    }
    if (value !== undefined && value !== null && value < 0) {
      throw typedError('INVALID_PAGINATION', `\`${name}\` on the \`${field}\` connection cannot be less than zero.`);
    }
  }
  const keyed = items.map(item => ({ item, key: keyOf(item) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (descending) keyed.reverse();
  const beyond = (key: string, mark: string) => (descending ? key < mark : key > mark);
  let window = keyed;
  if (after) {
    const mark = decodeCursor(after, field);
    window = window.filter(e => beyond(e.key, mark));
  }
  if (before) {
    const mark = decodeCursor(before, field);
    window = window.filter(e => beyond(mark, e.key));
  }
  const beforeSlice = window.length;
  if (first !== undefined && first !== null) window = window.slice(0, first);
  const afterFirst = window.length;
  if (last !== undefined && last !== null) window = window.slice(Math.max(0, window.length - last));
  const edges: Record<string, unknown>[] = window.map(e => ({ cursor: encodeCursor(e.key), ...edgeOf(e.item) }));
  return {
    totalCount: items.length,
    edges,
    nodes: edges.map(e => e.node),
    pageInfo: {
      hasNextPage: first !== undefined && first !== null ? beforeSlice > afterFirst : Boolean(before),
      hasPreviousPage: last !== undefined && last !== null ? afterFirst > window.length : Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export const idKey = (id: number) => String(id).padStart(12, '0');
