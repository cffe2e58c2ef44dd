import type { StoredRun } from './RunHistory';

/** An email address inside a link's detail (the value a rule matched, e.g. a verified email). */
const EMAIL = /[^\s@,;:()<>"'[\]]+@[^\s@,;:()<>"'[\]]+/g;
/** The same inside a URL (a location key): the address ends at the URL's own punctuation. */
const EMAIL_IN_URL = /[^\s@,;:()<>"'[\]/?=&#]+@[^\s@,;:()<>"'[\]/?=&#]+/g;
const HIDDEN = '[email hidden]';

/**
 * A run as callers without `catalog.org-sync.read-records` see it: the emails in its link report's details (the values
 * identity linking matched on, other people's verified emails among them), in who holds a refused entity's ref (a
 * location key, which may be a URL with an address in it) and in why someone was removed (the IdP's words) blanked out;
 * counts, accounts and refs kept.
 */
export function withoutRecordEmails(run: StoredRun): StoredRun {
  const blank = <T extends { detail: string }>(items: T[]): T[] => items.map(item => ({ ...item, detail: item.detail.replace(EMAIL, HIDDEN) }));
  const links = run.links && { ...run.links, unmatched: blank(run.links.unmatched), conflicts: blank(run.links.conflicts), departed: blank(run.links.departed) };
  const refused = run.refused && { ...run.refused, items: run.refused.items.map(item => (item.heldBy ? { ...item, heldBy: item.heldBy.replace(EMAIL_IN_URL, HIDDEN) } : item)) };
  const removals = run.removals && { ...run.removals, items: run.removals.items.map(item => ({ ...item, why: item.why.replace(EMAIL, HIDDEN) })) };
  return { ...run, ...(links ? { links } : {}), ...(refused ? { refused } : {}), ...(removals ? { removals } : {}) };
}
