import { listResponse, type ListResponse } from '../query/listResponse';
import type { AttributeDefinition, SchemaDefinition } from '../schemas/attributeDefinition';
import { schemas } from '../schemas/resourceTypes';
import { SCHEMA_SCHEMA, sameUrn } from '../base/urns';
import { trimSlash } from './serviceProviderConfig';

/** A Schema resource (RFC 7643 §7). */
export interface SchemaDocument {
  schemas: [typeof SCHEMA_SCHEMA];
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
  meta: { resourceType: 'Schema'; location: string };
}

export function schemaDocument(schema: SchemaDefinition, baseUrl: string): SchemaDocument {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes,
    meta: { resourceType: 'Schema', location: `${trimSlash(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** `GET /Schemas`: User, Group and EnterpriseUser, as a ListResponse (RFC 7644 §4). */
export function schemasList(baseUrl: string): ListResponse<SchemaDocument> {
  return listResponse(schemas, { startIndex: 1, count: schemas.length }, schema => schemaDocument(schema, baseUrl));
}

/** `GET /Schemas/{urn}`, or undefined (a 404) for a URN that is none of them. */
export function findSchemaDocument(id: string, baseUrl: string): SchemaDocument | undefined {
  const schema = schemas.find(candidate => sameUrn(candidate.id, id));
  return schema ? schemaDocument(schema, baseUrl) : undefined;
}
