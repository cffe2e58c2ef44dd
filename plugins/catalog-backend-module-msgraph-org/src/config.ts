import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { checkIdpUrl, readRequestTimeoutMs, type ReadProviderEntriesOptions } from '@orgsync/plugin-catalog-org-sync-node';
import { checkProviderKeys } from './configKeys';

/** Where the providers are configured, one entry per id (as the official module). */
export const CONFIG_ROOT = 'catalog.providers.microsoftGraphOrg';
export const DEFAULT_TARGET = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_CONCURRENCY = 4;

/**
 * One provider's settings. The fields up to `loadUserPhotos` are the official
 * module's `MicrosoftGraphProviderConfig`, with the same names, so its
 * provider-config transformers keep working; the rest are ours.
 *
 * @public
 */
export interface MicrosoftGraphProviderConfig {
  id: string;
  target: string;
  authority?: string;
  tenantId: string;
  clientId?: string;
  clientSecret?: string;
  userFilter?: string;
  userSelect?: string[];
  userExpand?: string;
  userPath?: string;
  userGroupMemberFilter?: string;
  userGroupMemberSearch?: string;
  userGroupMemberPath?: string;
  groupExpand?: string;
  groupFilter?: string;
  groupSearch?: string;
  groupSelect?: string[];
  groupPath?: string;
  groupIncludeSubGroups?: boolean;
  queryMode?: 'basic' | 'advanced';
  loadUserPhotos?: boolean;
  // ours
  /** `user.search` ($search on the user list; forces the advanced query mode). */
  userSearch?: string;
  /** PEM file with the private key and certificate of the app registration. */
  clientCertificatePath?: string;
  /** Parallel `$batch` requests. */
  concurrency: number;
  /** Keep users with `userType eq 'Guest'`. Default true (the official module keeps them). */
  includeGuests: boolean;
  /** Keep users with `accountEnabled eq false`. Default false (as the official module). */
  includeDisabled: boolean;
  /** `linkTo` is set: the users join the people of another source, matched by their claims. */
  linksAccounts: boolean;
  /** With `linkTo`, a guest's `mail` matches people too. Default false: whoever invited the guest typed it. */
  linkGuestsByMail: boolean;
  /** `120x120` (default) reads `/photos/120x120/$value`; `original` reads `/photo/$value`. */
  photoSize: string;
  /** `requestTimeout`: the most one HTTP request (token requests too) may take, body included. */
  requestTimeoutMs: number;
  /** Config path of `requestTimeout`, for the message of a request that ran out of time. */
  requestTimeoutSetting: string;
}

const PHOTO_SIZES = ['48x48', '64x64', '96x96', '120x120', '240x240', '360x360', '432x432', '504x504', '648x648', 'original'];

/**
 * Unlike other IdPs, loopback addresses and `allowInsecureHttp` do not make `http:` usable here: the Graph client sends
 * its token only to `https:` URLs, and MSAL accepts only an `https:` authority.
 */
const HTTPS_ONLY =
  'Microsoft Graph needs https: — the Graph client sends its access token only to https: URLs ' +
  'and MSAL accepts only an https: authority, so neither a loopback address nor allowInsecureHttp makes http: usable for this provider';

function readHttpsUrl(config: Config, key: string, configPath: string): string | undefined {
  const value = config.getOptionalString(key)?.replace(/\/+$/, '');
  if (value !== undefined) checkIdpUrl(value, `${configPath}.${key}`, { httpsOnlyBecause: HTTPS_ONLY });
  return value;
}

type Endpoints = Pick<MicrosoftGraphProviderConfig, 'target' | 'authority'>;

/** Where Graph and its token endpoint are: `https:` only. */
function readEndpoints(config: Config, configPath: string, logger?: LoggerService): Endpoints {
  const target = readHttpsUrl(config, 'target', configPath) ?? DEFAULT_TARGET;
  const authority = readHttpsUrl(config, 'authority', configPath);
  if (config.getOptionalBoolean('allowInsecureHttp')) {
    logger?.warn(`${configPath}.allowInsecureHttp has no effect on this provider: Microsoft Graph and its token endpoint are reached over https: only`);
  }
  return { target, authority };
}

type Credentials = Pick<MicrosoftGraphProviderConfig, 'tenantId' | 'clientId' | 'clientSecret' | 'clientCertificatePath'>;

/** The tenant and the app registration's credentials: a secret or a certificate, with a client id, or none of them. */
function readCredentials(config: Config, configPath: string): Credentials {
  const at = (key: string) => `${configPath}.${key}`;
  const tenantId = config.getOptionalString('tenantId');
  if (!tenantId) throw new Error(`${at('tenantId')} is required`);
  const clientId = config.getOptionalString('clientId');
  const clientSecret = config.getOptionalString('clientSecret');
  const clientCertificatePath = config.getOptionalString('clientCertificatePath');
  if (clientSecret && clientCertificatePath) {
    throw new Error(`${at('clientSecret')} and ${at('clientCertificatePath')} are mutually exclusive, set only one`);
  }
  if (clientId && !clientSecret && !clientCertificatePath) {
    throw new Error(`${at('clientSecret')} (or ${at('clientCertificatePath')}) must be provided when clientId is defined`);
  }
  if ((clientSecret || clientCertificatePath) && !clientId) {
    throw new Error(`${at('clientId')} must be provided when ${clientSecret ? 'clientSecret' : 'clientCertificatePath'} is defined`);
  }
  return { tenantId, clientId, clientSecret, clientCertificatePath };
}

