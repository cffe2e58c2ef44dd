import { knownSchemaNamed, parseAttributePath } from '../base/attributePath';
import { ScimError } from '../base/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../base/json';
import type { AttributeDefinition } from '../schemas/attributeDefinition';
import { commonAttributes } from '../schemas/commonAttributes';
import { definitionNamed, extensionNamed } from '../schemas/resolveAttribute';
import type { ResourceTypeDefinition } from '../schemas/resourceTypes';
import { sameUrn } from '../base/urns';

/** An entry of `attributes` / `excludedAttributes`: an attribute, a sub-attribute, or a whole extension (no attribute). */
export interface ProjectedPath {
  schema?: string;
  attribute?: string;
  subAttribute?: string;
}

/** What a response shows of a resource (RFC 7644 §3.9). */
export interface Projection {
  attributes?: ProjectedPath[];
  excludedAttributes?: ProjectedPath[];
}

/** `id` is returned always (RFC 7643 §3.1), and `schemas` too: a resource without it does not say what it is. */
const ALWAYS_RETURNED = new Set(['id', 'schemas']);

/** Parses a comma-separated attribute list of a query; a malformed entry is a 400 `invalidValue`. */
export function parseAttributeList(text: string): ProjectedPath[] {
  const invalid = (detail: string) => ScimError.badRequest('invalidValue', detail);
  return text
    .split(',')
    .map(entry => entry.trim())
    .filter(entry => entry.length > 0)
    .map(entry => {
      const schema = knownSchemaNamed(entry);
      return schema ? { schema } : parseAttributePath(entry, invalid);
    });
}

/**
 * `resource` as a response shows it: never-returned attributes (`password`) left out, then only `attributes` if given,
 * then without `excludedAttributes`; `id` and `schemas` stay whatever is asked.
 */
export function projectResource(resource: JsonObject, projection: Projection, type: ResourceTypeDefinition): JsonObject {
  return shownEntries(resource, (key, value) => {
    if (ALWAYS_RETURNED.has(key.toLowerCase())) return value;
    const extension = extensionNamed(type, key);
    return extension === undefined ? projectCoreAttribute(key, value, projection, type) : projectExtension(extension, value, projection, type);
  });
}

/** The entries `show` keeps, built with `Object.fromEntries` so no key (not even `__proto__`) is an assignment. */
function shownEntries(object: JsonObject, show: (key: string, value: JsonValue) => JsonValue | undefined): JsonObject {
  return Object.fromEntries(
    Object.entries(object).flatMap(([key, value]) => {
      const shown = show(key, value);
      return shown === undefined ? [] : [[key, shown]];
    }),
  );
}

function projectCoreAttribute(key: string, value: JsonValue, projection: Projection, type: ResourceTypeDefinition): JsonValue | undefined {
  const inCore = (path: ProjectedPath) => path.schema === undefined || sameUrn(path.schema, type.schema.id);
  const definition = definitionNamed([...commonAttributes, ...type.schema.attributes], key);
  return projectAttribute(key, value, definition, selectPaths(projection, inCore));
}

function projectExtension(extension: string, value: JsonValue, projection: Projection, type: ResourceTypeDefinition): JsonValue | undefined {
  if (!isJsonObject(value)) return undefined;
  const inExtension = (path: ProjectedPath) => path.schema !== undefined && sameUrn(path.schema, extension);
  const whole = (paths: ProjectedPath[] | undefined) => paths?.some(path => inExtension(path) && path.attribute === undefined) ?? false;
  if (whole(projection.excludedAttributes)) return undefined;
  const paths = selectPaths(projection, inExtension);
  if (whole(projection.attributes)) delete paths.attributes;
  const attributes = type.extensions.find(candidate => sameUrn(candidate.schema.id, extension))?.schema.attributes ?? [];
  const shown = shownEntries(value, (key, inner) => projectAttribute(key, inner, definitionNamed(attributes, key), paths));
  return Object.keys(shown).length > 0 ? shown : undefined;
}

function selectPaths(projection: Projection, keep: (path: ProjectedPath) => boolean): Projection {
  return {
    ...(projection.attributes ? { attributes: projection.attributes.filter(keep) } : {}),
    ...(projection.excludedAttributes ? { excludedAttributes: projection.excludedAttributes.filter(keep) } : {}),
  };
}

/** One attribute (`key` of its container) under the projection's paths that fall in that container. */
function projectAttribute(key: string, value: JsonValue, definition: AttributeDefinition | undefined, paths: Projection): JsonValue | undefined {
  if (definition?.returned === 'never') return undefined;
  const named = (list: ProjectedPath[]) => list.filter(path => path.attribute?.toLowerCase() === key.toLowerCase());
  let shown: JsonValue | undefined = value;
  if (paths.attributes) {
    const requested = named(paths.attributes);
    if (requested.length === 0) return undefined;
    if (requested.every(path => path.subAttribute !== undefined)) shown = keepSubAttributes(value, subAttributesOf(requested), true);
  }
  if (paths.excludedAttributes) {
    const excluded = named(paths.excludedAttributes);
    if (excluded.some(path => path.subAttribute === undefined)) return undefined;
    if (excluded.length > 0) shown = keepSubAttributes(shown, subAttributesOf(excluded), false);
  }
  return shown;
}

function subAttributesOf(paths: ProjectedPath[]): Set<string> {
  return new Set(paths.map(path => (path.subAttribute ?? '').toLowerCase()));
}

/** A complex value (or each value of a multi-valued one) with only (`keep`) or without (`!keep`) the named sub-attributes. */
function keepSubAttributes(value: JsonValue, names: Set<string>, keep: boolean): JsonValue {
  if (Array.isArray(value)) return value.map(item => keepSubAttributes(item, names, keep));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([name]) => names.has(name.toLowerCase()) === keep));
}
