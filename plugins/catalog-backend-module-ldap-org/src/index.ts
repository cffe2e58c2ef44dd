/**
 * Catalog backend module: LDAP, Active Directory, FreeIPA and Æ-DIR users and groups as User and Group
 * entities — a drop-in for `@backstage/plugin-catalog-backend-module-ldap` on the org-sync engine.
 *
 * @packageDocumentation
 */
import { catalogModuleLdapOrg } from './module';

export default catalogModuleLdapOrg;
export { catalogModuleLdapOrg };
export {
  transformerFor,
  ldapOrgEntityProviderTransformsExtensionPoint,
  type LdapVendor,
  type LdapQueryConfigForTransformer,
  type LdapUserTransformer,
  type LdapGroupTransformer,
  type LdapOrgEntityProviderTransformsExtensionPoint,
  type TransformerSetting,
} from './extensionPoint';
export { LDAP_DN_ANNOTATION, LDAP_RDN_ANNOTATION, LDAP_UUID_ANNOTATION } from './annotations';
export { createLdapOrgEntityProviders, type CreateLdapOrgEntityProvidersOptions } from './createLdapOrgEntityProviders';
export { CONFIG_ROOT, readLdapProviderConfig, type LdapProviderConfig, type LdapQueryConfig, type LdapSearchOptions, type LdapMap, type LdapTlsConfig, type JsonObject } from './config';
export { DEFAULT_GROUP_NAMING, DEFAULT_GROUP_TYPE, DEFAULT_USER_NAMING, officialLocationKey, officialProviderName } from './defaults';
export { VENDORS, VENDOR_NAMES, detectVendor, formatGuid, type LdapVendorProfile, type VendorName } from './vendors';
export { normalizeDn } from './source/dn';
export type { RawLdapEntry } from './source/rawEntry';
export type { LdapRaw } from './source/toRecords';
