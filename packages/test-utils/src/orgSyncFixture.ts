import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProvider } from '@backstage/plugin-catalog-node';
import type { Knex } from 'knex';
import { waitFor, type CatalogApi } from './catalogApi';
import { CapturingLogger } from './capturingLogger';
import { startCatalogTestBackend, type CatalogTestBackend, type StaticTestToken } from './catalogTestBackend';
import { waitForProcessedEntities, type EntitySelection } from './processedEntities';
import { providerTestModule, type ProviderFactory } from './providerTestModule';

/** What the fixture needs of a module's providers: an id (`main`) and their last run (`R`, the engine's run result). */
export interface FixtureProvider<R> extends EntityProvider {
  readonly id: string;
  lastRun(): R | undefined;
}

/** The module under test: how its providers are built and where their config lives. */
export interface TestedModule<P extends FixtureProvider<R>, R> {
  /** The test module's id (`<module>-test`): one catalog module per backend. */
  moduleId: string;
  /** The key below `catalog.providers` that the module reads: `okta`, `githubOrg`, `microsoftGraphOrg`, `ldapOrg`. */
  configKey: string;
  /** The module's own factory, given the backend's services (the logger is the fixture's capturing one). */
  createProviders: ProviderFactory<P>;
}

/**
 * A module as an adopter installs it (its published backend module, given in `features`): its providers stay inside
 * the backend, so the fixture has none to hand out (`providers` is empty, `provider()` throws).
 */
export interface InstalledModule {
  /** The key below `catalog.providers` that the module reads. */
  configKey: string;
  installed: true;
}

/** The module installed as an adopter installs it, reading `catalog.providers.<configKey>`. */
export function installedModule(configKey: string): InstalledModule {
  return { configKey, installed: true };
}

/** An emulator (or a real server) the fixture stops after the tests: emulators close, slapd and AD stop. */
export type StoppableEmulator = { close(): Promise<void> } | { stop(): Promise<void> };

/** Config the provider config goes into: `catalog.providers.<configKey>` is the module's, the rest is the test's. */
export type ProvidersConfig = Record<string, unknown> | Array<Record<string, unknown>>;

export interface OrgSyncFixtureOptions<E extends StoppableEmulator, P extends FixtureProvider<R>, R> {
  module: TestedModule<P, R> | InstalledModule;
  /**
   * Starts the emulator, and changes its org before the backend reads it when a test needs that. What else a test
   * starts with it (a proxy, a second emulator) comes back with it, in an object whose `stop()` stops them all.
   */
  emulator(): Promise<E>;
  /** `catalog.providers.<configKey>`: the providers' config, by id (or as the module reads it). */
  providers(emulator: E): ProvidersConfig;
  /** More config beside it (`integrations`, `events`, `catalog.processingInterval`…). */
  config?(emulator: E): Record<string, unknown>;
  /** More backend features (the events backend, another module). */
  features?(emulator: E): BackendFeature[];
  /** Opens the database the fixture's backends share (default: SQLite in memory, a new one per backend). */
  database?: () => Promise<Knex>;
  databasePerPlugin?: () => Promise<Knex>;
  scheduler?: 'real' | 'mock';
  staticTokens?: StaticTestToken[];
}

/** What a restart may change. */
export type FixtureRestart<E extends StoppableEmulator> = Partial<Pick<OrgSyncFixtureOptions<E, FixtureProvider<unknown>, unknown>, 'providers' | 'config' | 'features'>>;

/** A real catalog backend with one module's providers, against an emulator, and what its tests ask of them. */
export interface OrgSyncFixture<E extends StoppableEmulator, P extends FixtureProvider<R>, R> {
  emulator: E;
  /** The database `database` opened, when given: every backend of this fixture, restarts too, uses it. */
  database?: Knex;
  backend: CatalogTestBackend;
  /** The backend's catalog REST API. */
  catalog: CatalogApi;
  /** Every line the providers logged. */
  logger: CapturingLogger;
  providers: P[];
  /** The provider of a config id (`main`) or a full provider name; throws when there is none. */
  provider(id?: string): P;
  /** The provider's last run once `until` holds for it (a run that started before the call counts too). */
  waitForRun(id: string, until: (run: R) => boolean, options?: { timeoutMs?: number }): Promise<R>;
  /** The selected entities once the catalog holds `count` of them, processed. */
  processedEntities(selection: EntitySelection & { count: number }, options?: { timeoutMs?: number; intervalMs?: number }): Promise<Entity[]>;
  /**
   * Stops the backend and starts another with the same emulator, with these options changed (a new provider config
   * read at start-up, as an operator's restart): the fields above then name the new backend, logger and providers.
   * It uses the same database when the options give one (what the first one stored stays).
   */
  restart(change?: FixtureRestart<E>): Promise<void>;
  /** Stops the backend, then the emulator. */
  stop(): Promise<void>;
}

