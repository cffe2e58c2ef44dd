import fs from 'node:fs';
import type { Config } from '@backstage/config';
import { parse as parseYaml } from 'yaml';

/** A rule that matches an account of a linked source to a person of the people source, in order of trust. */
export type MatchRule = 'saml' | 'verifiedEmail' | 'mapping' | 'email' | 'employeeId';

const RULES: readonly MatchRule[] = ['saml', 'verifiedEmail', 'mapping', 'email', 'employeeId'];

/** `email` (a user-controlled public email) is left out by default. */
export const defaultMatchRules: readonly MatchRule[] = ['saml', 'verifiedEmail', 'mapping', 'employeeId'];

/** One explicit pair: the account's login (or id) and the person's login or email in the people source. */
export interface MappedAccount {
  account: string;
  person: string;
}

/** `linkTo` of a provider: it adds its accounts to the people source's Users instead of emitting its own. */
export interface LinkOptions {
  /** As configured: `<provider key>.<id>` under `catalog.providers` (e.g. `okta.main`) or a provider name. */
  peopleSource: string;
  match: MatchRule[];
  mapping: MappedAccount[];
  /** Accounts with no person: `emit` (default) in this provider's namespace, or `omit`. */
  unmatched: 'emit' | 'omit';
  /** Migration: keep emitting this provider's own User for a linked account, without sign-in annotations, so old refs resolve. */
  keepLinkedUsers: boolean;
}

/** Reads `linkTo`; undefined when the provider is not linked. Errors name the setting. */
export function readLinkOptions(config: Config, configPath: string): LinkOptions | undefined {
  const link = config.getOptionalConfig('linkTo');
  if (!link) return undefined;
  const path = `${configPath}.linkTo`;
  const match = (link.getOptionalStringArray('match') ?? [...defaultMatchRules]).map(rule => {
    if (!RULES.includes(rule as MatchRule)) throw new Error(`${path}.match: "${rule}" is not a match rule; use some of: ${RULES.join(', ')}`);
    return rule as MatchRule;
  });
  const unmatched = link.getOptionalString('unmatched') ?? 'emit';
  if (unmatched !== 'emit' && unmatched !== 'omit') throw new Error(`${path}.unmatched must be "emit" or "omit", got "${unmatched}"`);
  const mapping = (link.getOptionalConfigArray('mapping') ?? []).map((entry, i) => ({
    account: entry.getString('account'),
    person: entry.getString('person'),
    at: `${path}.mapping[${i}]`,
  }));
  const file = link.getOptionalString('mappingFile');
  const fromFile = file ? readMappingFile(file, `${path}.mappingFile`) : [];
  return {
    peopleSource: link.getString('peopleSource'),
    match,
    mapping: [...mapping, ...fromFile].map(({ account, person }) => ({ account, person })),
    unmatched,
    keepLinkedUsers: link.getOptionalBoolean('keepLinkedUsers') ?? false,
  };
}

/** A YAML list of `{ account, person }`. */
function readMappingFile(file: string, setting: string): Array<MappedAccount & { at: string }> {
  let parsed: unknown;
  try {
    parsed = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${setting}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${setting}: ${file} must hold a YAML list of { account, person }`);
  return parsed.map((entry, i) => {
    const { account, person } = (entry ?? {}) as Record<string, unknown>;
    if (typeof account !== 'string' || typeof person !== 'string' || !account || !person) {
      throw new Error(`${setting}: entry ${i} of ${file} needs "account" and "person" strings`);
    }
    return { account, person, at: `${file}[${i}]` };
  });
}
