import {
  coreServices,
  createBackendModule,
  type DatabaseService,
  type HttpRouterService,
  type LoggerService,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef, type EventsService } from '@backstage/plugin-events-node';
import type { Config } from '@backstage/config';
import { catalogProcessingExtensionPoint, type EntityProvider } from '@backstage/plugin-catalog-node';

export type ProviderFactory<P extends EntityProvider> = (deps: {
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  httpRouter: HttpRouterService;
  events: EventsService;
}) => P[];

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
          httpRouter: coreServices.httpRouter,
          events: eventsServiceRef,
        },
        async init({ catalog, config, scheduler, database, httpRouter, events }) {
          providers.push(...factory({ config, logger, scheduler, database, httpRouter, events }));
          catalog.addEntityProvider(providers);
        },
      });
    },
  });
  return { feature, providers };
}
