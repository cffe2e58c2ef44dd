/**
 * Catalog backend module: GitHub organization members and teams as User and
 * Group entities; a drop-in for `@backstage/plugin-catalog-backend-module-github-org`.
 *
 * @packageDocumentation
 */
import { catalogModuleGithubOrg } from './module';

export default catalogModuleGithubOrg;
export { catalogModuleGithubOrg };
export * from './extensionPoint';
export * from './config';
export * from './annotations';
export * from './defaults';
export { createGithubOrgEntityProviders, type CreateGithubOrgEntityProvidersOptions } from './createGithubOrgEntityProviders';
