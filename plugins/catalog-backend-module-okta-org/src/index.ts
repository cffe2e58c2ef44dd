/**
 * Catalog backend module: Okta users and groups as User and Group entities.
 *
 * @packageDocumentation
 */
import { catalogModuleOktaOrg } from './module';

export default catalogModuleOktaOrg;
export { catalogModuleOktaOrg };
export * from './extensionPoint';
export * from './config';
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
