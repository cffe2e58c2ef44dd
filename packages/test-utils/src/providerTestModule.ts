import { coreServices, createBackendModule, type DatabaseService, type LoggerService, type SchedulerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogProcessingExtensionPoint, type EntityProvider } from '@backstage/plugin-catalog-node';

export type ProviderFactory<P extends EntityProvider> = (deps: { config: Config; logger: LoggerService; scheduler: SchedulerService; database: DatabaseService }) => P[];

/**
 * A catalog module that builds providers with a module's own factory, logging
 * to the given logger, and hands them to the test (which runs them on demand).
 */
export function providerTestModule<P extends EntityProvider>(moduleId: string, logger: LoggerService, factory: ProviderFactory<P>) {
  const providers: P[] = [];
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
