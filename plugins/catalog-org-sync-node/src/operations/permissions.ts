import { createPermission } from '@backstage/plugin-permission-common';

/** `POST …/org-sync/providers/:name/run`: start a provider's scheduled run now. */
export const orgSyncRunPermission = createPermission({ name: 'catalog.org-sync.run', attributes: { action: 'update' } });

/** `POST …/org-sync/providers/:name/dry-run`: read the IdP and show what a run would apply. */
export const orgSyncDryRunPermission = createPermission({ name: 'catalog.org-sync.dry-run', attributes: { action: 'read' } });

/** `POST …/org-sync/providers/:name/accept`: accept a removal plan the deletion guard held. */
export const orgSyncAcceptPlanPermission = createPermission({ name: 'catalog.org-sync.accept-plan', attributes: { action: 'update' } });

/** Every permission of the operations API. */
export const orgSyncPermissions = [orgSyncRunPermission, orgSyncDryRunPermission, orgSyncAcceptPlanPermission];
