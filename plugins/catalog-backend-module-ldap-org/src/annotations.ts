/** The official module's annotations (same keys, same values for the same directory). @public */
export const LDAP_RDN_ANNOTATION = 'backstage.io/ldap-rdn';
/** @public */
export const LDAP_DN_ANNOTATION = 'backstage.io/ldap-dn';
/** @public */
export const LDAP_UUID_ANNOTATION = 'backstage.io/ldap-uuid';
