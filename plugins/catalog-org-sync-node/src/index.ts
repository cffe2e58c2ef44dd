/**
 * Shared engine of the org entity providers: IdP-neutral records, the mapper
 * to User and Group entities, the deletion guard and the scheduled run.
 *
 * @packageDocumentation
 */
export * from './records';
export * from './changes';
export * from './naming/entityName';
export * from './naming/strategies';
export * from './naming/uniqueNames';
export * from './mapping/mapSnapshot';
export * from './mapping/hierarchy';
export * from './mapping/entities';
export * from './mapping/cleanEntity';
export type { SkippedRecord } from './mapping/sanitize';
export * from './guard/deletionGuard';
export * from './state/ProviderStateStore';
export * from './run/OrgEntityProvider';
export * from './run/createOrgEntityProvider';
export * from './run/entityHash';
export { ANNOTATION_DEPARTED_AT, ANNOTATION_DEPARTURE, LABEL_DEPARTED } from './leavers/departedEntity';
export { defaultLeaverOptions, type LeaverOptions } from './leavers/leaverOptions';
export * from './config/readNamespace';
export * from './config/readStrategyName';
export * from './config/readGuardConfig';
export * from './config/readRequestTimeout';
export { defaultSchedule, readSchedule } from './config/readSchedule';
export { readIncrementalConfig } from './config/incremental';
export { MAX_TIMER, readBoundedDurationMs, type DurationBounds } from './config/durations';
export * from './config/providerEntries';
export { defaultIncrementalReadOptions, type IncrementalReadOptions } from './config/incremental';
export * from './run/createOrgEntityProvidersFromConfig';
export { changeRoutePath } from './run/wireChangeSignals';
export { defaultChangeOptions, type ChangeOptions } from './config/changes';
export type { RecordIndexEntry, RecordRow, RecordKind } from './state/RecordStore';
export * from './module/createOrgProviderModule';
export * from './util/forEachWithConcurrency';
export * from './util/pagedListing';
export * from './util/sleep';
export * from './util/abort';
export * from './config/idpUrl';
export * from './config/knownKeys';
export { readOptionalText, readRequiredText, readOptionalWholeNumber, type WholeNumberBounds } from './config/settingValues';
export type { OrgProviderCommonConfig } from './config/sharedConfigSchema';
export * from './util/sameSecret';
export { registerOrgSyncOperations, type OrgSyncOperationsServices } from './operations/registry';
export {
  orgSyncRunPermission,
  orgSyncDryRunPermission,
  orgSyncAcceptPlanPermission,
  orgSyncReadRecordsPermission,
  orgSyncPermissions,
} from './operations/permissions';
export type { StoredRun, StoredGuardDecision } from './operations/RunHistory';
export type { SpentAcceptance } from './run/acceptances';
export type { PlanAcceptance } from './state/PlanAcceptances';
export type { DryRunView } from './operations/planView';
export type { ProviderView, ExplainReason } from './operations/explain';
export type { Leaver } from './operations/ownership';
