import type { Config } from '@backstage/config';
import {
  checkIdpUrl,
  checkKnownKeys,
  commonProviderKeys,
  readOptionalText,
  readOptionalWholeNumber,
  readProviderEntries,
  readRequestTimeoutMs,
  readRequiredText,
  type ConfiguredProvider,
  type ReadProviderEntriesOptions,
} from '@orgsync/plugin-catalog-org-sync-node';
import { checkOAuthPrivateKey } from './client/oauthPrivateKey';

/** @public */
export const CONFIG_ROOT = 'catalog.providers.okta';

/** Every Okta user status. @public */
export const OKTA_USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'LOCKED_OUT',
  'PASSWORD_EXPIRED',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;
/** @public */
export type OktaUserStatus = (typeof OKTA_USER_STATUSES)[number];

/** What the plain user list returns: every status but DEPROVISIONED. @alpha */
export const DEFAULT_USER_STATUSES: OktaUserStatus[] = OKTA_USER_STATUSES.filter(s => s !== 'DEPROVISIONED');

/** @alpha */
export const DEFAULT_CONCURRENCY = 16;
/** Slices of the user list read side by side (`users.partitions`). @alpha */
export const DEFAULT_USER_PARTITIONS = 4;
/** @alpha */
export const DEFAULT_MAX_RETRIES = 10;

/** @public */
export type OktaAuthConfig =
  | { kind: 'token'; token: string }
  | { kind: 'oauth'; clientId: string; keyId?: string; privateKey: string };

/** @public */
export interface OktaProviderConfig {
  id: string;
  /** Overrides `okta:<id>` as provider name and location key (to take over another module's entities). */
  providerName?: string;
  /** Where this provider's settings live, for error messages. */
  configPath: string;
  orgUrl: string;
  auth: OktaAuthConfig;
  users: {
    filter?: string;
    search?: string;
    /** Users with one of these statuses become entities; the others are left out. */
    statuses: OktaUserStatus[];
    /** Profile attribute holding a picture URL. */
    pictureAttribute?: string;
    /** Slices of the user list read side by side (1: one listing, page after page). */
    partitions: number;
  };
  groups: {
    filter?: string;
    search?: string;
    /** `spec.type` of every group; undefined = the shared `groupType` or `team`. */
    type?: string;
    /** Group profile attribute naming the parent group (by id or name). */
    parentAttribute?: string;
    pruneEmpty: boolean;
    /** Take a group Okta counts no members in (`expand=stats`) as empty without reading its member list. */
    skipEmptyMemberReads: boolean;
  };
  /** Profile attributes copied to `okta.com/profile-<attribute>` annotations. */
  profileAnnotations: string[];
  /** Member fetches in flight at once. */
  concurrency: number;
  /** Retries of one request answered 429 (each waits for `X-Rate-Limit-Reset`). */
  maxRetries: number;
  /** Budget of one request to Okta, body included (`requestTimeout`). */
  requestTimeoutMs: number;
}

// Every key Roadie's Okta module reads (orgUrl, token, oauth, userFilter, groupFilter, schedule) is
// one of ours, so an unknown key is a typo or a setting this module does not have: it fails.
const KEYS = [
  'id',
  'providerName',
  'orgUrl',
  'token',
  'oauth',
  'users',
  'groups',
  'profileAnnotations',
  'concurrency',
  'maxRetries',
  'userFilter',
  'groupFilter',
  'events',
  ...commonProviderKeys,
];
const USER_KEYS = ['filter', 'search', 'statuses', 'pictureAttribute', 'partitions'];
const GROUP_KEYS = ['filter', 'search', 'type', 'parentAttribute', 'pruneEmpty', 'skipEmptyMemberReads'];
const OAUTH_KEYS = ['clientId', 'keyId', 'privateKey'];
/** Settings this module had under another name, and what replaced them. */
const RENAMED_KEYS: Record<string, string> = {
  requestTimeoutSeconds: 'requestTimeout (a duration, e.g. { seconds: 30 } or "PT30S")',
};
const ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

function checkKeys(config: Config, known: string[], path: string) {
  for (const key of config.keys()) {
    if (RENAMED_KEYS[key]) throw new Error(`${path}.${key} was replaced by ${RENAMED_KEYS[key]}`);
  }
  checkKnownKeys(config, known, path, { onUnknown: 'fail', what: 'an Okta provider setting' });
}

/** Okta's text settings are read trimmed: a token or URL pasted with a newline still works. */
function optionalText(config: Config, key: string, path: string): string | undefined {
  return readOptionalText(config, key, path)?.trim();
}

