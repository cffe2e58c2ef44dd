import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { checkKnownKeys, commonProviderKeys } from '@orgsync/plugin-catalog-org-sync-node';

/** Every key of a provider entry: the engine's, the official module's, and ours. */
const PROVIDER_KEYS = [
  ...commonProviderKeys,
  'target',
  'authority',
  'tenantId',
  'clientId',
  'clientSecret',
  'clientCertificatePath',
  'queryMode',
  'user',
  'group',
  'userGroupMember',
  'concurrency',
  'includeGuests',
  'includeDisabled',
  'linkGuestsByMail',
  'events',
];

/** Keys of the nested objects (the official module's, plus `user.search` and `user.photoSize`). */
const NESTED_KEYS: Record<string, readonly string[]> = {
  user: ['filter', 'search', 'select', 'expand', 'path', 'loadPhotos', 'photoSize'],
  group: ['filter', 'search', 'select', 'expand', 'path', 'includeSubGroups'],
  userGroupMember: ['filter', 'search', 'path'],
};

/**
 * Keys of the official module's older processor form
 * (`catalog.processors.microsoftGraphOrg.providers[]`), often carried over
 * into provider entries, where the official provider ignores them. Ignored
 * here too, with a warning naming the key that does it, so such a config
 * syncs what it synced before.
 */
const OFFICIAL_PROCESSOR_KEYS: Record<string, string> = {
  userFilter: 'user.filter',
  userSelect: 'user.select',
  userExpand: 'user.expand',
  groupFilter: 'group.filter',
  groupSearch: 'group.search',
  groupSelect: 'group.select',
  groupExpand: 'group.expand',
  userGroupMemberFilter: 'userGroupMember.filter',
  userGroupMemberSearch: 'userGroupMember.search',
};

/**
 * Refuses keys that neither this module nor the official one knows (a typo
 * such as `tennantId` or `user.fliter` would otherwise silently change what
 * is synced), with the setting probably meant; warns about the official
 * processor keys, which are ignored.
 */
export function checkProviderKeys(config: Config, configPath: string, logger?: LoggerService): void {
  const carried = config.keys().filter(key => key in OFFICIAL_PROCESSOR_KEYS);
  for (const key of carried) {
    logger?.warn(
      `${configPath}.${key} is a setting of the official module's processor form, not of a provider entry: it is ignored (as the official provider ignores it); use ${configPath}.${OFFICIAL_PROCESSOR_KEYS[key]}`,
    );
  }
  checkKnownKeys(config, [...PROVIDER_KEYS, ...carried], configPath, { onUnknown: 'fail' });
  for (const [key, known] of Object.entries(NESTED_KEYS)) {
    const nested = config.getOptionalConfig(key);
    if (nested) checkKnownKeys(nested, known, `${configPath}.${key}`, { onUnknown: 'fail', what: `a setting of ${key}` });
  }
}
