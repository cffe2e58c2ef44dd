import crypto from 'node:crypto';
import { createBackend } from '@backstage/backend-defaults';
import { coreServices, createBackendModule, createServiceFactory, type BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import appPlugin from '@backstage/plugin-app-backend';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import catalogModuleOktaOrg from '@orgsync/plugin-catalog-backend-module-okta-org';
import { CatalogApi, freePort, type StoppableEmulator } from '@orgsync/test-utils';
import type { JsonObject } from '@backstage/config';
import { knex as createKnex, type Knex } from 'knex';
import { buildApp } from './app';
import { componentsModule, type Components } from './components';

export interface UiBackendOptions<E extends StoppableEmulator> {
  emulator(): Promise<E>;
  /** `catalog.providers.okta`. */
  providers(emulator: E): JsonObject;
  /** A permission policy (the permission framework on); without it the framework is off and everyone may do everything. */
  policy?: PermissionPolicy;
}

/** A real backend serving the demo app, with the catalog, the Okta module, guest sign-in, and what the test drives. */
export interface UiBackend<E extends StoppableEmulator> {
  emulator: E;
  /** Where the app is: `http://localhost:<port>`. */
  url: string;
  /** The catalog's REST API with the backend's static token (every permission). */
  catalog: CatalogApi;
  /** Components the test declares (owned by people who will leave). */
  components: Components;
  /** The catalog plugin's database (the engine's tables: the run history). */
  catalogDatabase(): Knex;
  /** An operations API request (`/api/catalog/org-sync<path>`) with the static token. */
  orgSync<T>(path: string, init?: RequestInit): Promise<T>;
  /** Stops the backend, then the emulator. */
  stop(): Promise<void>;
}

/**
 * Bundles the app (when its sources changed) and starts the emulator, then a Backstage backend built as a deployment
 * builds one (`createBackend`, Backstage's own services) on a free port: it serves the app (the app backend), signs
 * visitors in as a guest (the auth backend's guest provider), runs the catalog with the Okta org module against the
 * emulator, and, given a policy, the permission backend with it.
 */
export async function startUiBackend<E extends StoppableEmulator>(options: UiBackendOptions<E>): Promise<UiBackend<E>> {
  const [, emulator, port] = await Promise.all([buildApp(), options.emulator(), freePort()]);
  const url = `http://localhost:${port}`;
  const token = crypto.randomBytes(18).toString('base64url');
  const components = componentsModule();
  const databases = new Map<string, Knex>();
  const backend = createBackend();
  const features: BackendFeature[] = [
    mockServices.rootConfig.factory({ data: uiBackendConfig({ url, port, token, okta: options.providers(emulator), permission: options.policy !== undefined }) }),
    mockServices.rootLogger.factory({ level: 'error' }),
    sqliteDatabasePerPlugin(databases),
    catalogPlugin,
    catalogModuleOktaOrg,
    components.feature,
    appPlugin,
    authPlugin,
    guestProviderModule,
    ...(options.policy ? [permissionPlugin, policyModule(options.policy)] : []),
  ];
  for (const feature of features) backend.add(feature);
  const stopEmulator = () => ('close' in emulator ? emulator.close() : emulator.stop());
  try {
    await backend.start();
  } catch (error) {
    await stopEmulator();
    throw error;
  }
  const catalog = new CatalogApi(url, `Bearer ${token}`);
  return {
    emulator,
    url,
    catalog,
    components: components.components,
    catalogDatabase() {
      const knex = databases.get('catalog');
      if (!knex) throw new Error('the catalog has opened no database');
      return knex;
    },
    orgSync: (path, init) => catalog.json(`/org-sync${path}`, init),
    async stop() {
      // The databases stay open: the catalog's processing loop can still reach for one after the stop (they are in memory).
      await backend.stop();
      await stopEmulator();
    },
  };
}

function uiBackendConfig(options: { url: string; port: number; token: string; okta: JsonObject; permission: boolean }): JsonObject {
  return {
    app: { baseUrl: options.url, packageName: 'app', title: 'orgsync' },
    backend: {
      baseUrl: options.url,
      listen: { port: options.port, host: '127.0.0.1' },
      auth: { externalAccess: [{ type: 'static', options: { token: options.token, subject: 'ui-e2e' } }] },
    },
    auth: { environment: 'development', providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
    permission: { enabled: options.permission },
    catalog: { processingInterval: { seconds: 1 }, providers: { okta: options.okta } },
    // One backend needs no event bus; its long poll would hold the backend's stop for a minute.
    events: { useEventBus: 'never' },
  };
}

/** Each plugin its own SQLite database in memory, kept by plugin id for the test. */
function sqliteDatabasePerPlugin(databases: Map<string, Knex>): BackendFeature {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      const knex = createKnex({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true, pool: { min: 1, max: 1 } });
      databases.set(plugin.getId(), knex);
      return { getClient: async () => knex };
    },
  });
}

function policyModule(policy: PermissionPolicy): BackendFeature {
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'ui-e2e-policy',
    register(env) {
      env.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy: point }) {
          point.setPolicy(policy);
        },
      });
    },
  });
}
