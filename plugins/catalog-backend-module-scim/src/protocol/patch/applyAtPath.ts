import { quoted, ScimError } from '../base/errors';
import { findKey, isJsonObject, type JsonObject, type JsonValue } from '../base/json';
import type { AttributeDefinition } from '../schemas/attributeDefinition';
import { definitionNamed, resolveAttribute, type ResolvedAttribute } from '../schemas/resolveAttribute';
import type { ResourceTypeDefinition } from '../schemas/resourceTypes';
import { applyToAttribute, applyToMatches, applyToSubAttribute, type Target } from './applyAtTarget';
import { coerceValue } from '../schemas/coerceValue';
import { formatPatchPath, invalidPath, type PatchPath } from './patchPath';
import type { PatchOperation } from './patchRequest';

/** One operation at one path of `resource` (changed in place), after checking the path and value against the schema. */
export function applyAtPath(
  resource: JsonObject,
  op: PatchOperation['op'],
  path: PatchPath,
  value: JsonValue | undefined,
  type: ResourceTypeDefinition,
): void {
  const resolved = resolveAttribute(type, path.attribute);
  if (!resolved) throw invalidPath(`${quoted(formatPatchPath(path))} is not an attribute of a ${type.name}`);
  const leaf = leafDefinition(resolved, path);
  checkShape(resolved.definition, path);
  checkMutability(resolved.definition, leaf, op, path);
  // A password is accepted and not kept: the catalog has no use for one, and a secret not stored cannot leak.
  if (resolved.definition.mutability === 'writeOnly') return;
  const container = containerOf(resource, resolved.extension, op !== 'remove');
  if (!container) return;
  const target: Target = { container, definition: resolved.definition };
  const coerced = value === undefined ? undefined : coerceValue(leaf, value, path.valueFilter !== undefined && leaf === resolved.definition);
  if (path.valueFilter) return applyToMatches(target, op, path.valueFilter, leaf === resolved.definition ? undefined : leaf.name, coerced);
  if (resolved.subDefinition) return applyToSubAttribute(target, op, resolved.subDefinition.name, coerced);
  applyToAttribute(target, op, coerced);
}

/** The definition the operation's value is for: the attribute, or the sub-attribute the path ends in. */
function leafDefinition(resolved: ResolvedAttribute, path: PatchPath): AttributeDefinition {
  if (path.valueSubAttribute === undefined) return resolved.subDefinition ?? resolved.definition;
  const sub = definitionNamed(resolved.definition.subAttributes ?? [], path.valueSubAttribute);
  if (!sub) throw invalidPath(`${resolved.definition.name} has no sub-attribute ${quoted(path.valueSubAttribute)}`);
  return sub;
}

function checkShape(definition: AttributeDefinition, path: PatchPath): void {
  if (path.valueFilter && !definition.multiValued) throw invalidPath(`${definition.name} is not multi-valued: it takes no value filter`);
  if (path.attribute.subAttribute !== undefined && definition.multiValued) {
    throw invalidPath(`${definition.name} is multi-valued: select its values with a filter, e.g. ${definition.name}[type eq "work"]`);
  }
}

/** RFC 7643 §2.2: read-only attributes (id, meta, a user's groups) never change; immutable ones are only ever added. */
function checkMutability(definition: AttributeDefinition, leaf: AttributeDefinition, op: PatchOperation['op'], path: PatchPath): void {
  if (definition.mutability === 'readOnly' || leaf.mutability === 'readOnly') {
    throw ScimError.badRequest('mutability', `${formatPatchPath(path)} is read-only`);
  }
  if (leaf !== definition && leaf.mutability === 'immutable' && op !== 'add') {
    throw ScimError.badRequest('mutability', `${formatPatchPath(path)} is immutable`);
  }
}

/** The resource itself, or the extension object an extension attribute lives in (created, and listed in `schemas`). */
function containerOf(resource: JsonObject, extension: string | undefined, create: boolean): JsonObject | undefined {
  if (extension === undefined) return resource;
  const key = findKey(resource, extension);
  const existing = key === undefined ? undefined : resource[key];
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const created: JsonObject = {};
  resource[extension] = created;
  const schemas = Array.isArray(resource.schemas) ? resource.schemas : [];
  resource.schemas = [...schemas, extension];
  return created;
}
