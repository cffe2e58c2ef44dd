import type { Entity } from '@backstage/catalog-model';
import type { AdLdapEmulator, AdObjectView } from '@orgsync/idp-emulators';
import { ACCOUNT_DISABLED } from '@orgsync/idp-emulators';
import { annotation, manualSchedule, UUID } from './harness';

/** The provider config an AD administrator writes for the emulated domain (users by sAMAccountName, groups by cn). */
export function adProviderConfig(ad: AdLdapEmulator, extra: Record<string, unknown> = {}) {
  return {
    target: ad.url,
    bind: { dn: ad.bindDn, secret: ad.bindPassword },
    vendor: { name: 'activedirectory' },
    users: {
      dn: ad.peopleDn,
      options: { scope: 'sub', filter: '(&(objectCategory=person)(objectClass=user))', paged: { pageSize: 100 } },
      map: { rdn: 'cn', name: 'sAMAccountName', displayName: 'displayName', email: 'mail' },
    },
    groups: {
      dn: ad.groupsDn,
      options: { scope: 'sub', filter: '(objectClass=group)' },
      map: { rdn: 'cn', name: 'cn', displayName: 'cn', description: 'description' },
    },
    schedule: manualSchedule,
    ...extra,
  };
}

export const isDisabled = (user: AdObjectView) => (Number(user.attributes.userAccountControl?.[0]) & ACCOUNT_DISABLED) !== 0;

/** The people the provider should emit: enabled users under the People OU. */
export function enabledPeople(ad: AdLdapEmulator): AdObjectView[] {
  return ad.admin.users().filter(u => u.dn.endsWith(ad.peopleDn) && !isDisabled(u));
}

/** Catalog entities by their `backstage.io/ldap-uuid` (the objectGUID string). */
export function byUuid(entities: Entity[]): Map<string, Entity> {
  return new Map(entities.filter(e => annotation(e, UUID)).map(e => [annotation(e, UUID)!, e]));
}

/** `user:default/<name>` of each member entity, lower-cased and sorted. */
export function memberRefs(group: Entity | undefined): string[] {
  return [...((group?.spec as { members?: string[] } | undefined)?.members ?? [])].map(r => r.toLowerCase()).sort();
}

export function refOf(entity: Entity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
}
