import { createPermission } from '@backstage/plugin-permission-common';

// The operations API's permissions, defined again (same names and attributes) so the frontend never imports the
// backend engine; permissions.test.ts compares them to the engine's list.

/** Start a provider's run now. @public */
export const orgSyncRunPermission = createPermission({ name: 'catalog.org-sync.run', attributes: { action: 'update' } });

/** Read the IdP and show what a run would apply (no action attribute, as in the engine). @public */
export const orgSyncDryRunPermission = createPermission({ name: 'catalog.org-sync.dry-run', attributes: {} });

/** Accept a removal plan the deletion guard held. @public */
export const orgSyncAcceptPlanPermission = createPermission({ name: 'catalog.org-sync.accept-plan', attributes: { action: 'update' } });

/** See the IdP's records behind the catalog in explain and the run history. @public */
export const orgSyncReadRecordsPermission = createPermission({ name: 'catalog.org-sync.read-records', attributes: { action: 'read' } });

/** Every permission of the operations API. @public */
export const orgSyncPermissions = [orgSyncRunPermission, orgSyncDryRunPermission, orgSyncAcceptPlanPermission, orgSyncReadRecordsPermission];
