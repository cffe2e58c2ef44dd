import { listResponse, type ListResponse } from '../query/listResponse';
import { resourceTypes, type ResourceTypeDefinition } from '../schemas/resourceTypes';
import { RESOURCE_TYPE_SCHEMA } from '../base/urns';
import { trimSlash } from './serviceProviderConfig';

/** A ResourceType resource (RFC 7643 §6). */
export interface ResourceTypeDocument {
  schemas: [typeof RESOURCE_TYPE_SCHEMA];
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions: Array<{ schema: string; required: boolean }>;
  meta: { resourceType: 'ResourceType'; location: string };
}

export function resourceTypeDocument(type: ResourceTypeDefinition, baseUrl: string): ResourceTypeDocument {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: type.name,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema.id,
    schemaExtensions: type.extensions.map(extension => ({ schema: extension.schema.id, required: extension.required })),
    meta: { resourceType: 'ResourceType', location: `${trimSlash(baseUrl)}/ResourceTypes/${type.name}` },
  };
}

/** `GET /ResourceTypes`: every resource type, as a ListResponse (RFC 7644 §4). */
export function resourceTypesList(baseUrl: string): ListResponse<ResourceTypeDocument> {
  return listResponse(resourceTypes, { startIndex: 1, count: resourceTypes.length }, type => resourceTypeDocument(type, baseUrl));
}

/** `GET /ResourceTypes/{name}`, or undefined (a 404) for a name that is none. */
export function findResourceTypeDocument(name: string, baseUrl: string): ResourceTypeDocument | undefined {
  const type = resourceTypes.find(candidate => candidate.name.toLowerCase() === name.toLowerCase());
  return type ? resourceTypeDocument(type, baseUrl) : undefined;
}
