import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { microsoftGraphOrgEntityProviderTransformExtensionPoint } from './extensionPoint';
import { createMsGraphOrgProviders, type MsGraphTransformerSettings } from './providers';

function setOnce<K extends keyof MsGraphTransformerSettings>(settings: MsGraphTransformerSettings, key: K, what: string, value: MsGraphTransformerSettings[K]) {
  if (settings[key]) throw new Error(`${what} transformer may only be set once`);
  settings[key] = value;
}

/** Microsoft Entra ID users and groups (Microsoft Graph) in the catalog, a drop-in for the official msgraph module. */
export const catalogModuleMsGraphOrg = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'msgraph-org',
  register(env) {
    const transformers: MsGraphTransformerSettings = {};
    env.registerExtensionPoint(microsoftGraphOrgEntityProviderTransformExtensionPoint, {
      setUserTransformer: t => setOnce(transformers, 'userTransformer', 'User', t),
      setGroupTransformer: t => setOnce(transformers, 'groupTransformer', 'Group', t),
      setOrganizationTransformer: t => setOnce(transformers, 'organizationTransformer', 'Organization', t),
      setProviderConfigTransformer: t => setOnce(transformers, 'providerConfigTransformer', 'Provider', t),
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
        catalog.addEntityProvider(createMsGraphOrgProviders({ rootConfig: config, logger, scheduler, database, transformers }));
      },
    });
  },
});
