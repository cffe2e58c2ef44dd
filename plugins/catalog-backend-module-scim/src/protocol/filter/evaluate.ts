import type { AttributePath } from '../base/attributePath';
import { isJsonObject, isUnassigned, readKey, type JsonObject, type JsonValue } from '../base/json';
import type { Filter } from './ast';
import { compareValue } from './compare';

/** Attributes compared case-sensitively (RFC 7643 `caseExact: true`): identifiers the service provider or client chose. */
const CASE_EXACT = new Set(['id', 'externalid', 'meta.version', 'meta.location']);

/** Whether `resource` (a User, a Group, or one value of a multi-valued attribute) matches `filter`. */
export function matchesFilter(resource: JsonObject, filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.filters.every(part => matchesFilter(resource, part));
    case 'or':
      return filter.filters.some(part => matchesFilter(resource, part));
    case 'not':
      return !matchesFilter(resource, filter.filter);
    case 'present':
      return presentValues(resource, filter.path).some(isPresent);
    case 'valuePath':
      return valuesOf(readAttribute(resource, filter.path)).some(value => matchesFilter(asComplex(value), filter.filter));
    case 'compare': {
      const caseExact = CASE_EXACT.has(pathKey(filter.path));
      const values = attributeValues(resource, filter.path);
      if (filter.operator === 'ne') return !values.some(value => compareValue(value, 'eq', filter.value, caseExact));
      const candidates = values.length === 0 ? [undefined] : values;
      return candidates.some(value => compareValue(value, filter.operator, filter.value, caseExact));
    }
  }
}

/** The attribute a path names, in the resource or in the extension object its schema URN names. */
export function readAttribute(resource: JsonObject, path: AttributePath): JsonValue | undefined {
  const extension = path.schema === undefined ? undefined : readKey(resource, path.schema);
  const container = isJsonObject(extension) ? extension : resource;
  return readKey(container, path.attribute);
}

/**
 * Every value a path reaches: a multi-valued attribute's values (a complex value counts as its `value` sub-attribute)
 * or a sub-attribute of each of them, so `emails.value eq "x"` matches when any email is x.
 */
function attributeValues(resource: JsonObject, path: AttributePath): JsonValue[] {
  const values = valuesOf(readAttribute(resource, path));
  const { subAttribute } = path;
  if (subAttribute === undefined) return values.map(value => (isJsonObject(value) ? (readKey(value, 'value') ?? null) : value));
  return values.flatMap(value => (isJsonObject(value) ? valuesOf(readKey(value, subAttribute)) : []));
}

/** The values `pr` looks at: for an attribute without a sub-attribute, complex values whole (`name pr`). */
function presentValues(resource: JsonObject, path: AttributePath): JsonValue[] {
  return path.subAttribute === undefined ? valuesOf(readAttribute(resource, path)) : attributeValues(resource, path);
}

function isPresent(value: JsonValue): boolean {
  if (isJsonObject(value)) return Object.values(value).some(isPresent);
  return !isUnassigned(value) && value !== '';
}

function valuesOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A simple multi-valued value (e.g. a string in `schemas`) is matched as `{ value }`, so `value eq "…"` reaches it. */
function asComplex(value: JsonValue): JsonObject {
  return isJsonObject(value) ? value : { value };
}

function pathKey(path: AttributePath): string {
  return (path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`).toLowerCase();
}
