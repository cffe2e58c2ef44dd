import type { OrgProviderCommonConfig } from '@orgsync/plugin-catalog-org-sync-node';

/** The official module's search options. */
interface LdapSearchOptionsConfig {
  /** Default `one`. */
  scope?: 'base' | 'one' | 'sub';
  /** An LDAP filter, e.g. `(objectClass=inetOrgPerson)`; whitespace around parentheses is ignored. */
  filter?: string;
  /** Attributes to request. Default `['*', '+']`; the module adds the ones it needs. */
  attributes?: string | string[];
  /** Paged search (RFC 2696). Ours: default `{ pageSize: 500 }`; `false` turns paging off. */
  paged?: boolean | { pageSize?: number; pagePause?: boolean };
  /** More entries than this fail the run (nothing applied), never a cut list. */
  sizeLimit?: number;
  /** Seconds the server may spend on the search. */
  timeLimit?: number;
  /** 0 never, 1 search, 2 find, 3 always, or one of those names (checked when the config is read). */
  derefAliases?: number | string;
  /** Request attribute names only (rarely useful). */
  typesOnly?: boolean;
  /** The official module reads this key but does not use it. */
  attributeValues?: boolean;
  /** The official module's schema lists this key; unused. */
  returnAttributeValues?: boolean;
}

/** JSON value for `set`. */
type LdapJsonValue = string | number | boolean | null | LdapJsonValue[] | { [key: string]: LdapJsonValue };

interface LdapQueryConfigBase {
  /** The DN under which to search, e.g. `ou=people,dc=example,dc=com`. */
  dn: string;
  /** How to search. */
  options?: LdapSearchOptionsConfig;
  /** `a.b.c` paths and values set on every entity of this query (before the mapped attributes). */
  set?: { [path: string]: LdapJsonValue };
}

interface LdapUserQueryConfig extends LdapQueryConfigBase {
  /** Entry attributes → entity fields. */
  map?: {
    /** Default `uid`: `backstage.io/ldap-rdn`. */
    rdn?: string;
    /** Default `uid`: the entity name (made valid when it is not). */
    name?: string;
    /** `metadata.description`. Default none. */
    description?: string;
    /** Default `cn`. */
    displayName?: string;
    /** Default `mail` (the first value when there are several). */
    email?: string;
    /** Default none. */
    picture?: string;
    /** Default `memberOf` (`null` keeps the default, as in the official module). */
    memberOf?: string | null;
  };
}

interface LdapGroupQueryConfig extends LdapQueryConfigBase {
  /** Entry attributes → entity fields. */
  map?: {
    /** Default `cn`. */
    rdn?: string;
    /** Default `cn`: the entity name (made valid when it is not, the original kept as title). */
    name?: string;
    /** Default `description`. */
    description?: string;
    /** Default `cn`. */
    displayName?: string;
    /** Default none. */
    email?: string;
    /** Default none. */
    picture?: string;
    /** Default `memberOf` (parent groups). */
    memberOf?: string | null;
    /** Default `member`: DNs (or uuids, or RDN values such as `memberUid`) of members. */
    members?: string | null;
    /** Default `groupType`: `spec.type` (else `groupType`, default `unknown`). */
    type?: string;
  };
}

/** One directory. */
interface LdapOrgProviderConfig extends OrgProviderCommonConfig {
  /** `ldaps://host:636` or `ldap://host:389` (ldap:// to a non-loopback host with a bind needs `tls.startTls` or `allowInsecureHttp`). */
  target: string;
  /** The account to bind as. No bind: anonymous. */
  bind?: {
    /** E.g. `cn=backstage,ou=services,dc=example,dc=com`. */
    dn: string;
    /**
     * Its password.
     * @visibility secret
     */
    secret: string;
  };
  /** TLS for ldaps:// and StartTLS. */
  tls?: {
    /** Default true: verify the server's certificate. */
    rejectUnauthorized?: boolean;
    /** Path of a client private key (PEM), with `certs`. */
    keys?: string;
    /** Path of a client certificate (PEM), with `keys`. */
    certs?: string;
    /** Ours: path of the CA certificate(s) (PEM) that signed the server's certificate (a private CA). */
    ca?: string;
    /** Ours: upgrade an ldap:// connection with StartTLS before binding. Default false. */
    startTls?: boolean;
  };
  /** The directory server (default detected from the root DSE, as the official module does). */
  vendor?: {
    /** Ours: `openldap`, `activedirectory`, `freeipa`, `aedir`, or `auto` (default). */
    name?: 'auto' | 'openldap' | 'activedirectory' | 'freeipa' | 'aedir';
    /** The attribute holding an entry's DN (OpenLDAP `entryDN`, AD `distinguishedName`, FreeIPA `dn`). */
    dnAttributeName?: string;
    /** The attribute holding an entry's stable id (OpenLDAP `entryUUID`, AD `objectGUID`, FreeIPA `ipaUniqueID`). */
    uuidAttributeName?: string;
  };
  /** Where and how to read users: one query or a list. */
  users?: LdapUserQueryConfig | LdapUserQueryConfig[];
  /** Where and how to read groups: one query or a list. */
  groups?: LdapGroupQueryConfig | LdapGroupQueryConfig[];
  /** Ours: keep disabled accounts (AD userAccountControl 0x2, FreeIPA nsAccountLock, ppolicy administrative lock, Æ-DIR aeStatus > 0). Default false. */
  includeDisabledUsers?: boolean;
  /** Ours: change signals between scheduled runs. */
  events?: {
    /** Poll for entries changed since the last poll (entryCSN, AD uSNChanged, modifyTimestamp). */
    poll?: {
      /** Default false. */
      enabled?: boolean;
      /** How often (engine setting). Default 30 seconds; 1 second to 1 day. */
      interval?: { [unit: string]: number } | string;
    };
  };
  naming?: {
    /** Default `ldap-name` (the `map.name` attribute, as the official module); also `id`, `login`, `email`, `strip-domain-email`, … */
    users?: string;
    /** Default `ldap-name` (the `map.name` attribute); also `id`, `name`, `kebab-case-name`, `display-name`, … */
    groups?: string;
  };
  /** `spec.type` of groups without the `map.type` attribute. Default `unknown` (the official module's). */
  groupType?: string;
}

export interface Config {
  catalog?: {
    providers?: {
      /** LDAP directories to sync, keyed by provider id (the official module's key). */
      ldapOrg?: { [id: string]: LdapOrgProviderConfig };
    };
  };
}
