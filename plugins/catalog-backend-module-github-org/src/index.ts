/**
 * Catalog backend module: GitHub organization members and teams as User and
 * Group entities; a drop-in for `@backstage/plugin-catalog-backend-module-github-org`.
 *
 * @packageDocumentation
 */
import { catalogModuleGithubOrg } from './module';

export default catalogModuleGithubOrg;
export { catalogModuleGithubOrg };
export {
  githubOrgEntityProviderTransformsExtensionPoint,
  type GithubUser,
  type GithubTeam,
  type TransformerContext,
  type UserTransformer,
  type TeamTransformer,
  type GithubOrgEntityProviderTransformsExtensionPoint,
} from './extensionPoint';
export {
  checkGithubOrgProviderKeys,
  readGithubOrgProviderConfig,
  officialNamespacingRule,
  CONFIG_ROOT,
  GITHUB_ORG_PROVIDER_KEYS,
  GITHUB_ORG_EVENTS_KEYS,
  OFFICIAL_ONLY_KEYS,
  DEFAULT_PAGE_SIZES,
  GITHUB_ORG_PROVIDER_ENTRIES,
  type GithubPageSizes,
  type GithubIdentityClaimsOptions,
  type GithubOrgProviderConfig,
} from './config';
export { ANNOTATION_GITHUB_USER_LOGIN, ANNOTATION_GITHUB_USER_ID, ANNOTATION_GITHUB_TEAM_SLUG, ANNOTATION_EDIT_URL } from './annotations';
export { GITHUB_IDP, DEFAULT_USER_NAMING, DEFAULT_GROUP_NAMING, DEFAULT_GROUP_TYPE } from './defaults';
export { createGithubOrgEntityProviders, type CreateGithubOrgEntityProvidersOptions } from './createGithubOrgEntityProviders';
