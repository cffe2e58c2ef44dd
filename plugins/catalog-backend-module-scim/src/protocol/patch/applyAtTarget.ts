import { ScimError } from '../base/errors';
import { filterPredicate } from '../filter/evaluate';
import type { Filter } from '../filter/ast';
import { findKey, isJsonObject, isUnassigned, type JsonObject, type JsonValue } from '../base/json';
import type { AttributeDefinition } from '../schemas/attributeDefinition';
import { elementFromFilter } from './elementFromFilter';
import { mergeObject, unionValues, withoutNulls, withoutValues } from './multiValues';
import type { PatchOperation } from './patchRequest';

/** One attribute of a resource (or of its extension object) an operation changes. */
export interface Target {
  container: JsonObject;
  definition: AttributeDefinition;
}

type Op = PatchOperation['op'];

/** add / replace / remove on a whole attribute (RFC 7644 §3.5.2.1–3); `value` is already coerced. */
export function applyToAttribute(target: Target, op: Op, value: JsonValue | undefined): void {
  const { definition } = target;
  const current = read(target);
  if (op === 'remove') {
    if (definition.multiValued && value !== undefined && value !== null) return write(target, withoutValues(listOf(current), listOf(value)));
    return write(target, undefined);
  }
  if (isUnassigned(value ?? null)) return op === 'replace' ? write(target, undefined) : undefined;
  if (definition.multiValued) return write(target, unionValues(op === 'add' ? listOf(current) : [], listOf(value ?? null)));
  if (isJsonObject(value)) return write(target, mergeObject(isJsonObject(current) ? current : {}, value));
  write(target, value);
}

/** add / replace / remove on one sub-attribute of a single complex attribute, e.g. `name.familyName`. */
export function applyToSubAttribute(target: Target, op: Op, subAttribute: string, value: JsonValue | undefined): void {
  const current = read(target);
  const changes = { [subAttribute]: op === 'remove' || value === undefined ? null : value };
  write(target, mergeObject(isJsonObject(current) ? current : {}, changes));
}

/**
 * An operation on the values a filter selects, e.g. `members[value eq "…"]` or `emails[type eq "work"].value`.
 * `add` with no match creates the value the filter describes (Entra ID adds a work email that way); `replace` with no
 * match is a 400 `noTarget` (RFC 7644 §3.5.2.3); `remove` with no match changes nothing.
 */
export function applyToMatches(target: Target, op: Op, filter: Filter, subAttribute: string | undefined, value: JsonValue | undefined): void {
  const values = listOf(read(target));
  const matches = filterPredicate(filter);
  const matched = new Set(values.filter(item => matches(isJsonObject(item) ? item : { value: item })));
  if (op === 'remove' && subAttribute === undefined) return write(target, values.filter(item => !matched.has(item)));
  const change = (item: JsonValue): JsonValue => changeValue(item, subAttribute, op === 'remove' ? null : (value ?? null));
  if (matched.size > 0 || op === 'remove') return write(target, values.map(item => (matched.has(item) ? change(item) : item)));
  if (op === 'replace') throw ScimError.badRequest('noTarget', `no value of ${target.definition.name} matches the filter`);
  write(target, unionValues(values, [change(elementFromFilter(filter, target.definition))]));
}

function changeValue(item: JsonValue, subAttribute: string | undefined, value: JsonValue): JsonValue {
  const existing = isJsonObject(item) ? item : { value: item };
  if (subAttribute !== undefined) return mergeObject(existing, { [subAttribute]: value });
  if (!isJsonObject(value)) throw ScimError.badRequest('invalidValue', 'a filtered path without a sub-attribute takes an object');
  return mergeObject(existing, value);
}

function read(target: Target): JsonValue | undefined {
  const key = findKey(target.container, target.definition.name);
  return key === undefined ? undefined : target.container[key];
}

/** Stores under the schema's spelling of the name; an unassigned value (RFC 7644 §3.5.2) removes the attribute. */
function write(target: Target, value: JsonValue | undefined): void {
  const key = findKey(target.container, target.definition.name);
  if (key !== undefined) delete target.container[key];
  if (value === undefined || isUnassigned(value)) return;
  if (isJsonObject(value) && Object.keys(withoutNulls(value)).length === 0) return;
  target.container[target.definition.name] = value;
}

function listOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
