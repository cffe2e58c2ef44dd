import type { LoggerService, SchedulerService, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readGuardConfig } from '../config/readGuardConfig';
import { readIncrementalConfig } from '../config/incremental';
import { readNamespace } from '../config/readNamespace';
import { readSchedule } from '../config/readSchedule';
import { readStrategyName } from '../config/readStrategyName';
import { checkCommonNestedKeys } from '../config/knownKeys';
import type { MapOptions } from '../mapping/mapSnapshot';
import {
  groupNamingStrategies,
  userNamingStrategies,
  type GroupNamingStrategies,
  type UserNamingStrategies,
} from '../naming/strategies';
import type { OrgSource } from '../records';
import type { OrgChangeSignals } from '../changes';
import { readChangeOptions } from '../config/changes';
import { readLeaverOptions } from '../leavers/leaverOptions';
import type { ProviderStateStore } from '../state/ProviderStateStore';
import { OrgEntityProvider } from './OrgEntityProvider';
import { readLinkOptions } from '../linking/linkOptions';

/** @alpha */
export interface CreateOrgEntityProviderOptions {
  idp: string;
  id: string;
  /** This provider's config subtree (`catalog.providers.<idp>.<id>`). */
  config: Config;
  configPath: string;
  source: OrgSource;
  logger: LoggerService;
  scheduler?: SchedulerService;
  stateStore: ProviderStateStore;
  /** The module's defaults. */
  defaults: {
    userNaming: string;
    groupNaming: string;
    groupType?: string;
    schedule?: SchedulerServiceTaskScheduleDefinition;
  };
  /** Strategies the module adds to the shared ones. */
  userNamingStrategies?: UserNamingStrategies;
  groupNamingStrategies?: GroupNamingStrategies;
  /** Mapping options the module sets itself (transformers, location, transitive memberOf, pruning). */
  mapping?: Partial<Omit<MapOptions, 'providerName' | 'userNaming' | 'groupNaming' | 'namespace'>>;
  providerName?: string;
  locationKey?: string;
  /** Secret values from this provider's config, blanked out of logged errors. */
  secrets?: string[];
  /** The module's change signals for this provider (poll, push, events), built from its `events` config. */
  changes?: OrgChangeSignals;
  /** What a departed entity says when its record is gone from the IdP, in the IdP's words (`leavers.mode: retain`). */
  absentReason?: { user?: string; group?: string };
}

/**
 * Builds a provider from the config keys every module shares: `schedule`,
 * `namespace`, `naming.users`, `naming.groups`, `groupType`, `guard.*`, `incremental.*`.
 *
 * @alpha
 */
export function createOrgEntityProvider(options: CreateOrgEntityProviderOptions): OrgEntityProvider {
  const { config, configPath } = options;
  checkCommonNestedKeys(config, configPath);
  const users = { ...userNamingStrategies, ...options.userNamingStrategies };
  const groups = { ...groupNamingStrategies, ...options.groupNamingStrategies };
  const naming = config.getOptionalConfig('naming');
  const userStrategy = naming
    ? readStrategyName(naming, 'users', `${configPath}.naming`, Object.keys(users), options.defaults.userNaming)
    : options.defaults.userNaming;
  const groupStrategy = naming
    ? readStrategyName(naming, 'groups', `${configPath}.naming`, Object.keys(groups), options.defaults.groupNaming)
    : options.defaults.groupNaming;
  readGuardConfig(config, configPath); // fail at start-up, not at the first run, on a bad guard setting
  const changes = options.changes && (options.changes.poller || options.changes.receiver || options.changes.subscriber) ? options.changes : undefined;
  if (changes && !options.source.readRecords) {
    throw new Error(`${configPath}.events: this source cannot re-read single records, so it cannot take change signals`);
  }
  return new OrgEntityProvider({
    idp: options.idp,
    id: options.id,
    providerName: options.providerName,
    locationKey: options.locationKey,
    secrets: options.secrets,
    source: options.source,
    configPath,
    logger: options.logger,
    stateStore: options.stateStore,
    scheduler: options.scheduler,
    schedule: readSchedule(config, configPath, options.defaults.schedule),
    guard: () => readGuardConfig(config, configPath),
    incremental: readIncrementalConfig(config, configPath),
    changes,
    changeOptions: readChangeOptions(config, configPath),
    leavers: { ...readLeaverOptions(config, configPath), absentReason: options.absentReason },
    linking: readLinkOptions(config, configPath),
    mapping: {
      ...options.mapping,
      namespace: readNamespace(config, configPath),
      defaultGroupType: config.getOptionalString('groupType') ?? options.defaults.groupType ?? options.mapping?.defaultGroupType,
      userNaming: users[userStrategy],
      groupNaming: groups[groupStrategy],
    },
  });
}
