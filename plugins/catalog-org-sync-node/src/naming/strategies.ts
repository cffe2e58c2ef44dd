import type { OrgGroupRecord, OrgUserRecord } from '../records';

/** Turns a record into a raw entity name (made valid later), or undefined when the record lacks what it needs. @public */
export type NamingStrategy<R> = (record: R) => string | undefined;

/** @public */
export type UserNamingStrategies = Record<string, NamingStrategy<OrgUserRecord>>;
/** @public */
export type GroupNamingStrategies = Record<string, NamingStrategy<OrgGroupRecord>>;

function localPart(email: string | undefined): string | undefined {
  return email ? email.split('@')[0] : undefined;
}

/** Lower-case words joined by `-`; diacritics folded. @public */
export function kebabCase(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const out = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return out || undefined;
}

/** User naming strategies every module offers; modules add their own. @public */
export const userNamingStrategies: UserNamingStrategies = {
  id: r => r.id,
  login: r => r.login,
  email: r => r.email?.toLowerCase(),
  'strip-domain-email': r => localPart(r.email),
  'email-local-part': r => localPart(r.email),
  'kebab-case-email': r => kebabCase(r.email),
  'slugify-email': r => kebabCase(r.email),
  'login-local-part': r => localPart(r.login),
};

/** Group naming strategies every module offers; modules add their own. @public */
export const groupNamingStrategies: GroupNamingStrategies = {
  id: r => r.id,
  name: r => r.name,
  'kebab-case-name': r => kebabCase(r.name ?? r.displayName),
  'display-name': r => r.displayName,
  'kebab-case-display-name': r => kebabCase(r.displayName ?? r.name),
};

/**
 * Applies the chosen strategy, falling back to `login` then `id` for users
 * and `name` then `id` for groups, so every record gets some name.
 *
 * @public
 */
export function rawUserName(record: OrgUserRecord, strategy: NamingStrategy<OrgUserRecord>): { raw: string; fellBack: boolean } {
  const chosen = strategy(record);
  if (chosen) return { raw: chosen, fellBack: false };
  return { raw: record.login || record.id, fellBack: true };
}

/** @public */
export function rawGroupName(record: OrgGroupRecord, strategy: NamingStrategy<OrgGroupRecord>): { raw: string; fellBack: boolean } {
  const chosen = strategy(record);
  if (chosen) return { raw: chosen, fellBack: false };
  return { raw: kebabCase(record.name ?? record.displayName) || record.id, fellBack: true };
}
