import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { checkKnownKeys, commonProviderKeys, readRequestTimeoutMs, type ConfiguredProvider, type ReadProviderEntriesOptions } from '@orgsync/plugin-catalog-org-sync-node';

/** @public */
export const CONFIG_ROOT = 'catalog.providers.githubOrg';

/** Page sizes of the GraphQL reads (GitHub allows at most 100 per connection). @public */
export interface GithubPageSizes {
  organizationMembers: number;
  teams: number;
  teamMembers: number;
}

/** Keys of one provider entry this module reads, besides the engine's `commonProviderKeys`. @alpha */
export const GITHUB_ORG_PROVIDER_KEYS = [
  'id',
  'githubUrl',
  'orgs',
  'pageSizes',
  'excludeSuspendedUsers',
  'useVerifiedEmails',
  'defaultUserTransformer',
  'concurrency',
  'namespaceGroupsByOrg',
  'events',
] as const;

/** Keys under a provider's `events`: the module's `enabled` and `batchTeamChanges`, the engine's `poll.interval` (how often queued changes are processed). @alpha */
export const GITHUB_ORG_EVENTS_KEYS = ['enabled', 'batchTeamChanges', 'poll'] as const;

/** Keys the official module reads and this one ignores: a config written for it still starts, with a warning. @alpha */
export const OFFICIAL_ONLY_KEYS = ['experimental_checkForSuspendedUsersWithRest'] as const;

/** @alpha */
export const DEFAULT_PAGE_SIZES: GithubPageSizes = { organizationMembers: 100, teams: 50, teamMembers: 100 };

/** What a linked provider's reads add to user records for identity linking (`identityClaims`), derived from `linkTo`. @public */
export interface GithubIdentityClaimsOptions {
  /** `linkTo.match` has `saml` (as by default): read the orgs' SAML external identities for `samlNameIds`. */
  saml: boolean;
}

/** `linkTo.match` when not set: the engine's default rules, `saml` among them. */
const DEFAULT_MATCH_HAS_SAML = true;

/** @public */
export interface GithubOrgProviderConfig {
  id: string;
  /** Where this entry is in config (`catalog.providers.githubOrg[0]`), for messages that name a setting. */
  configPath: string;
  /** Origin of the GitHub instance, e.g. `https://github.com` or `https://ghe.example.com`. */
  githubUrl: string;
  /** Org logins; undefined = every org the configured GitHub Apps are installed on. */
  orgs?: string[];
  pageSizes: GithubPageSizes;
  /** GHES: leave out users a site admin suspended. */
  excludeSuspendedUsers: boolean;
  /** Prefer the org's verified-domain email over the public profile email. */
  useVerifiedEmails: boolean;
  /** Requests in flight at once (orgs read side by side, follow-up team member pages). */
  concurrency: number;
  /** Put each org's groups in a namespace named after the org; undefined = the official module's rule. */
  namespaceGroupsByOrg?: boolean;
  /** How long one request (App token requests included) may take, body included. */
  requestTimeoutMs: number;
  /** Accept an `http:` API base URL that is not on this machine. */
  allowInsecureHttp: boolean;
  /** Take GitHub webhooks from Backstage's events service (`events.enabled`, default true). */
  eventsEnabled: boolean;
  /** Leave team, team-membership and join deliveries for the next change round (`events.batchTeamChanges`, default false). */
  batchTeamChanges: boolean;
  /**
   * Set when the provider has `linkTo` (the engine links its accounts to the
   * people source): user records carry `identityClaims` (verified-domain and
   * public emails, and SAML NameIDs when `saml`).
   */
  identityClaims?: GithubIdentityClaimsOptions;
}

/**
 * The official module's shape: `catalog.providers.githubOrg` is one provider
 * object or a list of them, each with its own `id`.
 *
 * @alpha
 */
export const GITHUB_ORG_PROVIDER_ENTRIES: ReadProviderEntriesOptions = {
  forms: ['single', 'list'],
  idOf: (config, configPath) => {
    const id = config.getOptionalString('id');
    if (!id) throw new Error(`${configPath}.id is required: it names the provider (github:<id>)`);
    return id;
  },
};

function pageSize(config: Config, key: keyof GithubPageSizes, configPath: string): number {
  const value = config.getOptionalNumber(`pageSizes.${key}`) ?? DEFAULT_PAGE_SIZES[key];
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new Error(`${configPath}.pageSizes.${key} must be an integer from 1 to 100 (GitHub's GraphQL limit), got ${value}`);
  }
  return value;
}

/**
 * Refuses keys that neither this module nor the official one knows (a typo
 * such as `orgz` would silently change what is synced, with did-you-mean
 * suggestions) and warns about the official module's keys this one ignores.
 *
 * @alpha
 */
