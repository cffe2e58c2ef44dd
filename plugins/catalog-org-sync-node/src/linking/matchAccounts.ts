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

/**
 * A person an account claimed when an earlier run decided it: it was linked to them (`linkedSince`, when that run
 * wrote the link), or refused because other accounts claimed them too.
 */
export interface PriorClaim {
  accountId: string;
  /** The account's login, for reports. */
  name: string;
  personId: string;
  linkedSince?: number;
}

/** What became of one account, and why. */
export type LinkDecision =
  | { state: 'linked'; person: Person; method: MatchRule; detail: string }
  /** No claim that names anyone (contractors, bots). */
  | { state: 'unmatched'; detail: string }
  /** A claim names two people, or two accounts claim one person (then `person`): refused, never guessed. */
  | { state: 'conflict'; method: MatchRule; detail: string; person?: Person }
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
 * (in `rules` order) whose claims name anyone. A claim naming two people is a
 * conflict. So is a second account naming a person: the account already linked
 * to them (in `prior`) keeps the link, and with none, no account is linked.
 * `prior` holds the earlier decisions, of these accounts and of accounts not
 * decided again now (a delta), which keep their claims.
 * Pure; the same inputs give the same decisions.
 */
export function matchAccounts(
  accounts: Iterable<Account>,
  people: Iterable<Person>,
  options: { rules: readonly MatchRule[]; mapping: readonly MappedAccount[]; peopleSource: string },
  prior: readonly PriorClaim[] = [],
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
  refuseSharedPeople(decisions, names, prior);
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

/** An account that names a person: by this run's decision, or by an earlier one that this run does not decide again. */
interface Claimant {
  accountId: string;
  name: string;
  /** The account was linked to this person before and still names them: the established link. */
  linkedSince?: number;
}

/**
 * Two accounts naming one person: the established link is kept and the newcomers are refused; with no established
 * link, every account this run decides is refused (accounts it does not decide keep their earlier refusal).
 */
function refuseSharedPeople(decisions: Map<string, LinkDecision>, names: Map<string, string>, prior: readonly PriorClaim[]): void {
  for (const [personId, claimants] of claimantsByPerson(decisions, names, prior)) {
    if (claimants.length < 2) continue;
    const keeper = establishedClaimant(claimants);
    for (const claimant of claimants) {
      const decision = decisions.get(claimant.accountId);
      if (claimant === keeper || decision?.state !== 'linked' || decision.person.id !== personId) continue;
      const why = keeper
        ? `${decision.person.ref} is linked to ${keeper.name} already (an account linked first keeps its person)`
        : `${decision.person.ref} is claimed by ${claimants.length} accounts (${claimants.map(c => c.name).join(', ')})`;
      decisions.set(claimant.accountId, { state: 'conflict', method: decision.method, person: decision.person, detail: `${why}; this one by ${decision.detail}` });
    }
  }
}

/** Who names each person: the accounts this run links to them, and the earlier claims of accounts it does not decide. */
function claimantsByPerson(decisions: Map<string, LinkDecision>, names: Map<string, string>, prior: readonly PriorClaim[]): Map<string, Claimant[]> {
  const priorOf = new Map(prior.map(claim => [claim.accountId, claim]));
  const claimants = new Map<string, Claimant[]>();
  for (const [accountId, decision] of decisions) {
    if (decision.state !== 'linked') continue;
    const before = priorOf.get(accountId);
    const linkedSince = before?.personId === decision.person.id ? before.linkedSince : undefined;
    push(claimants, decision.person.id, { accountId, name: names.get(accountId) ?? accountId, linkedSince });
  }
  for (const claim of prior) {
    if (!decisions.has(claim.accountId)) push(claimants, claim.personId, { accountId: claim.accountId, name: claim.name, linkedSince: claim.linkedSince });
  }
  return claimants;
}

/** The account linked to the person first, if any is linked to them. */
function establishedClaimant(claimants: readonly Claimant[]): Claimant | undefined {
  const linked = claimants.filter(c => c.linkedSince !== undefined);
  return linked.sort((a, b) => (a.linkedSince ?? 0) - (b.linkedSince ?? 0) || a.accountId.localeCompare(b.accountId))[0];
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
