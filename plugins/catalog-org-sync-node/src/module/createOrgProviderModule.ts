import {
  coreServices,
  createBackendModule,
  type BackendFeature,
  type DatabaseService,
  type ExtensionPoint,
  type HttpRouterService,
  type LoggerService,
  type RootConfigService,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint, catalogServiceRef, type EntityProvider } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import type { OrgEventsService } from '../changes';
import { wireIdentityLinks } from '../run/wireIdentityLinks';
import { orgSyncServiceRef } from './orgSyncService';

/** @alpha */
export interface OrgProviderModuleDeps {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  /** The catalog's router: push receivers are mounted on it. */
  httpRouter: HttpRouterService;
  /** Backstage's events service: events subscribers listen on it. */
  events: OrgEventsService;
}

/** Returns a setter for one transformer slot that refuses a second value, as the official modules do. @alpha */
export type TransformerSlotSetter<TTransformers> = <K extends keyof TTransformers>(
  key: K,
  label: string,
) => (value: NonNullable<TTransformers[K]>) => void;

/** @alpha */
export interface CreateOrgProviderModuleOptions<TTransformers extends object, TExtension> {
  /** e.g. `okta-org`; the module registers under the catalog plugin. */
  moduleId: string;
  /** The module's transformer extension point (the official modules' pattern). */
  extensionPoint: ExtensionPoint<TExtension>;
  /** Builds the extension point's implementation from slot setters. */
  extension(set: TransformerSlotSetter<TTransformers>): TExtension;
  /** Builds the providers from config; none when the module is not configured. */
  createProviders(deps: OrgProviderModuleDeps, transformers: Partial<TTransformers>): EntityProvider[];
}

/**
 * A catalog backend module for one IdP: registers its transformer extension
 * point and, at init, adds one scheduled provider per configured entry.
 *
 * @alpha
 */
export function createOrgProviderModule<TTransformers extends object, TExtension>(
  options: CreateOrgProviderModuleOptions<TTransformers, TExtension>,
): BackendFeature {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: options.moduleId,
    register(env) {
      const transformers: Partial<TTransformers> = {};
      const set: TransformerSlotSetter<TTransformers> = (key, label) => value => {
        if (transformers[key] !== undefined) throw new Error(`The ${label} transformer may only be set once`);
        transformers[key] = value;
      };
      env.registerExtensionPoint(options.extensionPoint, options.extension(set));
      env.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          scheduler: coreServices.scheduler,
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          events: eventsServiceRef,
          catalogService: catalogServiceRef,
          auth: coreServices.auth,
          orgSync: orgSyncServiceRef,
        },
        async init({ catalog, catalogService, auth, orgSync, ...deps }) {
          const providers = options.createProviders(deps, transformers);
          if (providers.length) catalog.addEntityProvider(providers);
          // Shared with every org module of this backend: provider names for linkTo, namespaces, the operations API.
          orgSync.addProviders(providers, deps.logger);
          wireIdentityLinks(providers, { catalog, catalogService, auth, logger: deps.logger });
        },
      });
    },
  });
}
