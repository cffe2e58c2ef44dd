/**
 * Catalog backend module: Okta users and groups as User and Group entities.
 *
 * @packageDocumentation
 */
import { catalogModuleOktaOrg } from './module';

export default catalogModuleOktaOrg;
export { catalogModuleOktaOrg };
export {
  oktaOrgEntityProviderTransformsExtensionPoint,
  type OktaUserTransformer,
  type OktaGroupTransformer,
  type OktaOrgEntityProviderTransformsExtensionPoint,
} from './extensionPoint';
export {
  readOktaProviderConfig,
  providerIdFromOrgUrl,
  readOktaProviderEntries,
  CONFIG_ROOT,
  OKTA_USER_STATUSES,
  DEFAULT_USER_STATUSES,
  DEFAULT_CONCURRENCY,
  DEFAULT_USER_PARTITIONS,
  DEFAULT_MAX_RETRIES,
  OKTA_PROVIDER_ENTRIES,
  type OktaUserStatus,
  type OktaAuthConfig,
  type OktaProviderConfig,
} from './config';
export { createOktaOrgEntityProviders, type CreateOktaOrgEntityProvidersOptions } from './createOktaOrgEntityProviders';
export {
  DEFAULT_GROUP_NAMING,
  DEFAULT_GROUP_TYPE,
  DEFAULT_USER_NAMING,
  OKTA_IDP,
  PROFILE_STRATEGY_PREFIX,
  oktaGroupNamingStrategies,
} from './defaults';
export {
  ANNOTATION_OKTA_EMAIL,
  ANNOTATION_OKTA_GROUP_ID,
  ANNOTATION_OKTA_LOGIN,
  ANNOTATION_OKTA_USER_ID,
  profileAnnotationKey,
} from './annotations';
export type { OktaGroup, OktaGroupProfile, OktaUser, OktaUserProfile } from './oktaObjects';
/** The Okta event types an Event Hook for this module should subscribe to (also what the System Log poller reads). */
export { OKTA_CHANGE_EVENT_TYPES } from './changes/eventTypes';
