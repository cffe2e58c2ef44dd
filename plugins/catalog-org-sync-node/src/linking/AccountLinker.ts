import type { OrgUserRecord } from '../records';
import type { RecordStore } from '../state/RecordStore';
import type { LinkOptions, MatchRule } from './linkOptions';
import type { LinkStore, StoredLink } from '../state/LinkStore';
import { matchAccounts, type LinkDecision, type Person, type PriorClaim } from './matchAccounts';

/** What a linked provider's run reports about its accounts. */
export interface LinkReport {
  peopleSource: string;
  linked: number;
  unmatched: Array<{ account: string; detail: string }>;
  conflicts: Array<{ account: string; detail: string }>;
  /** Accounts the IdP ties to the org's people while nobody in the people source has them: people who left, still holding the account. */
  departed: Array<{ account: string; where: string; detail: string }>;
}

/** The links a run would leave, worked out before it applies anything. */
export interface LinkPlan {
  /** Account id → ref of the person's entity its memberships go to; null: the account is left out. Absent: emitted as its own User. */
  linkedUsers: Map<string, string | null>;
  /** Link rows to write and account ids to forget, once the run is applied. */
  rows: StoredLink[];
  deleted: string[];
  /** Lower-cased refs of people whose linked accounts change: the catalog reprocesses them. */
  changedPeople: string[];
  report: LinkReport;
}

/**
 * Links a provider's accounts to the people of its `linkTo.peopleSource`:
 * reads that provider's record store (never its IdP), decides each account,
 * and keeps the decisions in the link store for the catalog processor.
 */
export class AccountLinker {
  constructor(
    private readonly providerName: string,
    private readonly options: LinkOptions,
    private readonly links: LinkStore,
    private readonly recordStoreOf: (providerName: string) => RecordStore,
    /** The provider name `linkTo.peopleSource` means (a config path or a provider name). */
    private readonly resolveProviderName: (source: string) => string = source => source,
  ) {}

  get peopleProvider(): string {
    return this.resolveProviderName(this.options.peopleSource);
  }

  /** A list: every account is decided anew; stored accounts not in it are forgotten. */
  async planList(users: readonly OrgUserRecord[]): Promise<LinkPlan> {
    const [people, stored] = await Promise.all([this.people(), this.links.ofLinkedProvider(this.providerName)]);
    const accounts = users.filter(u => u?.active);
    const listed = new Set(accounts.map(a => a.id));
    const prior = priorClaims(stored, id => listed.has(id));
    const decisions = matchAccounts(accounts.map(toAccount), people.values(), this.matchOptions(), prior);
    return this.plan(accounts, decisions, stored, [...stored.keys()].filter(id => !listed.has(id)), people);
  }

  /**
   * A delta: changed accounts are decided anew; the others keep their decision, except that a link to a person
   * the people source no longer emits becomes a departure (and a renamed person's ref follows). The others' links
   * count as a list run would count them: a changed account naming a person already linked is refused.
   */
  async planDelta(upserted: readonly OrgUserRecord[], deleted: readonly string[]): Promise<LinkPlan> {
    const [people, stored] = await Promise.all([this.people(), this.links.ofLinkedProvider(this.providerName)]);
    const accounts = upserted.filter(u => u.active);
    // Inactive now: out of the catalog like any inactive record, and no longer linked.
    const gone = [...deleted, ...upserted.filter(u => !u.active).map(u => u.id)].filter(id => stored.has(id));
    const left = new Set(gone);
    const prior = priorClaims(stored, id => !left.has(id));
    const decisions = matchAccounts(accounts.map(toAccount), people.values(), this.matchOptions(), prior);
    const plan = this.plan(accounts, decisions, stored, gone, people);
    const touched = new Set([...upserted.map(u => u.id), ...deleted]);
    for (const [id, link] of stored) {
      if (touched.has(id)) continue;
      if (link.state !== 'linked') {
        if (this.keptOut(link)) plan.linkedUsers.set(id, null);
        reportStored(plan.report, link, this.providerName);
        continue;
      }
      const person = link.personId ? people.get(link.personId) : undefined;
      if (person) {
        const ref = person.ref.toLowerCase();
        plan.linkedUsers.set(id, ref);
        if (ref !== link.personRef) {
          plan.rows.push({ ...link, personRef: ref, updatedAt: Date.now() });
          plan.changedPeople.push(ref);
        }
        plan.report.linked++;
        continue;
      }
      const departed: StoredLink = { ...link, state: 'departed', personRef: undefined, detail: this.leftDetail(link), updatedAt: Date.now() };
      plan.rows.push(departed);
      plan.linkedUsers.set(id, null);
      plan.changedPeople.push(link.personRef!);
      reportStored(plan.report, departed, this.providerName);
    }
    return plan;
  }

  /** Keeps the plan's decisions; call once the run is applied. */
  async save(plan: LinkPlan): Promise<void> {
    await this.links.update(this.providerName, plan.rows, plan.deleted);
  }

  /**
   * An account that matches nobody now but belonged to a person who is no longer in the people source (linked to them
   * before, or already departed) is that person's: kept out, never emitted as someone new. (Linked to a person who is
   * still there, the account lost its claim: it is unmatched.)
   */
  private departedIfWasLinked(decision: LinkDecision, before: StoredLink | undefined, people: Map<string, Person>): LinkDecision {
    if (decision.state !== 'unmatched' || !before) return decision;
    const personGone = before.state === 'departed' || (before.state === 'linked' && !(before.personId && people.has(before.personId)));
    if (!personGone) return decision;
    const detail = before.state === 'departed' ? before.detail ?? 'left' : this.leftDetail(before);
    return { state: 'departed', method: before.method as MatchRule | undefined, detail };
  }

