/**
 * Org sync in the Backstage UI: providers, runs, held plans, explain and leavers' ownership.
 *
 * @packageDocumentation
 */
export { orgSyncPlugin, OrgSyncPage, EntityOrgSyncIdentitiesCard, EntityOrgSyncOwnerLeftCard } from './plugin';
export { rootRouteRef } from './routes';
export { orgSyncApiRef, type OrgSyncApi } from './api/OrgSyncApi';
export { OrgSyncClient, OrgSyncRequestError } from './api/OrgSyncClient';
export type * from './api/types';
export * from './permissions';
export { ORG_SYNC_ANNOTATIONS } from './cards/EntityIdentitiesCard';
