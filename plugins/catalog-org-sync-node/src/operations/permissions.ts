import { createPermission } from '@backstage/plugin-permission-common';

/** `POST …/org-sync/providers/:name/run`: start a provider's scheduled run now. @public */
export const orgSyncRunPermission = createPermission({ name: 'catalog.org-sync.run', attributes: { action: 'update' } });

/**
 * `POST …/org-sync/providers/:name/dry-run`: read the IdP and show what a run would apply.
 *
 * No `action` attribute, on purpose: a dry run reads no catalog entity and writes nothing, but it makes a whole
 * read of the IdP (its requests and rate budget, minutes of work), so `read` would let every read-only token start
 * one and `update` would claim a change it never makes. A caller restricted by action (a static token's
 * `accessRestrictions: [{ permissionAttribute: { action: [...] } }]`) is therefore refused; a token restricted by
 * permission name gets it by naming `catalog.org-sync.dry-run`.
 *
 * @public
 */
export const orgSyncDryRunPermission = createPermission({ name: 'catalog.org-sync.dry-run', attributes: {} });

/** `POST …/org-sync/providers/:name/accept`: accept a removal plan the deletion guard held. @public */
export const orgSyncAcceptPlanPermission = createPermission({ name: 'catalog.org-sync.accept-plan', attributes: { action: 'update' } });

/**
 * The IdP's records behind the catalog, as `GET …/org-sync/explain` and the run history show them: ids, logins,
 * emails, status, group memberships of records that have no entity, and the values identity linking matched on.
 * Without it, explain answers entity-level facts only and the run history's link details have their emails blanked.
 *
 * @public
 */
export const orgSyncReadRecordsPermission = createPermission({ name: 'catalog.org-sync.read-records', attributes: { action: 'read' } });

/** Every permission of the operations API. @public */
export const orgSyncPermissions = [orgSyncRunPermission, orgSyncDryRunPermission, orgSyncAcceptPlanPermission, orgSyncReadRecordsPermission];
