import type { OrgUserIdentityClaims } from '../records';
import type { MappedAccount, MatchRule } from './linkOptions';

/** A person of the people source, as its record store holds them. */
export interface Person {
  id: string;
  /** Ref of the person's entity, as emitted. */
  ref: string;
  login?: string;
  email?: string;
  employeeId?: string;
}

/** An account of a linked source. */
export interface Account {
  id: string;
  login?: string;
  employeeId?: string;
  claims?: OrgUserIdentityClaims;
}

/** What became of one account, and why. */
export type LinkDecision =
  | { state: 'linked'; person: Person; method: MatchRule; detail: string }
  /** No claim that names anyone (contractors, bots). */
  | { state: 'unmatched'; detail: string }
  /** A claim names two people, or two accounts claim one person: refused, never guessed. */
  | { state: 'conflict'; method: MatchRule; detail: string }
  /**
   * Someone who left: the IdP vouches that the account belongs to the org's people (SAML, an email on the org's verified
   * domains) but nobody in the people source has it, or (see AccountLinker) the account was linked to a person who is gone.
   */
  | { state: 'departed'; method?: MatchRule; detail: string };

const lower = (value: string | undefined) => value?.trim().toLowerCase() || undefined;

/** The people by each lower-cased login, email and employee id. */
class PeopleIndex {
  private readonly byName = new Map<string, Person[]>();
  private readonly byEmployeeId = new Map<string, Person[]>();

  constructor(people: Iterable<Person>) {
    for (const person of people) {
      for (const key of new Set([lower(person.login), lower(person.email)])) if (key) push(this.byName, key, person);
      const employeeId = lower(person.employeeId);
      if (employeeId) push(this.byEmployeeId, employeeId, person);
    }
  }

  named(values: Iterable<string | undefined>): Person[] {
    return unique([...values].flatMap(v => this.byName.get(lower(v) ?? '') ?? []));
  }

  employee(value: string | undefined): Person[] {
    return this.byEmployeeId.get(lower(value) ?? '') ?? [];
  }
}

/**
 * Decides, for each account, the one person it belongs to, by the first rule
 * (in `rules` order) whose claims name anyone. A claim naming two people, or
 * two accounts naming one person, is a conflict: none of them is linked.
 * Pure; the same inputs give the same decisions.
 */
export function matchAccounts(
  accounts: Iterable<Account>,
  people: Iterable<Person>,
  options: { rules: readonly MatchRule[]; mapping: readonly MappedAccount[]; peopleSource: string },
): Map<string, LinkDecision> {
  const index = new PeopleIndex(people);
  const mapped = new Map<string, string[]>();
  for (const { account, person } of options.mapping) push(mapped, account.toLowerCase(), person);
  const decisions = new Map<string, LinkDecision>();
  const names = new Map<string, string>();
  for (const account of accounts) {
    decisions.set(account.id, decide(account, index, mapped, options));
    names.set(account.id, account.login ?? account.id);
  }
  refuseSharedPeople(decisions, names);
  return decisions;
}

function decide(
  account: Account,
  index: PeopleIndex,
  mapped: Map<string, string[]>,
  options: { rules: readonly MatchRule[]; peopleSource: string },
): LinkDecision {
  let vouched: { method: MatchRule; values: string[] } | undefined;
  for (const method of options.rules) {
    const values = claimsOf(account, method, mapped);
    if (!values.length) continue;
    const found = method === 'employeeId' ? index.employee(values[0]) : index.named(values);
    if (found.length === 1) return { state: 'linked', person: found[0], method, detail: `${method} ${values.join(', ')}` };
    if (found.length > 1) {
      return { state: 'conflict', method, detail: `${method} ${values.join(', ')} names ${found.length} people of ${options.peopleSource}: ${found.map(p => p.ref).join(', ')}` };
    }
    if (!vouched && (method === 'saml' || (method === 'verifiedEmail' && account.claims?.orgDomainEmails))) vouched = { method, values };
  }
  if (vouched) {
    return { state: 'departed', method: vouched.method, detail: `${vouched.method} ${vouched.values.join(', ')} names nobody in ${options.peopleSource}` };
  }
  return { state: 'unmatched', detail: `no ${options.rules.join(', ')} claim names anyone in ${options.peopleSource}` };
}

function claimsOf(account: Account, method: MatchRule, mapped: Map<string, string[]>): string[] {
  const claims = account.claims ?? {};
  switch (method) {
    case 'saml':
      return clean(claims.samlNameIds);
    case 'verifiedEmail':
      return clean(claims.verifiedEmails);
    case 'email':
      return clean(claims.emails);
    case 'mapping':
      return clean([...(mapped.get(account.id.toLowerCase()) ?? []), ...(account.login ? mapped.get(account.login.toLowerCase()) ?? [] : [])]);
    case 'employeeId':
      return clean([account.employeeId]);
  }
}

/** Two accounts linked to one person: neither is linked. */
function refuseSharedPeople(decisions: Map<string, LinkDecision>, names: Map<string, string>): void {
  const accountsOf = new Map<string, string[]>();
  for (const [accountId, decision] of decisions) if (decision.state === 'linked') push(accountsOf, decision.person.id, accountId);
  for (const accountIds of accountsOf.values()) {
    if (accountIds.length < 2) continue;
    for (const accountId of accountIds) {
      const decision = decisions.get(accountId) as Extract<LinkDecision, { state: 'linked' }>;
      decisions.set(accountId, {
        state: 'conflict',
        method: decision.method,
        detail: `${decision.person.ref} is claimed by ${accountIds.length} accounts (${accountIds.map(id => names.get(id)).join(', ')}); this one by ${decision.detail}`,
      });
    }
  }
}

function clean(values: ReadonlyArray<string | undefined> | undefined): string[] {
  return [...new Set((values ?? []).map(v => v?.trim()).filter((v): v is string => !!v))];
}

function unique(people: Person[]): Person[] {
  return [...new Map(people.map(p => [p.id, p])).values()];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
