import { coreServices, createBackendModule, type DatabaseService, type LoggerService, type SchedulerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { OrgEntityProvider } from '@orgsync/plugin-catalog-org-sync-node';

export type ProviderFactory = (deps: { config: Config; logger: LoggerService; scheduler: SchedulerService; database: DatabaseService }) => OrgEntityProvider[];

/**
 * A catalog module that builds providers with a module's own factory, logging
 * to the given logger, and hands them to the test (which runs them on demand).
 */
export function providerTestModule(moduleId: string, logger: LoggerService, factory: ProviderFactory) {
  const providers: OrgEntityProvider[] = [];
  const feature = createBackendModule({
    pluginId: 'catalog',
    moduleId,
    register(env) {
      env.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          config: coreServices.rootConfig,
          scheduler: coreServices.scheduler,
          database: coreServices.database,
        },
        async init({ catalog, config, scheduler, database }) {
          providers.push(...factory({ config, logger, scheduler, database }));
          catalog.addEntityProvider(providers);
        },
      });
    },
  });
  return { feature, providers };
}
