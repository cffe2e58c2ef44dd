import type { Config } from '@backstage/config';
import type { JsonValue } from '@orgsync/plugin-catalog-org-sync-node';
import { checkKnownKeys, commonProviderKeys, isLoopbackHost, readOptionalText, readOptionalWholeNumber, readRequestTimeoutMs, readRequiredText } from '@orgsync/plugin-catalog-org-sync-node';
import { VENDOR_NAMES, type VendorName } from './vendors';

/** A JSON object (the official `set`). @public */
export type JsonObject = { [key: string]: JsonValue };

/** @public */
export const CONFIG_ROOT = 'catalog.providers.ldapOrg';

/** The official module's search options (`users[].options`, `groups[].options`). @public */
export interface LdapSearchOptions {
  scope: 'base' | 'one' | 'sub';
  filter?: string;
  attributes: string[];
  /** Page size of a paged search; undefined = not paged. */
  pageSize?: number;
  /** More entries than this fail the read (never a cut list). */
  sizeLimit?: number;
  timeLimit?: number;
  derefAliases?: 'never' | 'search' | 'find' | 'always';
  typesOnly?: boolean;
}

/** Which entry attributes fill which entity fields (the official module's `map`). @public */
export interface LdapMap {
  rdn: string;
  name: string;
  description?: string;
  displayName?: string;
  email?: string;
  picture?: string;
  memberOf?: string;
  /** Groups only. */
  members?: string;
  /** Groups only. */
  type?: string;
}

/** One `users` or `groups` entry: where to search, how, and what to set and map. @public */
export interface LdapQueryConfig {
  dn: string;
  options: LdapSearchOptions;
  /** `a.b.c` paths and values set on every entity of this query (the official `set`). */
  set?: JsonObject;
  map: LdapMap;
}

/** @public */
export interface LdapTlsConfig {
  rejectUnauthorized?: boolean;
  /** Path of the client's private key (PEM), with `certs`. */
  keys?: string;
  /** Path of the client's certificate (PEM), with `keys`. */
  certs?: string;
  /** Path of the CA certificate(s) (PEM) to trust instead of the system's. */
  ca?: string;
  /** Upgrade an `ldap://` connection with StartTLS before binding. */
  startTls: boolean;
}

/** @public */
export interface LdapProviderConfig {
  id: string;
  configPath: string;
  target: string;
  bind?: { dn: string; secret: string };
  tls: LdapTlsConfig;
  /** `auto`: detected from the root DSE, as the official module does. */
  vendor: { name: VendorName | 'auto'; dnAttributeName?: string; uuidAttributeName?: string };
  users: LdapQueryConfig[];
  groups: LdapQueryConfig[];
  /** Keep disabled accounts (AD userAccountControl 0x2, nsAccountLock, ppolicy lock) in the catalog. */
  includeDisabledUsers: boolean;
  requestTimeoutMs: number;
  /** Poll for changed entries between scheduled runs (`events.poll.enabled`). */
  pollChanges: boolean;
}

/** The official module's defaults (0.12.9), so the same config gives the same entities. */
const DEFAULT_USER_MAP: LdapMap = { rdn: 'uid', name: 'uid', displayName: 'cn', email: 'mail', memberOf: 'memberOf' };
const DEFAULT_GROUP_MAP: LdapMap = {
  rdn: 'cn',
  name: 'cn',
  description: 'description',
  displayName: 'cn',
  type: 'groupType',
  memberOf: 'memberOf',
  members: 'member',
};
const DEFAULT_ATTRIBUTES = ['*', '+'];
/** Ours: searches are paged unless `paged: false` (a directory's own size limit cuts unpaged searches). */
export const DEFAULT_PAGE_SIZE = 500;

const KEYS = ['target', 'bind', 'tls', 'vendor', 'users', 'groups', 'includeDisabledUsers', 'events', ...commonProviderKeys];
const QUERY_KEYS = ['dn', 'options', 'set', 'map'];
const OPTION_KEYS = ['scope', 'filter', 'attributes', 'paged', 'sizeLimit', 'timeLimit', 'derefAliases', 'typesOnly', 'attributeValues', 'returnAttributeValues'];
const USER_MAP_KEYS: (keyof LdapMap)[] = ['rdn', 'name', 'description', 'displayName', 'email', 'picture', 'memberOf'];
const GROUP_MAP_KEYS: (keyof LdapMap)[] = [...USER_MAP_KEYS, 'members', 'type'];
const DEREF = ['never', 'search', 'find', 'always'] as const;

