import type { AttributePath } from '../base/attributePath';
import { isJsonObject, isUnassigned, readKey, type JsonObject, type JsonValue } from '../base/json';
import type { CompareFilter, Filter } from './ast';
import { comparison } from './compare';

/** Attributes compared case-sensitively (RFC 7643 `caseExact: true`): identifiers the service provider or client chose. */
const CASE_EXACT = new Set(['id', 'externalid', 'meta.version', 'meta.location']);

/** Whether a resource (a User, a Group, or one value of a multi-valued attribute) matches a filter. */
export type ResourcePredicate = (resource: JsonObject) => boolean;

/** A filter prepared once to test many resources (a list, or the members a PATCH path selects). */
export function filterPredicate(filter: Filter): ResourcePredicate {
  switch (filter.kind) {
    case 'and': {
      const parts = filter.filters.map(filterPredicate);
      return resource => parts.every(part => part(resource));
    }
    case 'or': {
      const parts = filter.filters.map(filterPredicate);
      return resource => parts.some(part => part(resource));
    }
    case 'not': {
      const inner = filterPredicate(filter.filter);
      return resource => !inner(resource);
    }
    case 'present':
      return resource => presentValues(resource, filter.path).some(isPresent);
    case 'valuePath': {
      const inner = filterPredicate(filter.filter);
      return resource => valuesOf(readAttribute(resource, filter.path)).some(value => inner(asComplex(value)));
    }
    case 'compare':
      return comparePredicate(filter);
  }
}

export function matchesFilter(resource: JsonObject, filter: Filter): boolean {
  return filterPredicate(filter)(resource);
}

/** A multi-valued attribute matches when any value does; `ne` when none equals, an unassigned attribute included. */
function comparePredicate(filter: CompareFilter): ResourcePredicate {
  const caseExact = CASE_EXACT.has(pathKey(filter.path));
  if (filter.operator === 'ne') {
    const equals = comparison('eq', filter.value, caseExact);
    return resource => !attributeValues(resource, filter.path).some(equals);
  }
  const test = comparison(filter.operator, filter.value, caseExact);
  return resource => {
    const values = attributeValues(resource, filter.path);
    return values.length === 0 ? test(undefined) : values.some(test);
  };
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
