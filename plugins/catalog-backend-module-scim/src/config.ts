import type { Config } from '@backstage/config';
import { checkKnownKeys, commonProviderKeys, readOptionalWholeNumber } from '@orgsync/plugin-catalog-org-sync-node';

/** Where the providers are configured: `catalog.providers.scim.<id>`. @public */
export const CONFIG_ROOT = 'catalog.providers.scim';

/** Keys of one provider entry this module reads, besides the engine's `commonProviderKeys`. */
export const SCIM_PROVIDER_KEYS = ['token', 'rateLimit', 'events'] as const;

/** A token shorter than this is refused: it would be guessable by anyone who can reach the route. @public */
export const MIN_TOKEN_LENGTH = 16;

/** Requests one token may make per minute when `rateLimit.requestsPerMinute` is not set. @public */
export const DEFAULT_REQUESTS_PER_MINUTE = 60_000;

/** One provider entry as read. @public */
export interface ScimProviderConfig {
  id: string;
  /** The bearer tokens the IdP may send (more than one while rotating). */
  tokens: string[];
  /** Requests each token may make per minute (on each replica). */
  requestsPerMinute: number;
}

/** Reads and checks one entry under `catalog.providers.scim`; every error names the setting, never a token's value. @public */
export function readScimProviderConfig(config: Config, id: string, configPath: string): ScimProviderConfig {
  checkKnownKeys(config, [...commonProviderKeys, ...SCIM_PROVIDER_KEYS], configPath, { onUnknown: 'fail' });
  const rateLimit = config.getOptionalConfig('rateLimit');
  if (rateLimit) checkKnownKeys(rateLimit, ['requestsPerMinute'], `${configPath}.rateLimit`, { onUnknown: 'fail' });
  const requestsPerMinute = rateLimit
    ? readOptionalWholeNumber(rateLimit, 'requestsPerMinute', `${configPath}.rateLimit`, { min: 1, max: 10_000_000 })
    : undefined;
  return { id, tokens: readTokens(config, configPath), requestsPerMinute: requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE };
}

function readTokens(config: Config, configPath: string): string[] {
  const value = config.getOptional('token');
  const path = `${configPath}.token`;
  if (value === undefined) throw new Error(`${path} is required: the bearer token the identity provider sends (a string, or a list while rotating)`);
  const tokens = Array.isArray(value) ? value : [value];
  if (tokens.length === 0) throw new Error(`${path} is an empty list; give at least one token`);
  return tokens.map((token, index) => {
    const where = Array.isArray(value) ? `${path}[${index}]` : path;
    if (typeof token !== 'string') throw new Error(`${where} must be a string`);
    if (token.trim().length < MIN_TOKEN_LENGTH) throw new Error(`${where} must be at least ${MIN_TOKEN_LENGTH} characters long (use a long random secret)`);
    return token;
  });
}
