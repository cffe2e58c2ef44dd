import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { createOktaOrgEntityProviders } from './createOktaOrgEntityProviders';
import { oktaOrgEntityProviderTransformsExtensionPoint, type OktaGroupTransformer, type OktaUserTransformer } from './extensions';

/** Okta users and groups as User and Group entities, one provider per entry under `catalog.providers.okta`. */
export const catalogModuleOktaOrg = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'okta-org',
  register(env) {
    let userTransformer: OktaUserTransformer | undefined;
    let groupTransformer: OktaGroupTransformer | undefined;
    env.registerExtensionPoint(oktaOrgEntityProviderTransformsExtensionPoint, {
      setUserTransformer(transformer) {
        if (userTransformer) throw new Error('The Okta org user transformer may only be set once');
        userTransformer = transformer;
      },
      setGroupTransformer(transformer) {
        if (groupTransformer) throw new Error('The Okta org group transformer may only be set once');
        groupTransformer = transformer;
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
        const providers = createOktaOrgEntityProviders({ config, logger, scheduler, database, userTransformer, groupTransformer });
        if (providers.length) catalog.addEntityProvider(providers);
      },
    });
  },
});
