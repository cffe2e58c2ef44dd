import type { StoredRun } from './RunHistory';

/** An email address inside a link's detail (the value a rule matched, e.g. a verified email). */
const EMAIL = /[^\s@,;:()<>"'[\]]+@[^\s@,;:()<>"'[\]]+/g;
const HIDDEN = '[email hidden]';

/**
 * A run as callers without `catalog.org-sync.read-records` see it: the emails in its link report's details (the values
 * identity linking matched on, other people's verified emails among them) blanked out; counts and accounts kept.
 */
export function withoutRecordEmails(run: StoredRun): StoredRun {
  if (!run.links) return run;
  const blank = <T extends { detail: string }>(items: T[]): T[] => items.map(item => ({ ...item, detail: item.detail.replace(EMAIL, HIDDEN) }));
  const { unmatched, conflicts, departed } = run.links;
  return { ...run, links: { ...run.links, unmatched: blank(unmatched), conflicts: blank(conflicts), departed: blank(departed) } };
}