type Queries = Pick<
  MicrosoftGraphProviderConfig,
  | 'queryMode'
  | 'userFilter'
  | 'userSearch'
  | 'userSelect'
  | 'userExpand'
  | 'userPath'
  | 'loadUserPhotos'
  | 'userGroupMemberFilter'
  | 'userGroupMemberSearch'
  | 'userGroupMemberPath'
  | 'groupExpand'
  | 'groupFilter'
  | 'groupSearch'
  | 'groupSelect'
  | 'groupPath'
  | 'groupIncludeSubGroups'
>;

/** What to list: the official `user`, `group` and `userGroupMember` queries and the query mode. */
function readQueries(config: Config, configPath: string): Queries {
  const at = (key: string) => `${configPath}.${key}`;
  const queryMode = config.getOptionalString('queryMode');
  if (queryMode !== undefined && queryMode !== 'basic' && queryMode !== 'advanced') {
    throw new Error(`${at('queryMode')} must be one of: basic, advanced; got "${queryMode}"`);
  }
  const userFilter = config.getOptionalString('user.filter');
  const userGroupMemberFilter = config.getOptionalString('userGroupMember.filter');
  const userGroupMemberSearch = config.getOptionalString('userGroupMember.search');
  const userGroupMemberPath = config.getOptionalString('userGroupMember.path');
  if (userFilter && userGroupMemberFilter) {
    throw new Error(`${at('user.filter')} and ${at('userGroupMember.filter')} are mutually exclusive, only one can be specified`);
  }
  if (userFilter && userGroupMemberSearch) {
    throw new Error(`${at('userGroupMember.search')} cannot be specified when ${at('user.filter')} is defined`);
  }
  if (userFilter && userGroupMemberPath) {
    throw new Error(`${at('userGroupMember.path')} cannot be specified when ${at('user.filter')} is defined`);
  }
  return {
    queryMode,
    userFilter,
    userSearch: config.getOptionalString('user.search'),
    userSelect: config.getOptionalStringArray('user.select'),
    userExpand: config.getOptionalString('user.expand'),
    userPath: config.getOptionalString('user.path') ?? 'users',
    loadUserPhotos: config.getOptionalBoolean('user.loadPhotos'),
    userGroupMemberFilter,
    userGroupMemberSearch,
    userGroupMemberPath,
    groupExpand: config.getOptionalString('group.expand'),
    groupFilter: config.getOptionalString('group.filter'),
    groupSearch: config.getOptionalString('group.search'),
    groupSelect: config.getOptionalStringArray('group.select'),
    groupPath: config.getOptionalString('group.path') ?? 'groups',
    groupIncludeSubGroups: config.getOptionalBoolean('group.includeSubGroups'),
  };
}

type ReadOptions = Pick<
  MicrosoftGraphProviderConfig,
  'concurrency' | 'includeGuests' | 'includeDisabled' | 'linksAccounts' | 'linkGuestsByMail' | 'photoSize' | 'requestTimeoutMs' | 'requestTimeoutSetting'
>;

/** Ours: how hard to read, whom to keep, how guests link, which photo size. */
function readReadOptions(config: Config, configPath: string): ReadOptions {
  const at = (key: string) => `${configPath}.${key}`;
  const concurrency = config.getOptionalNumber('concurrency') ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new Error(`${at('concurrency')} must be an integer from 1 to 32, got ${concurrency}`);
  }
  const linksAccounts = config.has('linkTo');
  const linkGuestsByMail = config.getOptionalBoolean('linkGuestsByMail') ?? false;
  if (linkGuestsByMail && !linksAccounts) throw new Error(`${at('linkGuestsByMail')} applies to identity linking only: set ${at('linkTo')} too, or remove it`);
  const photoSize = config.getOptionalString('user.photoSize') ?? '120x120';
  if (!PHOTO_SIZES.includes(photoSize)) {
    throw new Error(`${at('user.photoSize')} must be one of ${PHOTO_SIZES.join(', ')}; got "${photoSize}"`);
  }
  return {
    concurrency,
    includeGuests: config.getOptionalBoolean('includeGuests') ?? true,
    includeDisabled: config.getOptionalBoolean('includeDisabled') ?? false,
    linksAccounts,
    linkGuestsByMail,
    photoSize,
    requestTimeoutMs: readRequestTimeoutMs(config, configPath),
    requestTimeoutSetting: at('requestTimeout'),
  };
}

/**
 * Reads `catalog.providers.microsoftGraphOrg.<id>` with the official module's
 * keys and rules, naming the setting in every error. Unknown keys fail, the
 * official processor form's keys are ignored with a warning (`checkProviderKeys`).
 *
 * @public
 */
export function readMicrosoftGraphProviderConfig(config: Config, id: string, configPath: string, logger?: LoggerService): MicrosoftGraphProviderConfig {
  checkProviderKeys(config, configPath, logger);
  return {
    id,
    ...readEndpoints(config, configPath, logger),
    ...readCredentials(config, configPath),
    ...readQueries(config, configPath),
    ...readReadOptions(config, configPath),
  };
}

/** The secret values of a provider, to blank out of logged errors. */
export function secretsOf(config: MicrosoftGraphProviderConfig): string[] {
  return [config.clientSecret].filter((s): s is string => !!s);
}

/**
 * `catalog.providers.microsoftGraphOrg` is keyed by provider id; the official module also
 * accepts a single provider directly under the root (when it has a `clientId`), with the id `default`.
 */
export const MSGRAPH_PROVIDER_ENTRIES: ReadProviderEntriesOptions = {
  forms: ['keyed', 'single'],
  isSingle: config => config.has('clientId') || config.has('tenantId'),
  idOf: () => 'default',
};