function positiveInteger(config: Config, key: string, path: string, fallback: number, max: number): number {
  return readOptionalWholeNumber(config, key, path, { min: 1, max }) ?? fallback;
}

/** The org's base URL: https (or loopback, or `allowInsecureHttp: true`), no path. */
function readOrgUrl(config: Config, path: string): string {
  const raw = readRequiredText(config, 'orgUrl', path, 'https://your-org.okta.com').trim();
  const url = checkIdpUrl(raw, `${path}.orgUrl`, {
    allowInsecureHttp: config.getOptionalBoolean('allowInsecureHttp') ?? false,
    optInSetting: `${path}.allowInsecureHttp`,
  });
  if ((url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new Error(`${path}.orgUrl "${raw}" must be the org's base URL, without a path (e.g. https://your-org.okta.com)`);
  }
  return url.origin;
}

function readAuth(config: Config, path: string): OktaAuthConfig {
  const token = optionalText(config, 'token', path);
  const oauth = config.getOptionalConfig('oauth');
  if (token && oauth) throw new Error(`${path} sets both token and oauth; choose one`);
  if (token) return { kind: 'token', token };
  if (!oauth) throw new Error(`${path} needs credentials: token (an SSWS API token) or oauth: { clientId, keyId, privateKey }`);
  const oauthPath = `${path}.oauth`;
  checkKeys(oauth, OAUTH_KEYS, oauthPath);
  const clientId = optionalText(oauth, 'clientId', oauthPath);
  // Kept exactly as given: a PEM is whitespace-sensitive.
  const privateKey = optionalText(oauth, 'privateKey', oauthPath) && oauth.getString('privateKey');
  if (!clientId) throw new Error(`${oauthPath}.clientId is required (the service app's client id)`);
  if (!privateKey) throw new Error(`${oauthPath}.privateKey is required (PEM or JWK of the service app's key)`);
  checkOAuthPrivateKey(privateKey, `${oauthPath}.privateKey`);
  return { kind: 'oauth', clientId, keyId: optionalText(oauth, 'keyId', oauthPath), privateKey };
}

function readStatuses(config: Config, path: string, hasQuery: boolean): OktaUserStatus[] {
  const raw = config.getOptional('statuses');
  if (raw === undefined) return [...DEFAULT_USER_STATUSES];
  if (!Array.isArray(raw) || raw.length === 0 || raw.some(s => typeof s !== 'string')) {
    throw new Error(`${path}.statuses must be a non-empty list of Okta statuses (${OKTA_USER_STATUSES.join(', ')})`);
  }
  const statuses = raw.map(s => String(s).toUpperCase());
  const unknown = statuses.filter(s => !(OKTA_USER_STATUSES as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`${path}.statuses has unknown status ${unknown.join(', ')}; use ${OKTA_USER_STATUSES.join(', ')}`);
  if (statuses.includes('DEPROVISIONED') && !hasQuery) {
    throw new Error(
      `${path}.statuses includes DEPROVISIONED, which Okta's plain user list never returns; also set ${path}.filter or ${path}.search (they return every status)`,
    );
  }
  return [...new Set(statuses)] as OktaUserStatus[];
}

function readAttributeList(config: Config, key: string, path: string): string[] {
  const raw = config.getOptional(key);
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some(a => typeof a !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(a))) {
    throw new Error(`${path}.${key} must be a list of profile attribute names (letters, digits, _ . -)`);
  }
  return [...new Set(raw as string[])];
}

/**
 * Reads one provider entry. `legacy` marks Roadie's array form, whose
 * `userFilter` / `groupFilter` are Okta `search` expressions.
 *
 * @public
 */
export function readOktaProviderConfig(config: Config, id: string, configPath: string): OktaProviderConfig {
  checkKeys(config, KEYS, configPath);
  const usersConfig = config.getOptionalConfig('users');
  const groupsConfig = config.getOptionalConfig('groups');
  if (usersConfig) checkKeys(usersConfig, USER_KEYS, `${configPath}.users`);
  if (groupsConfig) checkKeys(groupsConfig, GROUP_KEYS, `${configPath}.groups`);

  const userFilter = optionalText(config, 'userFilter', configPath);
  const groupFilter = optionalText(config, 'groupFilter', configPath);
  const users = {
    filter: usersConfig && optionalText(usersConfig, 'filter', `${configPath}.users`),
    search: usersConfig && optionalText(usersConfig, 'search', `${configPath}.users`),
  };
  const groups = {
    filter: groupsConfig && optionalText(groupsConfig, 'filter', `${configPath}.groups`),
    search: groupsConfig && optionalText(groupsConfig, 'search', `${configPath}.groups`),
  };
  if (userFilter && users.search) throw new Error(`${configPath} sets both userFilter and users.search; keep users.search`);
  if (groupFilter && groups.search) throw new Error(`${configPath} sets both groupFilter and groups.search; keep groups.search`);
  users.search ??= userFilter;
  groups.search ??= groupFilter;
  const hasUserQuery = Boolean(users.filter || users.search);

  const providerName = optionalText(config, 'providerName', configPath);
  if (providerName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9:_.-]*$/.test(providerName)) {
    throw new Error(`${configPath}.providerName "${providerName}" may hold only letters, digits and : _ . -`);
  }
  return {
    id,
    providerName,
    configPath,
    orgUrl: readOrgUrl(config, configPath),
    auth: readAuth(config, configPath),
    users: {
      ...users,
      statuses: usersConfig ? readStatuses(usersConfig, `${configPath}.users`, hasUserQuery) : [...DEFAULT_USER_STATUSES],
      pictureAttribute: usersConfig && optionalText(usersConfig, 'pictureAttribute', `${configPath}.users`),
      partitions: usersConfig ? positiveInteger(usersConfig, 'partitions', `${configPath}.users`, DEFAULT_USER_PARTITIONS, 32) : DEFAULT_USER_PARTITIONS,
    },
    groups: {
      ...groups,
      type: groupsConfig && optionalText(groupsConfig, 'type', `${configPath}.groups`),
      parentAttribute: groupsConfig && optionalText(groupsConfig, 'parentAttribute', `${configPath}.groups`),
      pruneEmpty: groupsConfig?.getOptionalBoolean('pruneEmpty') ?? false,
      skipEmptyMemberReads: groupsConfig?.getOptionalBoolean('skipEmptyMemberReads') ?? true,
    },
    profileAnnotations: readAttributeList(config, 'profileAnnotations', configPath),
    concurrency: positiveInteger(config, 'concurrency', configPath, DEFAULT_CONCURRENCY, 100),
    maxRetries: positiveInteger(config, 'maxRetries', configPath, DEFAULT_MAX_RETRIES, 100),
    requestTimeoutMs: readRequestTimeoutMs(config, configPath),
  };
}

