/** The official module's annotations (same keys, same values for the same directory). */
export const LDAP_RDN_ANNOTATION = 'backstage.io/ldap-rdn';
export const LDAP_DN_ANNOTATION = 'backstage.io/ldap-dn';
export const LDAP_UUID_ANNOTATION = 'backstage.io/ldap-uuid';
