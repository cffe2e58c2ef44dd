import type {
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import type { Knex } from 'knex';
import { migrateStateTables } from '../state/migrations';
import { OrgSyncMetrics } from './metrics';
import type { OperableProvider } from './OperableProvider';
import { orgSyncPermissions } from './permissions';
import { createOperationsRouter, OPERATIONS_PATH } from './router';
import { RunHistory } from './RunHistory';
import { StateQueries } from './stateQueries';

/** The catalog services the operations API needs (a catalog module gets them all). */
export interface OrgSyncOperationsServices {
  /** The catalog's router; the API is mounted on it once, at `/org-sync/…`. */
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Where the API's permissions are registered (so policies and the permission UI know them). */
  permissionsRegistry?: PermissionsRegistryService;
  scheduler: SchedulerService;
  database: DatabaseService;
  catalog: CatalogService;
  logger: LoggerService;
}

/** One per catalog router (one backend): every org provider module of that backend adds its providers to it. */
class OperationsRegistry {
  readonly providers: OperableProvider[] = [];
  readonly history: RunHistory;
  private readonly queries: StateQueries;
  private readonly metrics: OrgSyncMetrics;

  constructor(services: OrgSyncOperationsServices) {
    let ready: Promise<Knex> | undefined;
    const knex = () =>
      (ready ??= services.database.getClient().then(async client => {
        await migrateStateTables(client);
        return client;
      }));
    this.history = new RunHistory(knex);
    this.queries = new StateQueries(knex);
    const names = () => new Set(this.providers.map(p => p.getProviderName()));
    this.metrics = new OrgSyncMetrics(async () => {
      const mine = names();
      return new Map([...(await this.queries.lastApplied())].filter(([name]) => mine.has(name)));
    });
    services.permissionsRegistry?.addPermissions(orgSyncPermissions);
    const outer = express.Router();
    outer.use(
      OPERATIONS_PATH,
      createOperationsRouter({
        providers: () => this.providers,
        history: this.history,
        queries: this.queries,
        httpAuth: services.httpAuth,
        permissions: services.permissions,
        scheduler: services.scheduler,
        catalog: services.catalog,
        logger: services.logger,
      }),
    );
    services.httpRouter.use(outer);
  }

  add(provider: OperableProvider): void {
    if (this.providers.some(p => p.getProviderName() === provider.getProviderName())) return;
    this.providers.push(provider);
    const name = provider.getProviderName();
    provider.addRunHooks({
      runFinished: async result => {
        this.metrics.runFinished(result);
        await this.history.record(result);
      },
      deliveryNoted: delivery => this.metrics.deliveryNoted(name, delivery),
    });
  }
}

/** A global key, so two copies of the engine in one backend (two module versions) share one registry and one router. */
const REGISTRIES = Symbol.for('@orgsync/plugin-catalog-org-sync-node:operations-registries');

function registries(): WeakMap<HttpRouterService, OperationsRegistry> {
  const holder = globalThis as unknown as Record<symbol, WeakMap<HttpRouterService, OperationsRegistry> | undefined>;
  return (holder[REGISTRIES] ??= new WeakMap());
}

/**
 * Adds providers to the operations API of their backend's catalog, mounting the API on the catalog's router the
 * first time (the first org provider module to initialise). Each provider's runs are recorded from then on.
 */
export function registerOrgSyncOperations(providers: OperableProvider[], services: OrgSyncOperationsServices): void {
  const all = registries();
  let registry = all.get(services.httpRouter);
  if (!registry) {
    registry = new OperationsRegistry(services);
    all.set(services.httpRouter, registry);
  }
  for (const provider of providers) registry.add(provider);
}