/** A provider id from the org's host (and port, so two local orgs differ): `acme.okta.com` → `acme-okta-com`. @alpha */
export function providerIdFromOrgUrl(orgUrl: string): string {
  const url = new URL(orgUrl);
  const id = `${url.hostname}${url.port ? `-${url.port}` : ''}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id.slice(0, 63).replace(/-+$/, '') || 'okta';
}

/** Roadie's list items: the id from `id`, else from the org host. */
function oktaProviderId(config: Config, configPath: string): string {
  const explicit = config.getOptionalString('id');
  if (explicit) return explicit;
  const orgUrl = config.getOptionalString('orgUrl');
  if (!orgUrl) throw new Error(`${configPath}.orgUrl is required (e.g. https://your-org.okta.com)`);
  try {
    return providerIdFromOrgUrl(orgUrl);
  } catch {
    throw new Error(`${configPath}.orgUrl "${orgUrl}" is not a URL (e.g. https://your-org.okta.com)`);
  }
}

/** `catalog.providers.okta` is keyed by provider id (like the official modules) or, Roadie's form, a list. @alpha */
export const OKTA_PROVIDER_ENTRIES: ReadProviderEntriesOptions = {
  forms: ['keyed', 'list'],
  idOf: oktaProviderId,
  // Settings written directly under the root, without an id: refused with where to put them.
  isSingle: config => typeof config.getOptional('orgUrl') === 'string',
};

/**
 * The configured providers, from either form: `catalog.providers.okta.<id>: {...}` or
 * `catalog.providers.okta: [{ orgUrl, ... }]`. Ids must fit a provider name, provider names must differ.
 *
 * @alpha
 */
export function readOktaProviderEntries(rootConfig: Config): ConfiguredProvider[] {
  const entries = readProviderEntries(rootConfig, CONFIG_ROOT, OKTA_PROVIDER_ENTRIES);
  for (const entry of entries) {
    if (!ID_PATTERN.test(entry.id)) {
      throw new Error(`${entry.configPath}: provider id "${entry.id}" must be 1-63 characters of letters, digits, _ . - starting with a letter or digit`);
    }
  }
  const names = new Map<string, string>();
  for (const entry of entries) {
    const name = entry.config.getOptionalString('providerName') ?? `okta:${entry.id}`;
    const previous = names.get(name);
    if (previous) throw new Error(`${entry.configPath} and ${previous} both use the provider name "${name}"; each provider needs its own`);
    names.set(name, entry.configPath);
  }
  return entries;
}
