import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from '../core';
import { managementEndpoint, type OktaContext } from './endpoint';
import { oktaErrors } from './errors';
import { evaluateFilter, FilterSyntaxError, parseAllowedFilter, type FilterPolicy } from './filter';
import type { LogQuery } from './systemLog';

const LOGS_SCOPE = 'okta.logs.read';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DEFAULT_LOOKBACK_MS = 7 * 24 * 3600_000;

/** Attributes `filter` may compare (a subset of Okta's; `eq`, `sw`, `co` and the combinators). */
const logFilterPolicy: FilterPolicy = (attribute, operator) =>
  ['eventType', 'legacyEventType', 'uuid', 'severity', 'outcome.result', 'actor.id', 'actor.alternateId', 'transaction.id', 'displayMessage'].includes(
    attribute,
  ) && ['eq', 'ne', 'sw', 'co'].includes(operator);

/** `GET /api/v1/logs`: the System Log, bounded or polling. */
export function installLogRoutes(server: EmulatorServer, ctx: OktaContext): void {
  server.route('GET', '/api/v1/logs', managementEndpoint(ctx, 'logs', LOGS_SCOPE, req => listLogs(ctx, req)));
}

function listLogs(ctx: OktaContext, req: EmulatorRequest): EmulatorResponse {
  const query = parseQuery(req);
  if ('error' in query) return query.error;
  const page = ctx.log.page(query);
  const links = [`<${req.url.href}>; rel="self"`];
  if (page.nextSeq !== undefined) {
    const next = new URL(req.url.href);
    next.searchParams.delete('after');
    next.searchParams.set('after', logCursor(page.nextSeq, query.descending));
    links.push(`<${next.href}>; rel="next"`);
  }
  return { status: 200, headers: { link: links }, body: page.items };
}

function parseQuery(req: EmulatorRequest): LogQuery | { error: EmulatorResponse } {
  const params = req.url.searchParams;
  const since = parseTime(params.get('since'), 'since');
  if (typeof since === 'object') return since;
  const until = parseTime(params.get('until'), 'until');
  if (typeof until === 'object') return until;
  const sortOrder = (params.get('sortOrder') ?? 'ASCENDING').toUpperCase();
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
    return { error: oktaErrors.validation(`sortOrder: must be ASCENDING or DESCENDING`) };
  }
  const descending = sortOrder === 'DESCENDING';
  const rawLimit = params.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0) return { error: oktaErrors.validation(`limit: must be a whole number from 0 to ${MAX_LIMIT}`) };
  let afterSeq: number | undefined;
  const after = params.get('after');
  if (after) {
    const match = /^([ad])(\d+)$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
    if (!match || (match[1] === 'd') !== descending) return { error: oktaErrors.validation('after: invalid cursor') };
    afterSeq = Number(match[2]);
  }
  let predicate: LogQuery['predicate'] = () => true;
  const filter = params.get('filter');
  if (filter) {
    try {
      const expression = parseAllowedFilter(filter, logFilterPolicy);
      predicate = event => evaluateFilter(expression, event);
    } catch (error) {
      if (error instanceof FilterSyntaxError) return { error: oktaErrors.invalidSearch(error.message) };
      throw error;
    }
  }
  const sinceMs = since ?? Date.now() - DEFAULT_LOOKBACK_MS;
  if (until !== undefined && until < sinceMs) return { error: oktaErrors.validation('until: must not be before since') };
  return { sinceMs, untilMs: until, afterSeq, limit: Math.min(limit, MAX_LIMIT), descending, predicate };
}

/** An ISO 8601 instant, as milliseconds; undefined when absent. */
function parseTime(value: string | null, name: string): number | undefined | { error: EmulatorResponse } {
  if (value === null || value === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return { error: oktaErrors.validation(`${name}: "${value}" is not an ISO 8601 timestamp`) };
  return ms;
}

function logCursor(seq: number, descending: boolean): string {
  return Buffer.from(`${descending ? 'd' : 'a'}${seq}`, 'utf8').toString('base64url');
}
