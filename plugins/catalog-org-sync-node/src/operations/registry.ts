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
import { SignalActivity } from './SignalActivity';
import { StateQueries } from './stateQueries';

/** The catalog services the operations API needs (a catalog module gets them all). @alpha */
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

/**
 * The operations API of one backend's catalog (`/api/catalog/org-sync/…`), mounted on the catalog's router when
 * made: every org provider module of that backend adds its providers to it, and each provider's runs are recorded
 * from then on. The org sync service holds the one of its backend.
 */
export class OperationsRegistry {
  readonly providers: OperableProvider[] = [];
  readonly history: RunHistory;
  private readonly signals: SignalActivity;
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
    this.signals = new SignalActivity(knex, services.logger);
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
        signals: this.signals,
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
      deliveryNoted: delivery => {
        this.metrics.deliveryNoted(name, delivery);
        this.signals.note(name, { via: delivery.via, outcome: delivery.accepted ? 'accepted' : 'rejected', detail: delivery.detail });
      },
      pollNoted: poll =>
        this.signals.note(name, { via: 'poll', outcome: poll.ok ? 'ok' : 'failed', detail: poll.ok ? `named ${poll.named} ${poll.named === 1 ? 'record' : 'records'}` : poll.error }),
    });
  }
}
