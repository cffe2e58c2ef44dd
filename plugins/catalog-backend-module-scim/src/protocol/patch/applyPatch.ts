import { parseAttributePath } from '../base/attributePath';
import { ScimError } from '../base/errors';
import { readAttribute } from '../filter/evaluate';
import { findKey, isJsonObject, isUnassigned, jsonEquals, readKey, type JsonObject, type JsonValue } from '../base/json';
import { extensionNamed, resolveAttribute } from '../schemas/resolveAttribute';
import type { ResourceTypeDefinition } from '../schemas/resourceTypes';
import { applyAtPath } from './applyAtPath';
import { invalidPath, parsePatchPath, type PatchPath } from './patchPath';
import type { PatchOperation } from './patchRequest';

/**
 * `resource` after `operations` (RFC 7644 §3.5.2), applied in order to a copy: the first failing operation throws
 * its ScimError and the caller's resource is left as it was. Setting `meta.lastModified` is the caller's job.
 */
export function applyPatch(resource: JsonObject, operations: readonly PatchOperation[], type: ResourceTypeDefinition): JsonObject {
  const result = structuredClone(resource);
  for (const operation of operations) applyOperation(result, operation, type);
  dropEmptyExtensions(result, type);
  checkRequiredAttributes(result, type);
  return result;
}

/** RFC 7644 §3.5.2.2: a required attribute (`userName`, a group's `displayName`) left unassigned is a `mutability` error. */
function checkRequiredAttributes(resource: JsonObject, type: ResourceTypeDefinition): void {
  for (const definition of type.schema.attributes.filter(candidate => candidate.required)) {
    const value = readKey(resource, definition.name);
    if (isUnassigned(value) || value === '') throw ScimError.badRequest('mutability', `${definition.name} is required`);
  }
}

function applyOperation(resource: JsonObject, operation: PatchOperation, type: ResourceTypeDefinition): void {
  if (operation.path) return applyAtPath(resource, operation.op, operation.path, operation.value, type);
  if (operation.op === 'remove') throw ScimError.badRequest('noTarget', 'a remove operation needs a path');
  if (!isJsonObject(operation.value)) throw ScimError.badRequest('invalidValue', `${operation.op} without a path takes an object of attributes`);
  for (const [key, value] of Object.entries(operation.value)) applyAttributeOfValue(resource, operation.op, key, value, type);
}

/**
 * One attribute of a no-path operation's value, e.g. Okta's `{"op":"replace","value":{"active":false}}`. A key may be
 * a path (`name.givenName`, `emails[type eq "work"].value`) or an extension's URN holding its attributes. Read-only
 * attributes sent back unchanged (Okta repeats a group's `id`) are skipped; `schemas` is the service provider's.
 */
function applyAttributeOfValue(resource: JsonObject, op: 'add' | 'replace', key: string, value: JsonValue, type: ResourceTypeDefinition): void {
  if (key.toLowerCase() === 'schemas') return;
  const extension = extensionNamed(type, key);
  if (extension) {
    if (!isJsonObject(value)) throw ScimError.badRequest('invalidValue', `${extension} takes an object of attributes`);
    for (const [name, inner] of Object.entries(value)) {
      applyAtPath(resource, op, { attribute: parseAttributePath(`${extension}:${name}`, invalidPath) }, inner, type);
    }
    return;
  }
  const path = parsePatchPath(key);
  if (isUnchangedReadOnly(resource, path, value, type)) return;
  applyAtPath(resource, op, path, value, type);
}

function isUnchangedReadOnly(resource: JsonObject, path: PatchPath, value: JsonValue, type: ResourceTypeDefinition): boolean {
  const resolved = resolveAttribute(type, path.attribute);
  if (path.valueFilter || resolved?.definition.mutability !== 'readOnly') return false;
  const current = readAttribute(resource, path.attribute);
  const { subAttribute } = path.attribute;
  const existing = subAttribute === undefined || !isJsonObject(current) ? current : readKey(current, subAttribute);
  return jsonEquals(existing, value);
}

/** An extension object left with no attributes is removed, and its URN with it from `schemas`. */
function dropEmptyExtensions(resource: JsonObject, type: ResourceTypeDefinition): void {
  for (const { schema } of type.extensions) {
    const key = findKey(resource, schema.id);
    const extension = key === undefined ? undefined : resource[key];
    if (key === undefined || (isJsonObject(extension) && Object.keys(extension).length > 0)) continue;
    delete resource[key];
    const schemas = resource.schemas;
    if (Array.isArray(schemas)) resource.schemas = schemas.filter(urn => typeof urn !== 'string' || urn.toLowerCase() !== schema.id.toLowerCase());
  }
}