/** Starts the emulator, then a real catalog test backend with the module's providers configured against it. */
export async function startOrgSyncFixture<E extends StoppableEmulator, P extends FixtureProvider<R>, R>(
  options: OrgSyncFixtureOptions<E, P, R>,
): Promise<OrgSyncFixture<E, P, R>> {
  const emulator = await options.emulator();
  try {
    const database = await options.database?.();
    return fixtureOf(options, { emulator, database }, await startModuleBackend(options, { emulator, database }));
  } catch (error) {
    await stopEmulator(emulator);
    throw error;
  }
}

/** What a fixture's backends share: the emulator, and the database when the test gave one. */
interface FixtureParts<E> {
  emulator: E;
  database?: Knex;
}

/** One backend of a fixture: a restart replaces it, with its own logger and providers. */
interface ModuleBackend<P> {
  backend: CatalogTestBackend;
  logger: CapturingLogger;
  providers: P[];
}

async function startModuleBackend<E extends StoppableEmulator, P extends FixtureProvider<R>, R>(
  options: OrgSyncFixtureOptions<E, P, R>,
  { emulator, database }: FixtureParts<E>,
): Promise<ModuleBackend<P>> {
  const logger = new CapturingLogger();
  const { module } = options;
  const tested = 'createProviders' in module ? providerTestModule(module.moduleId, logger, module.createProviders) : undefined;
  const backend = await startCatalogTestBackend({
    features: [...(tested ? [tested.feature] : []), ...(options.features?.(emulator) ?? [])],
    config: fixtureConfig(options, emulator),
    database,
    databasePerPlugin: options.databasePerPlugin,
    scheduler: options.scheduler,
    staticTokens: options.staticTokens,
  });
  return { backend, logger, providers: tested?.providers ?? [] };
}

/** The test's config with the providers' config at `catalog.providers.<configKey>`. */
function fixtureConfig<E extends StoppableEmulator, P extends FixtureProvider<R>, R>(options: OrgSyncFixtureOptions<E, P, R>, emulator: E): Record<string, unknown> {
  const config = options.config?.(emulator) ?? {};
  const catalog = isRecord(config.catalog) ? config.catalog : {};
  const providers = isRecord(catalog.providers) ? catalog.providers : {};
  return { ...config, catalog: { ...catalog, providers: { ...providers, [options.module.configKey]: options.providers(emulator) } } };
}

function fixtureOf<E extends StoppableEmulator, P extends FixtureProvider<R>, R>(
  options: OrgSyncFixtureOptions<E, P, R>,
  parts: FixtureParts<E>,
  first: ModuleBackend<P>,
): OrgSyncFixture<E, P, R> {
  const { emulator, database } = parts;
  let current = first;
  const provider = (id = 'main') => {
    const found = current.providers.find(p => p.id === id || p.getProviderName() === id);
    if (!found) throw new Error(`no provider with the id or name ${id} (there are ${current.providers.map(p => p.getProviderName()).join(', ') || 'none'})`);
    return found;
  };
  return {
    emulator,
    database,
    get backend() {
      return current.backend;
    },
    get catalog() {
      return current.backend.catalog;
    },
    get logger() {
      return current.logger;
    },
    get providers() {
      return current.providers;
    },
    provider,
    waitForRun: (id, until, waitOptions) =>
      waitFor(
        `a run of ${id} that satisfies the test`,
        async () => {
          const run = provider(id).lastRun();
          return run !== undefined && until(run) && run;
        },
        { timeoutMs: waitOptions?.timeoutMs, intervalMs: 100 },
      ),
    processedEntities: (selection, waitOptions) => waitForProcessedEntities(current.backend.catalog, selection, waitOptions),
    async restart(change = {}) {
      await current.backend.stop();
      current = await startModuleBackend({ ...options, ...change }, parts);
    },
    async stop() {
      await current.backend.stop();
      await stopEmulator(emulator);
    },
  };
}

function stopEmulator(emulator: StoppableEmulator): Promise<void> {
  return 'close' in emulator ? emulator.close() : emulator.stop();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
