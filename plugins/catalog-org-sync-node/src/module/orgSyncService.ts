import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type HttpRouterService,
  type LoggerService,
  type ServiceFactory,
  type ServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef, type EntityProvider } from '@backstage/plugin-catalog-node';
import { NamespaceClaims } from '../config/sharedNamespaces';
import { ProviderNames } from '../linking/providerNames';
import { isOperableProvider } from '../operations/OperableProvider';
import { OperationsRegistry, type OrgSyncOperationsServices } from '../operations/registry';
import { OrgEntityProvider } from '../run/OrgEntityProvider';

/**
 * What the org provider modules of one backend share: the names of their providers (for `linkTo.peopleSource`
 * and wake-ups after a people source applies), the namespaces they emit into, and the operations API
 * (`/api/catalog/org-sync/…`). Plugin-scoped for the catalog: every org module of a backend gets the same
 * instance, and two backends in one process share nothing.
 *
 * @alpha
 */
export class OrgSyncService {
  private readonly names = new ProviderNames();
  private readonly namespaces = new NamespaceClaims();
  private readonly operations: OperationsRegistry;

  constructor(services: OrgSyncOperationsServices) {
    claimOperationsPath(services.httpRouter);
    this.operations = new OperationsRegistry(services);
  }

  /** Adds a module's providers: known by their config paths to the others, their namespaces claimed, their runs recorded and operable. */
  addProviders(providers: EntityProvider[], logger: LoggerService): void {
    for (const provider of providers) {
      if (!(provider instanceof OrgEntityProvider)) continue;
      provider.joinBackend(this.names);
      this.namespaces.claim(provider.namespace, provider.configPath, logger);
    }
    for (const provider of providers.filter(isOperableProvider)) this.operations.add(provider);
  }
}

/** The org sync service of the catalog plugin; its default factory makes one instance per backend. @alpha */
export const orgSyncServiceRef: ServiceRef<OrgSyncService, 'plugin', 'singleton'> = createServiceRef<OrgSyncService>({
  id: 'orgsync.catalog-org-sync',
  scope: 'plugin',
  defaultFactory: async () => orgSyncServiceFactory,
});

/**
 * The org sync service's factory. A backend whose modules bring two copies of this package (two module versions)
 * adds it explicitly, `backend.add(orgSyncServiceFactory)`, so that both copies' refs resolve to this one instance:
 * Backstage looks a provided factory up by the ref's id, but keeps each copy's default factory apart.
 *
 * @alpha
 */
export const orgSyncServiceFactory: ServiceFactory<OrgSyncService, 'plugin', 'singleton'> = createServiceFactory({
  service: orgSyncServiceRef,
  deps: {
    httpRouter: coreServices.httpRouter,
    httpAuth: coreServices.httpAuth,
    permissions: coreServices.permissions,
    permissionsRegistry: coreServices.permissionsRegistry,
    scheduler: coreServices.scheduler,
    database: coreServices.database,
    logger: coreServices.logger,
    catalog: catalogServiceRef,
  },
  factory: services => new OrgSyncService(services),
});

/** Marks the catalog router of a backend as carrying the operations API; the same key in any copy of this package. */
const OPERATIONS_MOUNTED = Symbol.for('@orgsync/plugin-catalog-org-sync-node:operations-mounted');

/**
 * Refuses a second operations API on one catalog router: two copies of this package, each with its own default
 * factory, would make two services that never hear of each other's providers (the second API unreachable,
 * `linkTo` across them unresolved). Fails the backend's start with what to do instead.
 */
function claimOperationsPath(httpRouter: HttpRouterService): void {
  if (Reflect.get(httpRouter, OPERATIONS_MOUNTED)) {
    throw new Error(
      'two copies of @orgsync/plugin-catalog-org-sync-node in one backend each made an org sync service; ' +
        'add one of them explicitly (backend.add(orgSyncServiceFactory)) so every org module shares it, or install one version of the org modules',
    );
  }
  Reflect.defineProperty(httpRouter, OPERATIONS_MOUNTED, { value: true });
}
