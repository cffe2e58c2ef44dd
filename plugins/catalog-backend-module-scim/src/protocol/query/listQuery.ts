import { ScimError } from '../base/errors';
import type { Filter } from '../filter/ast';
import { parseFilter } from '../filter/parser';
import { parseAttributeList, type Projection } from './projection';

/** At most this many resources in one list response (the ServiceProviderConfig's `filter.maxResults`). */
export const MAX_RESULTS = 1000;

/** The query of `GET /Users` or `GET /Groups` (RFC 7644 §3.4.2). */
export interface ListQuery {
  filter?: Filter;
  /** 1-based, as SCIM counts. */
  startIndex: number;
  count: number;
  projection: Projection;
}

const invalidValue = (detail: string) => ScimError.badRequest('invalidValue', detail);

/**
 * Reads the query parameters (names in any case). `startIndex` below 1 counts as 1 and a negative `count` as 0
 * (RFC 7644 §3.4.2.4); `count` is capped at `maxResults`, which is also the page size when none is asked for.
 */
export function parseListQuery(parameters: Readonly<Record<string, unknown>>, maxResults = MAX_RESULTS): ListQuery {
  const filter = parameter(parameters, 'filter');
  const attributes = parameter(parameters, 'attributes');
  const excludedAttributes = parameter(parameters, 'excludedAttributes');
  return {
    ...(filter === undefined ? {} : { filter: parseFilter(filter) }),
    startIndex: Math.max(1, integerParameter(parameters, 'startIndex') ?? 1),
    count: Math.min(maxResults, Math.max(0, integerParameter(parameters, 'count') ?? maxResults)),
    projection: projectionOf(attributes, excludedAttributes),
  };
}

/** The `attributes` / `excludedAttributes` parameters alone, as `GET /Users/{id}` takes them. */
export function parseProjection(parameters: Readonly<Record<string, unknown>>): Projection {
  return projectionOf(parameter(parameters, 'attributes'), parameter(parameters, 'excludedAttributes'));
}

function projectionOf(attributes: string | undefined, excludedAttributes: string | undefined): Projection {
  return {
    ...(attributes === undefined ? {} : { attributes: parseAttributeList(attributes) }),
    ...(excludedAttributes === undefined ? {} : { excludedAttributes: parseAttributeList(excludedAttributes) }),
  };
}

function parameter(parameters: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(parameters).find(candidate => candidate.toLowerCase() === lower);
  const value = key === undefined ? undefined : parameters[key];
  if (value === undefined || typeof value === 'string') return value;
  throw invalidValue(`${name} is given once, as text`);
}

function integerParameter(parameters: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const text = parameter(parameters, name);
  if (text === undefined) return undefined;
  if (!/^\s*-?\d{1,15}\s*$/.test(text)) throw invalidValue(`${name} is an integer`);
  return Number(text);
}
