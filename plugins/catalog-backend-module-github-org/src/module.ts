import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { createGithubOrgEntityProviders } from './createGithubOrgEntityProviders';
import { githubOrgEntityProviderTransformsExtensionPoint, type TeamTransformer, type UserTransformer } from './extensions';

/** GitHub org members and teams as User and Group entities, one provider per entry of `catalog.providers.githubOrg`. */
export const catalogModuleGithubOrg = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'github-org',
  register(env) {
    let userTransformer: UserTransformer | undefined;
    let teamTransformer: TeamTransformer | undefined;
    env.registerExtensionPoint(githubOrgEntityProviderTransformsExtensionPoint, {
      setUserTransformer(transformer) {
        if (userTransformer) throw new Error('User transformer may only be set once');
        userTransformer = transformer;
      },
      setTeamTransformer(transformer) {
        if (teamTransformer) throw new Error('Team transformer may only be set once');
        teamTransformer = transformer;
      },
    });
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
      },
      async init({ catalog, config, logger, scheduler, database }) {
        const providers = createGithubOrgEntityProviders({ config, logger, scheduler, database, userTransformer, teamTransformer });
        if (providers.length) catalog.addEntityProvider(providers);
      },
    });
  },
});