/** The official `filter` formatting: whitespace around parentheses removed (multi-line YAML filters). */
function formatFilter(filter: string | undefined): string | undefined {
  return filter?.replace(/\s*(\(|\))/g, '$1').trim();
}

function readOptions(config: Config | undefined, path: string): LdapSearchOptions {
  if (!config) return { scope: 'one', attributes: DEFAULT_ATTRIBUTES, pageSize: DEFAULT_PAGE_SIZE };
  checkKnownKeys(config, OPTION_KEYS, path, { onUnknown: 'fail', what: 'an LDAP search option' });
  const scope = readOptionalText(config, 'scope', path) ?? 'one';
  if (!['base', 'one', 'sub'].includes(scope)) throw new Error(`${path}.scope must be base, one or sub, got "${scope}"`);
  const rawAttributes = config.getOptional('attributes');
  const attributes = rawAttributes === undefined ? DEFAULT_ATTRIBUTES : typeof rawAttributes === 'string' ? [rawAttributes] : config.getStringArray('attributes');
  const paged = config.getOptional('paged');
  let pageSize: number | undefined = DEFAULT_PAGE_SIZE;
  if (paged === false) pageSize = undefined;
  else if (paged && typeof paged === 'object') pageSize = readOptionalWholeNumber(config, 'paged.pageSize', path, { min: 1, max: 100_000 }) ?? DEFAULT_PAGE_SIZE;
  else if (paged !== undefined && paged !== true) throw new Error(`${path}.paged must be true, false or { pageSize }`);
  const deref = config.getOptional('derefAliases');
  let derefAliases: LdapSearchOptions['derefAliases'];
  if (typeof deref === 'number' && DEREF[deref]) derefAliases = DEREF[deref];
  else if (typeof deref === 'string' && (DEREF as readonly string[]).includes(deref)) derefAliases = deref as LdapSearchOptions['derefAliases'];
  else if (deref !== undefined) throw new Error(`${path}.derefAliases must be 0-3 or never, search, find, always`);
  return {
    scope: scope as LdapSearchOptions['scope'],
    filter: formatFilter(readOptionalText(config, 'filter', path)),
    attributes,
    pageSize,
    sizeLimit: readOptionalWholeNumber(config, 'sizeLimit', path, { min: 1, max: 100_000_000 }),
    timeLimit: readOptionalWholeNumber(config, 'timeLimit', path, { min: 1, max: 86_400 }),
    derefAliases,
    typesOnly: config.getOptionalBoolean('typesOnly'),
  };
}

function readMap(config: Config | undefined, path: string, defaults: LdapMap, keys: (keyof LdapMap)[]): LdapMap {
  if (!config) return { ...defaults };
  checkKnownKeys(config, keys, path, { onUnknown: 'fail', what: 'an LDAP attribute mapping' });
  const map: LdapMap = { ...defaults };
  for (const key of keys) {
    // `null` (which the official schema allows for memberOf and members) keeps the default, as in the official module.
    const attribute = readOptionalText(config, key, path);
    if (attribute !== undefined) map[key] = attribute;
  }
  return map;
}

function readQueries(config: Config, key: 'users' | 'groups', path: string): LdapQueryConfig[] {
  const raw = config.getOptional(key);
  if (raw === undefined) return [];
  const entries = Array.isArray(raw) ? config.getConfigArray(key) : [config.getConfig(key)];
  return entries.map((entry, i) => {
    const at = Array.isArray(raw) ? `${path}.${key}[${i}]` : `${path}.${key}`;
    checkKnownKeys(entry, QUERY_KEYS, at, { onUnknown: 'fail', what: `an LDAP ${key} setting` });
    const set = entry.getOptional('set');
    if (set !== undefined && (typeof set !== 'object' || set === null || Array.isArray(set))) throw new Error(`${at}.set must be an object of paths and values`);
    return {
      dn: readRequiredText(entry, 'dn', at),
      options: readOptions(entry.getOptionalConfig('options'), `${at}.options`),
      set: set as JsonObject | undefined,
      map: readMap(entry.getOptionalConfig('map'), `${at}.map`, key === 'users' ? DEFAULT_USER_MAP : DEFAULT_GROUP_MAP, key === 'users' ? USER_MAP_KEYS : GROUP_MAP_KEYS),
    };
  });
}

function readPollEnabled(config: Config, configPath: string): boolean {
  const events = config.getOptionalConfig('events');
  if (!events) return false;
  checkKnownKeys(events, ['poll'], `${configPath}.events`, { onUnknown: 'fail', what: 'an LDAP change signal (only poll)' });
  const poll = events.getOptionalConfig('poll');
  if (poll) checkKnownKeys(poll, ['enabled', 'interval'], `${configPath}.events.poll`, { onUnknown: 'fail', what: 'a poll setting' });
  return poll?.getOptionalBoolean('enabled') ?? false;
}

