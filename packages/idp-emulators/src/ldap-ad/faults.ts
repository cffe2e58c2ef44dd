/** What an LDAP fault does to a search operation (every page of a paged search belongs to one operation). */
export type AdLdapFaultKind =
  /** Destroy the connection once `entries` entries of the operation have been sent. */
  | 'drop-after-entries'
  /** Destroy the connection, unanswered, when the client asks for the page after `pages` answered pages. */
  | 'drop-after-pages'
  /** Answer page `pages` (0 = the first request) with sizeLimitExceeded (4) and no cookie: a paged search that stops half way. */
  | 'size-limit'
  /** Answer page `pages` with a referral (10) to another DC, as AD does for a name outside its naming context. */
  | 'referral'
  /** Answer page `pages` with result `code` (e.g. 51 busy, 52 unavailable) and `message`. */
  | 'result';

/** A fault rule for the AD LDAP emulator. */
export interface AdLdapFault {
  kind: AdLdapFaultKind;
  /** For drop-after-entries. Default 0. */
  entries?: number;
  /** Page index the fault hits (0 = the first request of the operation). Default 0. */
  pages?: number;
  /** For `result`. */
  code?: number;
  message?: string;
  /** Only search operations whose filter (as RFC 4515 text) contains this, case-insensitive. Default: every search. */
  filterContains?: string;
  /** Let this many matching search operations through first. Default 0. */
  afterSearches?: number;
  /** Hit this many operations, then retire. Default: unlimited. */
  count?: number;
}

/** A rule as stored: its id and how many operations it has seen and hit. */
export interface ActiveAdLdapFault extends AdLdapFault {
  id: string;
  seen: number;
  fired: number;
}

const KINDS = new Set<AdLdapFaultKind>(['drop-after-entries', 'drop-after-pages', 'size-limit', 'referral', 'result']);

/** Holds the fault rules and decides which ones a new search operation carries. */
export class AdLdapFaults {
  private rules: ActiveAdLdapFault[] = [];
  private nextId = 1;

  add(rule: AdLdapFault): ActiveAdLdapFault {
    if (!KINDS.has(rule.kind)) throw new Error(`unknown LDAP fault kind "${rule.kind}" (one of ${[...KINDS].join(', ')})`);
    if (rule.kind === 'result' && !(Number.isInteger(rule.code) && rule.code! > 0)) throw new Error('a result fault needs a non-zero integer code');
    const active: ActiveAdLdapFault = { ...rule, id: String(this.nextId++), seen: 0, fired: 0 };
    this.rules.push(active);
    return active;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(r => r.id !== id);
    return before !== this.rules.length;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveAdLdapFault[] {
    return this.rules.map(r => ({ ...r }));
  }

  /** The rules a new search operation with this filter carries (each counted as fired). */
  arm(filterText: string): ActiveAdLdapFault[] {
    const armed: ActiveAdLdapFault[] = [];
    for (const rule of this.rules) {
      if (rule.filterContains && !filterText.toLowerCase().includes(rule.filterContains.toLowerCase())) continue;
      rule.seen++;
      if (rule.seen <= (rule.afterSearches ?? 0)) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      rule.fired++;
      armed.push({ ...rule });
    }
    this.rules = this.rules.filter(r => r.count === undefined || r.fired < r.count);
    return armed;
  }
}
