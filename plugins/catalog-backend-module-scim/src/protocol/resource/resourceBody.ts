import { quoted, ScimError } from '../base/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../base/json';
import { coerceValue } from '../schemas/coerceValue';
import type { AttributeDefinition } from '../schemas/attributeDefinition';
import { commonAttributes } from '../schemas/commonAttributes';
import { definitionNamed, extensionNamed } from '../schemas/resolveAttribute';
import type { ResourceTypeDefinition } from '../schemas/resourceTypes';
import { sameUrn } from '../base/urns';

const invalidSyntax = (detail: string) => ScimError.badRequest('invalidSyntax', detail);

/**
 * A POST or PUT body (RFC 7644 §3.3, §3.5.1) as the resource to store, before the service provider adds `id` and
 * `meta`: every attribute checked and shaped against the schema as PATCH values are (`"False"` → false, sub-attribute
 * names in the schema's spelling), read-only attributes the client sends (`id`, `meta`, a user's `groups`, as Okta
 * sends `"groups": []`) ignored (RFC 7643 §2.2), a `password` accepted but not kept (the catalog has no use for one,
 * and a secret not stored cannot leak), `schemas` rebuilt from what the resource holds — so a URN the
 * provider does not know (Entra ID lists a Microsoft one for groups) is dropped. An attribute or extension the schema
 * does not have is a 400 `invalidSyntax`, a value of the wrong type a 400 `invalidValue`, and so is a missing
 * required attribute (`userName`, a group's `displayName`).
 */
export function readResourceBody(body: unknown, type: ResourceTypeDefinition): JsonObject {
  if (!isJsonObject(body)) throw invalidSyntax(`a ${type.name} is a JSON object`);
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some(schema => typeof schema === 'string' && sameUrn(schema, type.schema.id))) {
    throw invalidSyntax(`a ${type.name}'s schemas lists ${type.schema.id}`);
  }
  const resource: JsonObject = { schemas: [type.schema.id] };
  for (const [key, value] of Object.entries(body)) {
    if (key === 'schemas' || value === null) continue;
    const extension = extensionNamed(type, key);
    if (extension) addExtension(resource, extension, value, type);
    else addAttribute(resource, [...commonAttributes, ...type.schema.attributes], key, value, type.name);
  }
  for (const definition of type.schema.attributes.filter(candidate => candidate.required)) {
    if (typeof resource[definition.name] !== 'string' || resource[definition.name] === '') {
      throw ScimError.badRequest('invalidValue', `a ${type.name} needs a ${definition.name}`);
    }
  }
  return resource;
}

function addExtension(resource: JsonObject, extension: string, value: JsonValue, type: ResourceTypeDefinition): void {
  if (!isJsonObject(value)) throw ScimError.badRequest('invalidValue', `${extension} takes an object of attributes`);
  const attributes = type.extensions.find(candidate => sameUrn(candidate.schema.id, extension))?.schema.attributes ?? [];
  const shaped: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null) addAttribute(shaped, attributes, key, inner, extension);
  }
  if (Object.keys(shaped).length === 0) return;
  resource[extension] = shaped;
  resource.schemas = [type.schema.id, extension];
}

function addAttribute(container: JsonObject, definitions: readonly AttributeDefinition[], key: string, value: JsonValue, owner: string): void {
  const definition = definitionNamed(definitions, key);
  if (!definition) throw invalidSyntax(`${owner} has no attribute ${quoted(key)}`);
  if (definition.mutability === 'readOnly' || definition.mutability === 'writeOnly') return;
  const shaped = coerceValue(definition, value);
  if (Array.isArray(shaped) && shaped.length === 0) return;
  container[definition.name] = shaped;
}
