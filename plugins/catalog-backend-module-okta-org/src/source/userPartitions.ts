import type { OktaUserRecord } from './rawObjects';

/**
 * One slice of the user list: the configured `filter`/`search` narrowed to a
 * range of `lastUpdated`. The slices of a listing cover every value once
 * (`lt b1`, `ge b1 and lt b2`, …, `ge bN`), so together they hold every user
 * the plain listing holds, whatever the boundaries are; the boundaries only
 * decide how evenly the pages spread over the slices.
 */
export interface UserPartition {
  /** For messages: `lastUpdated ge "…" and lastUpdated lt "…"`. */
  range: string;
  filter?: string;
  search?: string;
}

/**
 * Boundaries that cut `sample` (the first page of the listing) into `count`
 * slices of about equal size, by `lastUpdated`; fewer when the sample has
 * fewer distinct values. Strictly increasing ISO timestamps.
 */
export function partitionBoundaries(sample: readonly OktaUserRecord[], count: number): string[] {
  const times = sample
    .map(user => Date.parse(String(user.raw?.lastUpdated ?? '')))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const boundaries: number[] = [];
  for (let i = 1; i < count && times.length; i++) {
    // Each boundary above the one before (the first above the smallest value, or the first slice is empty):
    // where many users share a value, the next distinct one.
    const floor = boundaries.length ? boundaries[boundaries.length - 1] : times[0];
    let at = Math.floor((i * times.length) / count);
    while (at < times.length && times[at] <= floor) at++;
    if (at < times.length) boundaries.push(times[at]);
  }
  return boundaries.map(ms => new Date(ms).toISOString());
}

/**
 * The slices for `boundaries`, each the configured expression and a
 * `lastUpdated` range. The range goes into `filter` (Okta's up-to-date
 * store), unless only `search` is configured: Okta may not combine the two,
 * and the search is the user's choice of store.
 */
export function userPartitions(query: { filter?: string; search?: string }, boundaries: readonly string[]): UserPartition[] {
  const ranges: string[] = [];
  for (let i = 0; i <= boundaries.length; i++) {
    const lower = i > 0 ? `lastUpdated ge "${boundaries[i - 1]}"` : undefined;
    const upper = i < boundaries.length ? `lastUpdated lt "${boundaries[i]}"` : undefined;
    ranges.push([lower, upper].filter(Boolean).join(' and '));
  }
  return ranges.map(range => ({ range, ...narrowed(query, range) }));
}

/** Users changed at or after `since` (ISO): the catch-up slice read after the others. */
export function changedSince(query: { filter?: string; search?: string }, since: string): UserPartition {
  const range = `lastUpdated ge "${since}"`;
  return { range, ...narrowed(query, range) };
}

function narrowed(query: { filter?: string; search?: string }, range: string): { filter?: string; search?: string } {
  const { filter, search } = query;
  if (search && !filter) return { search: `(${search}) and ${range}` };
  return { filter: filter ? `(${filter}) and ${range}` : range, search };
}

/**
 * The users of a partitioned listing, one per id. A user read twice (changed
 * while the slices were read, so found under its old and its new
 * `lastUpdated`) keeps the newer version; at equal `lastUpdated` the one read
 * last.
 */
export class UserMerge {
  private readonly byId = new Map<string, { record: OktaUserRecord; updated: number }>();

  constructor(private readonly keep: (record: OktaUserRecord) => boolean) {}

  add(record: OktaUserRecord): void {
    const updated = Date.parse(String(record.raw?.lastUpdated ?? ''));
    const time = Number.isFinite(updated) ? updated : -Infinity;
    const known = this.byId.get(record.id);
    if (!known || time >= known.updated) this.byId.set(record.id, { record, updated: time });
  }

  get size(): number {
    return this.byId.size;
  }

  /** The users the plain listing would return (`keep`), in the order first read. */
  users(): OktaUserRecord[] {
    const users: OktaUserRecord[] = [];
    for (const { record } of this.byId.values()) if (this.keep(record)) users.push(record);
    return users;
  }
}
