import { createOrgProviderModule } from '@orgsync/plugin-catalog-org-sync-node';
import { createGithubOrgEntityProviders } from './createGithubOrgEntityProviders';
import { githubOrgEntityProviderTransformsExtensionPoint, type TeamTransformer, type UserTransformer } from './extensionPoint';

/** GitHub org members and teams as User and Group entities, one provider per entry of `catalog.providers.githubOrg`. @public */
export const catalogModuleGithubOrg = createOrgProviderModule<
  { userTransformer: UserTransformer; teamTransformer: TeamTransformer },
  typeof githubOrgEntityProviderTransformsExtensionPoint.T
>({
  moduleId: 'github-org',
  extensionPoint: githubOrgEntityProviderTransformsExtensionPoint,
  extension: set => ({
    setUserTransformer: set('userTransformer', 'GitHub org user'),
    setTeamTransformer: set('teamTransformer', 'GitHub org team'),
  }),
  createProviders: (deps, transformers) => createGithubOrgEntityProviders({ ...deps, ...transformers }),
});
