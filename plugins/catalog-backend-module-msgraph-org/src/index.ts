/**
 * Microsoft Entra ID (Microsoft Graph) org provider for the Backstage catalog,
 * on the shared org-sync engine; a drop-in for `@backstage/plugin-catalog-backend-module-msgraph`.
 *
 * @packageDocumentation
 */
export { catalogModuleMsGraphOrg as default } from './module';
export {
  microsoftGraphOrgEntityProviderTransformExtensionPoint,
  type MicrosoftGraphOrgEntityProviderTransformsExtensionPoint,
} from './extensionPoint';
export { createMsGraphOrgEntityProviders, type CreateMsGraphOrgEntityProvidersOptions, type MsGraphTransformerSettings } from './createMsGraphOrgEntityProviders';
export { readMicrosoftGraphProviderConfig, type MicrosoftGraphProviderConfig } from './config';
export { MsGraphOrgSource, type MsGraphOrgSourceOptions } from './source/MsGraphOrgSource';
export type { MsGraphRawGroup } from './source/toRecords';
export {
  MICROSOFT_EMAIL_ANNOTATION,
  MICROSOFT_GRAPH_TENANT_ID_ANNOTATION,
  MICROSOFT_GRAPH_GROUP_ID_ANNOTATION,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
} from './annotations';
export { normalizeEntityName } from './transform/normalizeEntityName';
export { defaultGroupTransformer, defaultOrganizationTransformer, defaultUserTransformer } from './transform/defaultTransformers';
export type { GroupTransformer, OrganizationTransformer, ProviderConfigTransformer, UserTransformer } from './transform/types';
export { MSGRAPH_DEFAULT_NAMING, msgraphGroupNamingStrategies, msgraphUserNamingStrategies } from './defaults';