  private leftDetail(link: StoredLink): string {
    return `${link.personRef} left ${this.options.peopleSource}`;
  }

  private keptOut(link: StoredLink): boolean {
    return link.state === 'departed' || ((link.state === 'unmatched' || link.state === 'conflict') && this.options.unmatched === 'omit');
  }

  private plan(
    accounts: OrgUserRecord[],
    decisions: Map<string, LinkDecision>,
    stored: Map<string, StoredLink>,
    deleted: string[],
    people: Map<string, Person>,
  ): LinkPlan {
    const report: LinkReport = { peopleSource: this.options.peopleSource, linked: 0, unmatched: [], conflicts: [], departed: [] };
    const plan: LinkPlan = { linkedUsers: new Map(), rows: [], deleted, changedPeople: [], report };
    const now = Date.now();
    for (const account of accounts) {
      const decision = this.departedIfWasLinked(decisions.get(account.id)!, stored.get(account.id), people);
      const row: StoredLink = {
        linkedProvider: this.providerName,
        accountId: account.id,
        accountLogin: account.login,
        where: account.identityClaims?.where ?? this.providerName,
        state: decision.state,
        peopleProvider: this.peopleProvider,
        method: decision.state === 'unmatched' ? undefined : decision.method,
        detail: decision.detail,
        updatedAt: now,
      };
      if (decision.state === 'linked') {
        const ref = decision.person.ref.toLowerCase();
        Object.assign(row, { personId: decision.person.id, personRef: ref, annotations: account.annotations ?? {} });
        plan.linkedUsers.set(account.id, ref);
        report.linked++;
      } else {
        // Refused as one of several accounts naming one person: kept, so a later delta still counts this claim.
        if (decision.state === 'conflict' && decision.person) row.personId = decision.person.id;
        if (this.keptOut(row)) plan.linkedUsers.set(account.id, null);
        reportStored(report, row, this.providerName);
      }
      const before = stored.get(account.id);
      if (!before || !sameLink(before, row)) {
        plan.rows.push(row);
        for (const ref of [before?.personRef, row.personRef]) if (ref) plan.changedPeople.push(ref);
      }
    }
    for (const id of deleted) {
      const ref = stored.get(id)?.personRef;
      if (ref) plan.changedPeople.push(ref);
    }
    plan.changedPeople = [...new Set(plan.changedPeople)];
    return plan;
  }

  private matchOptions() {
    return { rules: this.options.match, mapping: this.options.mapping, peopleSource: this.options.peopleSource };
  }

  /** The people source's emitted users, by record id; none means it has not applied a run yet, and linking cannot be decided. */
  private async people(): Promise<Map<string, Person>> {
    const users = await this.recordStoreOf(this.peopleProvider).emittedUsers();
    if (!users.length) {
      throw new Error(
        `linkTo.peopleSource ${this.options.peopleSource} (${this.peopleProvider}) has no people in the catalog yet: ` +
          'this provider links its accounts to them, so it waits for that provider\'s first applied run',
      );
    }
    return new Map(
      users.map(({ id, entityRef, record }) => [id, { id, ref: entityRef, login: record?.login, email: record?.email, employeeId: record?.employeeId }]),
    );
  }
}

/**
 * The people that stored accounts still in the provider named: those they were linked to (since that link's last
 * write) and those they were refused for as one of several claimants.
 */
function priorClaims(stored: Map<string, StoredLink>, stillThere: (accountId: string) => boolean): PriorClaim[] {
  const claims: PriorClaim[] = [];
  for (const link of stored.values()) {
    if (!link.personId || !stillThere(link.accountId) || (link.state !== 'linked' && link.state !== 'conflict')) continue;
    const linkedSince = link.state === 'linked' ? link.updatedAt : undefined;
    claims.push({ accountId: link.accountId, name: link.accountLogin ?? link.accountId, personId: link.personId, linkedSince });
  }
  return claims;
}

/** An account that is not linked, reported as its link row stands (decided by this run or kept from an earlier one). */
function reportStored(report: LinkReport, link: StoredLink, providerName: string): void {
  const account = link.accountLogin ?? link.accountId;
  const detail = link.detail ?? '';
  if (link.state === 'unmatched') report.unmatched.push({ account, detail });
  else if (link.state === 'conflict') report.conflicts.push({ account, detail });
  else if (link.state === 'departed') report.departed.push({ account, where: link.where ?? providerName, detail });
}

function toAccount(user: OrgUserRecord) {
  return { id: user.id, login: user.login, employeeId: user.employeeId, claims: user.identityClaims };
}

function sameLink(a: StoredLink, b: StoredLink): boolean {
  return (
    a.state === b.state &&
    a.personId === b.personId &&
    a.personRef === b.personRef &&
    a.accountLogin === b.accountLogin &&
    a.where === b.where &&
    a.method === b.method &&
    a.detail === b.detail &&
    JSON.stringify(a.annotations ?? {}) === JSON.stringify(b.annotations ?? {})
  );
}