export function checkGithubOrgProviderKeys(config: Config, configPath: string, logger?: LoggerService): void {
  const known = [...GITHUB_ORG_PROVIDER_KEYS, ...commonProviderKeys, ...OFFICIAL_ONLY_KEYS];
  checkKnownKeys(config, known, configPath, { onUnknown: 'fail' });
  const pageSizes = config.getOptionalConfig('pageSizes');
  if (pageSizes) checkKnownKeys(pageSizes, Object.keys(DEFAULT_PAGE_SIZES), `${configPath}.pageSizes`, { onUnknown: 'fail', what: 'a page size' });
  const transformer = config.getOptionalConfig('defaultUserTransformer');
  if (transformer) checkKnownKeys(transformer, ['useVerifiedEmails'], `${configPath}.defaultUserTransformer`, { onUnknown: 'fail', what: 'a setting of defaultUserTransformer' });
  for (const key of OFFICIAL_ONLY_KEYS.filter(k => config.has(k))) {
    logger?.warn(`${configPath}.${key} is a setting of the official github-org module that this module does not implement; it is ignored`);
  }
}

/** @public */
export function readGithubOrgProviderConfig(config: Config, id: string, configPath: string, logger?: LoggerService): GithubOrgProviderConfig {
  checkGithubOrgProviderKeys(config, configPath, logger);
  const githubUrlText = config.getOptionalString('githubUrl');
  if (!githubUrlText) throw new Error(`${configPath}.githubUrl is required, e.g. https://github.com`);
  let githubUrl: string;
  try {
    githubUrl = new URL(githubUrlText).origin;
  } catch {
    throw new Error(`${configPath}.githubUrl "${githubUrlText}" is not a URL`);
  }
  const orgs = config.getOptionalStringArray('orgs');
  if (orgs && orgs.some(org => !org.trim())) throw new Error(`${configPath}.orgs must not contain empty org logins`);
  const concurrency = config.getOptionalNumber('concurrency') ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 20) {
    throw new Error(`${configPath}.concurrency must be an integer from 1 to 20, got ${concurrency}`);
  }
  const useVerifiedEmails =
    config.getOptionalBoolean('useVerifiedEmails') ?? config.getOptionalBoolean('defaultUserTransformer.useVerifiedEmails') ?? false;
  return {
    id,
    configPath,
    githubUrl,
    orgs: orgs?.map(org => org.trim()),
    pageSizes: {
      organizationMembers: pageSize(config, 'organizationMembers', configPath),
      teams: pageSize(config, 'teams', configPath),
      teamMembers: pageSize(config, 'teamMembers', configPath),
    },
    excludeSuspendedUsers: config.getOptionalBoolean('excludeSuspendedUsers') ?? false,
    useVerifiedEmails,
    concurrency,
    namespaceGroupsByOrg: config.getOptionalBoolean('namespaceGroupsByOrg'),
    requestTimeoutMs: readRequestTimeoutMs(config, configPath),
    allowInsecureHttp: config.getOptionalBoolean('allowInsecureHttp') ?? false,
    eventsEnabled: readEventsEnabled(config, configPath),
    batchTeamChanges: config.getOptionalConfig('events')?.getOptionalBoolean('batchTeamChanges') ?? false,
    identityClaims: readIdentityClaims(config),
  };
}

/** The engine reads and checks the rest of `linkTo`; the source only needs to know whether to read SAML identities. */
function readIdentityClaims(config: Config): GithubIdentityClaimsOptions | undefined {
  const linkTo = config.getOptionalConfig('linkTo');
  if (!linkTo) return undefined;
  const match = linkTo.getOptionalStringArray('match');
  return { saml: match ? match.includes('saml') : DEFAULT_MATCH_HAS_SAML };
}

function readEventsEnabled(config: Config, configPath: string): boolean {
  const events = config.getOptionalConfig('events');
  if (!events) return true;
  checkKnownKeys(events, GITHUB_ORG_EVENTS_KEYS, `${configPath}.events`, { onUnknown: 'fail', what: 'a setting of events (enabled, batchTeamChanges, poll) for GitHub' });
  const enabled = events.getOptional('enabled');
  if (enabled !== undefined && typeof enabled !== 'boolean') throw new Error(`${configPath}.events.enabled must be true or false, got ${JSON.stringify(enabled)}`);
  return enabled ?? true;
}

/**
 * The official module keeps groups in the default namespace only when there
 * is exactly one provider entry with exactly one org; otherwise each org's
 * groups go to a namespace named after the org (lower case).
 *
 * @alpha
 */
export function officialNamespacingRule(entries: ConfiguredProvider[]): boolean {
  return !(entries.length === 1 && entries[0].config.getOptionalStringArray('orgs')?.length === 1);
}
