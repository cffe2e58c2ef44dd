import type { Config } from '@backstage/config';
import {
  type ConfiguredProvider,
  type GroupNamingStrategies,
  type OrgGroupRecord,
  type OrgUserRecord,
  type UserNamingStrategies,
} from '@orgsync/plugin-catalog-org-sync-node';

/** The IdP's name in provider names (`okta:<id>`) and change routes. @alpha */
export const OKTA_IDP = 'okta';

/** Roadie's defaults: users by the email's local part, groups by their kebab-cased name. @alpha */
export const DEFAULT_USER_NAMING = 'strip-domain-email';
/** @alpha */
export const DEFAULT_GROUP_NAMING = 'kebab-case-name';
/** @alpha */
export const DEFAULT_GROUP_TYPE = 'team';

/** Prefix of the strategy that names entities by a profile attribute: `profile:<attribute>`. @alpha */
export const PROFILE_STRATEGY_PREFIX = 'profile:';

/**
 * `value[key]` when `value` is an object. Naming strategies get the engine's records, whose `raw` is not typed:
 * this module's records carry an Okta user or group there (see rawObjects.ts).
 */
function fieldOf(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? Reflect.get(value, key) : undefined;
}

function profileText(record: OrgUserRecord | OrgGroupRecord, attribute: string): string | undefined {
  const value = fieldOf(fieldOf(record.raw, 'profile'), attribute);
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Okta-specific group strategies on top of the shared ones (`id`, `kebab-case-name`, ...). @alpha */
export const oktaGroupNamingStrategies: GroupNamingStrategies = {
  // Roadie's `profile-name`: the group's profile name as it is (made valid by the engine).
  'profile-name': r => r.name,
};

/**
 * `profile:<attribute>` strategies named anywhere in the config. The engine
 * checks a configured strategy against a fixed list, so the attribute
 * strategies in use are registered up front.
 */
export function profileAttributeStrategies(entries: ConfiguredProvider[]): {
  users: UserNamingStrategies;
  groups: GroupNamingStrategies;
} {
  const users: UserNamingStrategies = {};
  const groups: GroupNamingStrategies = {};
  const chosen = (config: Config, key: string) => {
    const value = config.getOptionalConfig('naming')?.getOptional(key);
    return typeof value === 'string' && value.startsWith(PROFILE_STRATEGY_PREFIX) ? value : undefined;
  };
  for (const { config, configPath } of entries) {
    for (const [key, target] of [
      ['users', users],
      ['groups', groups],
    ] as const) {
      const strategy = chosen(config, key);
      if (!strategy) continue;
      const attribute = strategy.slice(PROFILE_STRATEGY_PREFIX.length);
      if (!/^[A-Za-z0-9_.-]+$/.test(attribute)) {
        throw new Error(`${configPath}.naming.${key} "${strategy}" must name a profile attribute, e.g. profile:login or profile:slug`);
      }
      target[strategy] = (record: OrgUserRecord | OrgGroupRecord) => profileText(record, attribute);
    }
  }
  return { users, groups };
}

