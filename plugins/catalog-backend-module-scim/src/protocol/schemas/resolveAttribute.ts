import type { AttributePath } from '../base/attributePath';
import { sameUrn } from '../base/urns';
import type { AttributeDefinition } from './attributeDefinition';
import { commonAttributes } from './commonAttributes';
import type { ResourceTypeDefinition } from './resourceTypes';

/** Where an attribute path lands in a resource type: its definition and, for an extension attribute, the extension. */
export interface ResolvedAttribute {
  /** The extension's schema URN: its attributes live in the resource's object of that name. */
  extension?: string;
  definition: AttributeDefinition;
  subDefinition?: AttributeDefinition;
}

/** The definitions a path names in `type`, or undefined when the schema, attribute or sub-attribute is not one of its. */
export function resolveAttribute(type: ResourceTypeDefinition, path: AttributePath): ResolvedAttribute | undefined {
  const scope = scopeOf(type, path.schema);
  if (!scope) return undefined;
  const definition = definitionNamed(scope.attributes, path.attribute);
  if (!definition) return undefined;
  const extension = scope.extension === undefined ? {} : { extension: scope.extension };
  if (path.subAttribute === undefined) return { ...extension, definition };
  const subDefinition = definitionNamed(definition.subAttributes ?? [], path.subAttribute);
  return subDefinition ? { ...extension, definition, subDefinition } : undefined;
}

/** The extension of `type` a schema URN names, if it is one. */
export function extensionNamed(type: ResourceTypeDefinition, urn: string): string | undefined {
  return type.extensions.find(extension => sameUrn(extension.schema.id, urn))?.schema.id;
}

export function definitionNamed(definitions: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return definitions.find(definition => definition.name.toLowerCase() === lower);
}

function scopeOf(
  type: ResourceTypeDefinition,
  schema: string | undefined,
): { extension?: string; attributes: readonly AttributeDefinition[] } | undefined {
  if (schema === undefined || sameUrn(schema, type.schema.id)) return { attributes: [...commonAttributes, ...type.schema.attributes] };
  const extension = type.extensions.find(candidate => sameUrn(candidate.schema.id, schema));
  return extension ? { extension: extension.schema.id, attributes: extension.schema.attributes } : undefined;
}
