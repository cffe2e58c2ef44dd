/**
 * Catalog backend module: a SCIM 2.0 service provider that identity providers push users and groups to.
 *
 * @packageDocumentation
 */
import { catalogModuleScimOrg } from './module';

export default catalogModuleScimOrg;
export { catalogModuleScimOrg };
export * from './extensionPoint';
export { CONFIG_ROOT, DEFAULT_REQUESTS_PER_MINUTE, MIN_TOKEN_LENGTH, readScimProviderConfig, type ScimProviderConfig } from './config';
export { createScimOrgEntityProviders, type CreateScimOrgEntityProvidersOptions } from './createScimOrgEntityProviders';
export { DEFAULT_GROUP_NAMING, DEFAULT_GROUP_TYPE, DEFAULT_USER_NAMING, SCIM_IDP } from './defaults';
export type { JsonObject, JsonValue } from './protocol';
export { ANNOTATION_SCIM_EXTERNAL_ID, ANNOTATION_SCIM_ID, ANNOTATION_SCIM_USER_NAME } from './annotations';