/** Reads and checks one provider entry; every error names the setting. @public */
export function readLdapProviderConfig(config: Config, id: string, configPath: string): LdapProviderConfig {
  checkKnownKeys(config, KEYS, configPath, { onUnknown: 'fail', what: 'an LDAP provider setting' });
  const target = readRequiredText(config, 'target', configPath).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new Error(`${configPath}.target is not an LDAP URL (ldaps://host:636 or ldap://host:389): ${JSON.stringify(target.slice(0, 200))}`);
  }
  if (!['ldap:', 'ldaps:'].includes(url.protocol)) throw new Error(`${configPath}.target must start with ldaps:// or ldap://, got ${url.protocol}//`);
  const bindConfig = config.getOptionalConfig('bind');
  if (bindConfig) checkKnownKeys(bindConfig, ['dn', 'secret'], `${configPath}.bind`, { onUnknown: 'fail', what: 'a bind setting' });
  const bind = bindConfig ? { dn: readRequiredText(bindConfig, 'dn', `${configPath}.bind`), secret: bindConfig.getString('secret') } : undefined;
  const tlsConfig = config.getOptionalConfig('tls');
  if (tlsConfig) checkKnownKeys(tlsConfig, ['rejectUnauthorized', 'keys', 'certs', 'ca', 'startTls'], `${configPath}.tls`, { onUnknown: 'fail', what: 'a TLS setting' });
  const tls: LdapTlsConfig = {
    rejectUnauthorized: tlsConfig?.getOptionalBoolean('rejectUnauthorized'),
    keys: tlsConfig && readOptionalText(tlsConfig, 'keys', `${configPath}.tls`),
    certs: tlsConfig && readOptionalText(tlsConfig, 'certs', `${configPath}.tls`),
    ca: tlsConfig && readOptionalText(tlsConfig, 'ca', `${configPath}.tls`),
    startTls: tlsConfig?.getOptionalBoolean('startTls') ?? false,
  };
  if (Boolean(tls.keys) !== Boolean(tls.certs)) throw new Error(`${configPath}.tls: keys and certs go together (a client certificate and its key)`);
  if (tls.startTls && url.protocol === 'ldaps:') throw new Error(`${configPath}.tls.startTls is for ldap:// targets; ${target} is already TLS`);
  const insecureAllowed = config.getOptionalBoolean('allowInsecureHttp') ?? false;
  if (bind && url.protocol === 'ldap:' && !tls.startTls && !isLoopbackHost(url.hostname) && !insecureAllowed) {
    throw new Error(
      `${configPath}.target ${target} would send the bind secret in clear text: use ldaps://, set ${configPath}.tls.startTls: true, ` +
        `or accept it with ${configPath}.allowInsecureHttp: true`,
    );
  }
  const vendorConfig = config.getOptionalConfig('vendor');
  if (vendorConfig) checkKnownKeys(vendorConfig, ['name', 'dnAttributeName', 'uuidAttributeName'], `${configPath}.vendor`, { onUnknown: 'fail', what: 'a vendor setting' });
  const vendorName = (vendorConfig && readOptionalText(vendorConfig, 'name', `${configPath}.vendor`)) ?? 'auto';
  if (vendorName !== 'auto' && !(VENDOR_NAMES as readonly string[]).includes(vendorName)) {
    throw new Error(`${configPath}.vendor.name must be auto, ${VENDOR_NAMES.join(', ')}; got "${vendorName}"`);
  }
  const users = readQueries(config, 'users', configPath);
  const groups = readQueries(config, 'groups', configPath);
  if (users.length === 0 && groups.length === 0) throw new Error(`${configPath} needs users or groups (each { dn, options, map })`);
  return {
    id,
    configPath,
    target,
    bind,
    tls,
    vendor: {
      name: vendorName as VendorName | 'auto',
      dnAttributeName: vendorConfig && readOptionalText(vendorConfig, 'dnAttributeName', `${configPath}.vendor`),
      uuidAttributeName: vendorConfig && readOptionalText(vendorConfig, 'uuidAttributeName', `${configPath}.vendor`),
    },
    users,
    groups,
    includeDisabledUsers: config.getOptionalBoolean('includeDisabledUsers') ?? false,
    requestTimeoutMs: readRequestTimeoutMs(config, configPath),
    pollChanges: readPollEnabled(config, configPath),
  };
}
