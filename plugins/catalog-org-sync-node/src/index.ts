/**
 * Shared engine of the org entity providers: IdP-neutral records, the mapper
 * to User and Group entities, the deletion guard and the scheduled run.
 *
 * Every name is listed here on purpose (no `export *`): what is not listed is
 * private to the engine. Release tags sit on the declarations: `@public` for
 * what modules and operators may rely on, `@alpha` for what may change in any
 * release. `report.api.md` holds the result (`npm run api-reports`).
 *
 * @packageDocumentation
 */

// The contract between a module and the engine: records, sources, change signals.
export {
  isDeltaResult,
  readBoundsOf,
  type OrgUserRecord,
  type OrgUserIdentityClaims,
  type OrgGroupRecord,
  type KindedRecord,
  type RecordKind,
  type OrgSnapshot,
  type JsonValue,
  type OrgListResult,
  type OrgDelta,
  type OrgDeltaResult,
  type OrgReadResult,
  type OrgRecordReader,
  type PreviousRead,
  type ReadProgress,
  type SourceReadContext,
  type OrgRecordRequest,
  type OrgMembershipHint,
  type RecordReadContext,
  type OrgSource,
} from './records';
export type {
  OrgChangeHints,
  OrgChangePoller,
  OrgChangeSink,
  OrgDeliveryLog,
  OrgChangeRouteContext,
  OrgChangeReceiver,
  OrgBodyRefusal,
  OrgBodyRefusalFormatter,
  OrgEvent,
  OrgEventSubscriber,
  OrgChangeSignals,
  OrgEventsService,
} from './changes';

// Entity names and naming strategies.
export { isValidEntityName, shortHash, toValidEntityName, withSuffix, MAX_ENTITY_NAME_LENGTH } from './naming/entityName';
export {
  kebabCase,
  rawUserName,
  rawGroupName,
  userNamingStrategies,
  groupNamingStrategies,
  type NamingStrategy,
  type UserNamingStrategies,
  type GroupNamingStrategies,
} from './naming/strategies';
export { assignUniqueNames, type NameCollision } from './naming/uniqueNames';

// Records to entities.
export { mapSnapshot, type MapOptions, type UserTransformer, type GroupTransformer, type MappingReport, type MappedOrg } from './mapping/mapSnapshot';
export { resolveHierarchy, ancestorsOf, type HierarchyReport } from './mapping/hierarchy';
export {
  compact,
  entityRefOf,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_LINKED_TO,
  ANNOTATION_LINKED_ACCOUNTS,
  type GroupEntity,
  type UserEntity,
} from './mapping/entities';
export { cleanEntity, FIELD_LIMITS, type CleanedField } from './mapping/cleanEntity';
export type { SkippedRecord } from './mapping/sanitize';
export { ANNOTATION_DEPARTED_AT, ANNOTATION_DEPARTURE, LABEL_DEPARTED } from './leavers/departedEntity';

// The deletion guard.
export {
  evaluateDeletionGuard,
  defaultDeletionGuardConfig,
  isUserRef,
  isGroupRef,
  type DeletionGuardConfig,
  type MembershipCounts,
  type GuardDecision,
} from './guard/deletionGuard';

// Providers, their runs and their stored state.
export { OrgEntityProvider, redact, type OrgEntityProviderOptions, type DryRunChanges, type ChangeDelivery, type RunHooks, type RunOutcome, type RunResult } from './run/OrgEntityProvider';
export { createOrgEntityProvider, type CreateOrgEntityProviderOptions } from './run/createOrgEntityProvider';
export {
  createOrgEntityProvidersFromConfig,
  type ModuleProviderParts,
  type CreateOrgEntityProvidersFromConfigOptions,
} from './run/createOrgEntityProvidersFromConfig';
export { entityHash } from './run/entityHash';
export { changeRoutePath } from './run/wireChangeSignals';
export type { SpentAcceptance } from './run/acceptances';
export {
  DatabaseProviderStateStore,
  encodePreviousRead,
  appliedStateOf,
  type AppliedState,
  type SavedRead,
  type ProviderStateStore,
  type EncodedPreviousRead,
} from './state/ProviderStateStore';
export type { RecordIndexEntry, RecordRow } from './state/RecordStore';
export type { PlanAcceptance } from './state/PlanAcceptances';

// The backend module a module builds, and the config every provider reads.
export { createOrgProviderModule, type OrgProviderModuleDeps, type TransformerSlotSetter, type CreateOrgProviderModuleOptions } from './module/createOrgProviderModule';
export { readProviderEntries, type ConfiguredProvider, type ProviderEntriesForm, type ReadProviderEntriesOptions } from './config/providerEntries';
export { readNamespace } from './config/readNamespace';
export { readStrategyName } from './config/readStrategyName';
export { readGuardConfig } from './config/readGuardConfig';
export { readRequestTimeoutMs, defaultRequestTimeoutMs } from './config/readRequestTimeout';
export { defaultSchedule, readSchedule } from './config/readSchedule';
export { readIncrementalConfig, defaultIncrementalReadOptions, type IncrementalReadOptions } from './config/incremental';
export { MAX_TIMER, readBoundedDurationMs, type DurationBounds } from './config/durations';
export { defaultChangeOptions, type ChangeOptions } from './config/changes';
export { defaultLeaverOptions, type LeaverOptions } from './leavers/leaverOptions';
export { checkIdpUrl, isLoopbackHost } from './config/idpUrl';
export { checkCommonNestedKeys, checkKnownKeys, commonProviderKeys } from './config/knownKeys';
export { readOptionalText, readRequiredText, readOptionalWholeNumber, type WholeNumberBounds } from './config/settingValues';
export type { OrgProviderCommonConfig } from './config/sharedConfigSchema';

// Helpers for a module's IdP client (util/ is private; these are the ones modules use, all `@alpha`).
export { forEachWithConcurrency } from './util/forEachWithConcurrency';
export { PagedListing, PagingError, type ReadBounds } from './util/pagedListing';
export { sleep } from './util/sleep';
export { abortError, requestSignal } from './util/abort';
export { sameSecret } from './util/sameSecret';

// The operations API.
export { OrgSyncService, orgSyncServiceRef, orgSyncServiceFactory } from './module/orgSyncService';
export type { OrgSyncOperationsServices } from './operations/registry';
export {
  orgSyncRunPermission,
  orgSyncDryRunPermission,
  orgSyncAcceptPlanPermission,
  orgSyncReadRecordsPermission,
  orgSyncPermissions,
} from './operations/permissions';
export type { StoredRun, StoredGuardDecision } from './operations/RunHistory';
export type { DryRunView } from './operations/planView';
export type { ProviderView, ExplainReason } from './operations/explain';
export type { Leaver } from './operations/ownership';
