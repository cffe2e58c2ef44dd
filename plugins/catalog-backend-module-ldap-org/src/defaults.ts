import type { GroupNamingStrategies, UserNamingStrategies } from '@orgsync/plugin-catalog-org-sync-node';

export const LDAP_IDP = 'ldap';
/** The official provider's name and location key, so a switch takes over its entities instead of conflicting with them. @alpha */
export const officialProviderName = (id: string) => `LdapOrgEntityProvider:${id}`;
/** @alpha */
export const officialLocationKey = (id: string) => `ldap-org-provider:${id}`;

/** The official names: the `map.name` attribute's value (default `uid` for users, `cn` for groups), made valid when it is not. @alpha */
export const DEFAULT_USER_NAMING = 'ldap-name';
/** @alpha */
export const DEFAULT_GROUP_NAMING = 'ldap-name';
/** The official module's `spec.type` of a group without the `map.type` attribute (`groupType`). @alpha */
export const DEFAULT_GROUP_TYPE = 'unknown';

export const ldapUserNamingStrategies: UserNamingStrategies = {
  'ldap-name': r => (typeof r.attributes?.name === 'string' ? r.attributes.name : undefined),
};
export const ldapGroupNamingStrategies: GroupNamingStrategies = {
  'ldap-name': r => r.name,
};
