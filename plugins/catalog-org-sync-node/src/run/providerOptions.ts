import type { LoggerService, SchedulerService, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { OrgChangeSignals } from '../changes';
import type { ChangeOptions } from '../config/changes';
import type { IncrementalReadOptions } from '../config/incremental';
import type { DeletionGuardConfig } from '../guard/deletionGuard';
import type { LeaverOptions } from '../leavers/leaverOptions';
import type { LinkOptions } from '../linking/linkOptions';
import type { MapOptions } from '../mapping/mapSnapshot';
import type { OrgSource } from '../records';
import type { ProviderStateStore } from '../state/ProviderStateStore';

/** @alpha */
export interface OrgEntityProviderOptions {
  /** Short IdP name: `okta`, `msgraph`, `github`. */
  idp: string;
  /** The provider instance id from config. */
  id: string;
  source: OrgSource;
  mapping: Omit<MapOptions, 'providerName'>;
  /** Read at every run, so a config change (e.g. a new `guard.acceptPlan`) takes effect without a restart. */
  guard: () => DeletionGuardConfig;
  /** Where this provider's config lives, for messages that tell the operator what to set. */
  configPath: string;
  logger: LoggerService;
  stateStore: ProviderStateStore;
  /** With a scheduler and schedule the provider runs itself; without, call `run()`. */
  scheduler?: SchedulerService;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  /** Minimum time between progress log lines during a read. Default 10 s. */
  progressIntervalMs?: number;
  /** The catalog's name for this provider; default `<idp>:<id>`. A drop-in module keeps the official module's name so its entities change owner without a gap. */
  providerName?: string;
  /** Location key of the applied entities; default the provider name. A drop-in module keeps the official value so no "conflicting entityRef" arises on the switch. */
  locationKey?: string;
  /** Secret values (tokens, client secrets) to blank out of any error text before it is logged. */
  secrets?: string[];
  /** Incremental reads: the source gets the last applied read back until a full read is due. Default on, a full read every 24 h. */
  incremental?: IncrementalReadOptions;
  /** Change signals of this provider (poll, push, events); none → only scheduled runs. */
  changes?: OrgChangeSignals;
  changeOptions?: ChangeOptions;
  /** What happens to people and groups who leave the IdP; default: deleted at once. */
  leavers?: LeaverOptions;
  /** `linkTo`: this provider's accounts join the people source's Users instead of emitting their own. */
  linking?: LinkOptions;
}
