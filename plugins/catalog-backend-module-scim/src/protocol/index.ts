// The SCIM 2.0 protocol core (RFC 7643 / 7644): pure functions over JSON resources, independent of the engine.
export { formatAttributePath, parseAttributePath, type AttributePath } from './attributePath';
export { ScimError, type ScimErrorBody, type ScimErrorType } from './errors';
export { isJsonObject, type JsonObject, type JsonValue } from './json';
export type { CompareOperator, CompareValue, Filter } from './filter/ast';
export { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from './filter/parser';
export { matchesFilter, readAttribute } from './filter/evaluate';
export { applyPatch } from './patch/applyPatch';
export { MAX_PATCH_OPERATIONS, MAX_PATCH_VALUES, parsePatchRequest, type PatchOperation } from './patch/patchRequest';
export type { PatchPath } from './patch/patchPath';
export { parseAttributeList, projectResource, type ProjectedPath, type Projection } from './projection';
export { MAX_RESULTS, parseListQuery, parseProjection, type ListQuery } from './listQuery';
export { listResponse, type ListResponse } from './listResponse';
export { serviceProviderConfig, type ServiceProviderConfig, type ServiceProviderOptions } from './discovery/serviceProviderConfig';
export { findResourceTypeDocument, resourceTypeDocument, resourceTypesList, type ResourceTypeDocument } from './discovery/resourceTypeDocuments';
export { findSchemaDocument, schemaDocument, schemasList, type SchemaDocument } from './discovery/schemaDocuments';
export type { AttributeDefinition, SchemaDefinition } from './schemas/attributeDefinition';
export { groupResourceType, resourceTypes, schemas, userResourceType, type ResourceTypeDefinition } from './schemas/resourceTypes';
export * from './urns';
