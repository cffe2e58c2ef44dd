import { coreServices, createServiceFactory, type BackendFeature } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend, TestDatabases, type TestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import type { JsonObject } from '@backstage/config';
import type { Knex } from 'knex';
import { CatalogApi } from './catalogApi';
import { describeWithPostgres } from './postgres';

/** A static external access token of a test backend (`backend.auth.externalAccess`, type `static`). */
export interface StaticTestToken {
  /** At least 8 characters, no whitespace. */
  token: string;
  subject: string;
  /** e.g. `[{ plugin: 'catalog', permission: ['catalog.entity.read'] }]`: every other permission is denied. */
  accessRestrictions?: Array<{ plugin: string; permission?: string[]; permissionAttribute?: { action?: string[] } }>;
}

export interface CatalogTestBackend {
  backend: TestBackend;
  catalog: CatalogApi;
  stop(): Promise<void>;
}

/**
 * Call in a `describe` body: returns a function giving a fresh, empty
 * PostgreSQL database each time (Backstage's TestDatabases, no Docker),
 * all dropped after the tests.
 */
export function usePostgresDatabases(): () => Promise<Knex> {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'], disableDocker: true });
  return () => databases.init('POSTGRES_15');
}

/**
 * Runs `scenario` twice: on SQLite in memory, and on PostgreSQL where it is
 * available (`describeWithPostgres`). `open` gives a fresh, empty database of
 * that kind each time; all are closed or dropped after the tests.
 */
export function describeOnEachDatabase(name: string, scenario: (open: () => Promise<Knex>) => void): void {
  describe(`${name} on SQLite`, () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
    scenario(() => databases.init('SQLITE_3'));
  });
  describeWithPostgres(`${name} on PostgreSQL`, () => scenario(usePostgresDatabases()));
}

/**
 * Starts a real backend with the real catalog plugin plus `features`, on
 * SQLite in memory or on the given database, and a client for its REST API.
 */
export async function startCatalogTestBackend(options: {
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  config?: Record<string, unknown>;
  database?: Knex;
  /**
   * Instead of `database`: opens a fresh database for each plugin (the catalog, the events backend), as a real
   * deployment gives each its own; on PostgreSQL, plugins sharing one database race to create knex's migration tables.
   */
  databasePerPlugin?: () => Promise<Knex>;
  /**
   * `real` (default): Backstage's own scheduler, which runs tasks on their
   * cadence, times them out and locks them in the database. `mock`: the
   * test-utils scheduler, which runs each task once at start-up.
   */
  scheduler?: 'real' | 'mock';
  /**
   * Real authentication: Backstage's own auth, httpAuth and permissions services, with these static external
   * access tokens (`backend.auth.externalAccess`) as the only way in from outside. The returned catalog client uses
   * the first token. Without it the test backend's mock auth is used (`mockCredentials` headers; a request without
   * one is signed in as a mock user).
   */
  staticTokens?: StaticTestToken[];
}): Promise<CatalogTestBackend> {
  const real = options.staticTokens?.length ? options.staticTokens : undefined;
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      mockServices.rootConfig.factory({
        data: {
          catalog: { processingInterval: { seconds: 1 } },
          ...(real && {
            backend: {
              auth: {
                externalAccess: real.map(t => ({
                  type: 'static',
                  options: { token: t.token, subject: t.subject },
                  ...(t.accessRestrictions && { accessRestrictions: t.accessRestrictions }),
                })),
              },
            },
          }),
          ...options.config,
          events: inProcessEvents(options.config?.events),
        },
      }),
      ...(real ? [authServiceFactory, httpAuthServiceFactory, permissionsServiceFactory] : []),
      ...(options.database ? [mockServices.database.factory({ knex: options.database })] : []),
      ...(options.databasePerPlugin ? [databasePerPluginFactory(options.databasePerPlugin)] : []),
      ...(options.scheduler === 'mock' ? [] : [schedulerServiceFactory]),
      // Backstage's own events service: the test backend's default mock gives each plugin its own broker, so an
      // event published by the events backend (a webhook) would never reach a subscriber in the catalog.
      eventsServiceFactory,
      ...options.features,
    ],
  });
  const catalog = new CatalogApi(`http://localhost:${backend.server.port()}`, real ? `Bearer ${real[0].token}` : mockCredentials.service.header());
  return { backend, catalog, stop: () => backend.stop() };
}

/**
 * The test's `events` config, delivered in process unless it says otherwise: one backend needs no event bus, and the
 * bus's long poll (each subscriber polls the events backend over HTTP) holds the backend's stop for about a minute.
 */
function inProcessEvents(events: unknown): JsonObject {
  return { useEventBus: 'never', ...(isJsonObject(events) ? events : {}) };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The database service giving each plugin a database of its own, from `open`. */
function databasePerPluginFactory(open: () => Promise<Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    async factory() {
      const knex = await open();
      return { getClient: async () => knex };
    },
  });
}
