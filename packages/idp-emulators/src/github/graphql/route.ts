import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import type { EmulatorServer } from '../../core';
import type { GithubContext } from '../context';
import type { GithubIdentity } from '../credentials';
import { callerKey, apiRoute } from '../rest/pipeline';
import { rootValue } from './resolvers';
import { githubSchema } from './schema';

interface Prepared {
  document?: DocumentNode;
  errors?: readonly GraphQLError[];
}

/** Parsing and validating against GitHub's big schema is the slow part, and syncs resend the same query text. */
const prepared = new Map<string, Prepared>();
const MAX_PREPARED = 500;

function prepare(query: string): Prepared {
  let entry = prepared.get(query);
  if (entry) return entry;
  try {
    const document = parse(query);
    const errors = validate(githubSchema(), document);
    entry = errors.length ? { errors } : { document };
  } catch (error) {
    entry = { errors: [error as GraphQLError] };
  }
  if (prepared.size >= MAX_PREPARED) prepared.clear();
  prepared.set(query, entry);
  return entry;
}

/** GitHub puts an error's kind at the top level: `{ type, path, locations, message }`. */
export function formatError(error: GraphQLError): Record<string, unknown> {
  const type = error.extensions?.type;
  const out: Record<string, unknown> = {};
  if (type) out.type = type;
  if (error.path) out.path = error.path;
  if (error.locations) out.locations = error.locations;
  out.message = error.message;
  return out;
}

/** `POST /api/graphql` — GHES's GraphQL endpoint, executing against GitHub's published schema. */
export function registerGraphqlRoute(server: EmulatorServer, ctx: GithubContext): void {
  const limited = (identity: GithubIdentity) => ({
    status: 200,
    body: {
      errors: [
        {
          type: 'RATE_LIMITED',
          code: 'graphql_rate_limit',
          message: `API rate limit already exceeded for ${identity.kind === 'installation' ? `installation ID ${identity.installationId}` : 'user ID 1'}.`,
        },
      ],
    },
  });

  server.route(
    'POST',
    '/api/graphql',
    apiRoute(ctx, { auth: 'token', resource: 'graphql', onLimited: limited }, async ({ req, identity }) => {
      const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
      if (typeof body.query !== 'string') {
        return { status: 400, body: { message: 'A query attribute must be specified and must be a string.', documentation_url: 'https://docs.github.com/graphql' } };
      }
      const { document, errors } = prepare(body.query);
      if (!document) return { status: 200, body: { errors: (errors ?? []).map(formatError) } };
      const caller = callerKey(identity);
      // The budget is charged after execution; report the state as it will be once this query's point is spent.
      const rate = () => {
        const state = ctx.budgets.peek(caller, 'graphql');
        return {
          cost: 1,
          limit: state.limit,
          nodeCount: 0,
          remaining: Math.max(0, state.remaining - 1),
          used: Math.min(state.limit, state.used + 1),
          resetAt: new Date(state.reset * 1000).toISOString(),
        };
      };
      const result = await execute({
        schema: githubSchema(),
        document,
        rootValue: rootValue(ctx, identity, rate),
        variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
        operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
      });
      const out: Record<string, unknown> = {};
      if (result.data !== undefined) out.data = result.data;
      if (result.errors?.length) out.errors = result.errors.map(formatError);
      return { status: 200, body: out };
    }),
  );
}
