import type { DatabaseService, HttpRouterService, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { OrgEventsService } from '../changes';
import type { Config } from '@backstage/config';
import { readProviderEntries, type ConfiguredProvider } from '../config/providerEntries';
import { DatabaseProviderStateStore } from '../state/ProviderStateStore';
import { createOrgEntityProvider, type CreateOrgEntityProviderOptions } from './createOrgEntityProvider';
import type { OrgEntityProvider } from './OrgEntityProvider';
import { wireChangeSignals } from './wireChangeSignals';

/** What a module supplies for one configured provider: its source and anything it sets itself. @alpha */
export type ModuleProviderParts = Pick<CreateOrgEntityProviderOptions, 'source'> &
  Partial<Pick<CreateOrgEntityProviderOptions, 'mapping' | 'secrets' | 'providerName' | 'locationKey' | 'defaults' | 'changes' | 'absentReason'>>;

/** @alpha */
export interface CreateOrgEntityProvidersFromConfigOptions {
  idp: string;
  /** e.g. `catalog.providers.okta`. */
  configRoot: string;
  rootConfig: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  /** The catalog's HTTP router, for push receivers (change signals). */
  httpRouter?: HttpRouterService;
  /** Backstage's events service, for events subscribers (change signals). */
  events?: OrgEventsService;
  defaults: CreateOrgEntityProviderOptions['defaults'];
  userNamingStrategies?: CreateOrgEntityProviderOptions['userNamingStrategies'];
  groupNamingStrategies?: CreateOrgEntityProviderOptions['groupNamingStrategies'];
  /** How to find the provider entries (see `readProviderEntries`); default: an object keyed by id under `configRoot`. */
  readProviders?: (rootConfig: Config) => ConfiguredProvider[];
  /** Builds the module's part of one provider. */
  build(provider: ConfiguredProvider): ModuleProviderParts;
}

/**
 * The body of every module's init: one scheduled provider per configured
 * entry, all sharing one state store. No entry → no provider (the module stays inert).
 *
 * @alpha
 */
export function createOrgEntityProvidersFromConfig(options: CreateOrgEntityProvidersFromConfigOptions): OrgEntityProvider[] {
  const entries = (options.readProviders ?? (c => readProviderEntries(c, options.configRoot)))(options.rootConfig);
  if (entries.length === 0) {
    options.logger.info(`No ${options.configRoot} configured; the ${options.idp} org provider is inactive`);
    return [];
  }
  const stateStore = DatabaseProviderStateStore.create(options.database);
  return entries.map(entry => {
    const parts = options.build(entry);
    const provider = createOrgEntityProvider({
      idp: options.idp,
      id: entry.id,
      config: entry.config,
      configPath: entry.configPath,
      logger: options.logger,
      scheduler: options.scheduler,
      stateStore,
      userNamingStrategies: options.userNamingStrategies,
      groupNamingStrategies: options.groupNamingStrategies,
      ...parts,
      defaults: { ...options.defaults, ...parts.defaults },
    });
    wireChangeSignals(provider, { idp: options.idp, id: entry.id }, options).catch(error =>
      options.logger.error(`${provider.getProviderName()}: cannot listen to change signals: ${error instanceof Error ? error.message : String(error)}`),
    );
    return provider;
  });
}
