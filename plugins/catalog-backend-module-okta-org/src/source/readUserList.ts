import type { Client, User } from '@okta/okta-sdk-nodejs';
import type { OktaRequestExecutor } from '../client/OktaRequestExecutor';
import { forEachPage } from '../client/forEachPage';
import type { OktaProviderConfig } from '../config';
import type { OktaUserRecord } from './rawObjects';
import { statusOf } from '../client/errors';
import { userRecord } from './toRecords';
import { changedSince, partitionBoundaries, UserMerge, userPartitions, type UserPartition } from './userPartitions';

const USER_PAGE_SIZE = 200;
/**
 * How far before the listing's first answer (Okta's `Date`, whole seconds)
 * the catch-up slice starts: covers the rounding and the spread of Okta's
 * server clocks, so a change made while the slices were read is never older.
 */
const CATCH_UP_MARGIN_MS = 60_000;

/** How the user list was read, for the read's log line. */
export interface UserListStats {
  /** Slices read side by side (1: one plain listing). */
  partitions: number;
  /** Users the catch-up slice read again (changed while the slices were read, or just before). */
  caughtUp: number;
}

/**
 * The user list, complete or throwing. The first page of the configured
 * listing is read as usual; when more follow and `users.partitions` is above
 * 1, the rest is read as that many `lastUpdated` slices side by side, cut
 * where the first page's `lastUpdated` values fall (see userPartitions.ts),
 * and then one catch-up slice of everyone changed since just before the
 * first answer. A user who changes while the slices are read moves to a newer
 * `lastUpdated`, which the catch-up slice covers, so nobody is missed; one
 * read twice keeps the newer version. `filter` sees DEPROVISIONED users,
 * which the plain list leaves out, so they are left out again here (unless
 * `filter`/`search` is configured: then the plain listing returns them too).
 *
 * Every slice is paged to its end through `forEachPage` (loop and size
 * bounds); one that fails rejects, and the caller aborts the others.
 */
export async function readUserList(
  client: Client,
  executor: OktaRequestExecutor,
  config: OktaProviderConfig,
  maxUsers: number,
  onProgress: (users: number) => void,
): Promise<{ users: OktaUserRecord[]; stats: UserListStats }> {
  const { filter, search, partitions: wanted } = config.users;
  const plainListing = !filter && !search;
  const merge = new UserMerge(record => !plainListing || record.raw?.status !== 'DEPROVISIONED');
  const stats: UserListStats = { partitions: 1, caughtUp: 0 };
  const addPage = (page: User[]) => {
    for (const user of page) if (user) merge.add(userRecord(user, config));
    if (merge.size > maxUsers) throw new Error(`the user list holds more than ${maxUsers} users; the IdP's paging loops or the org grew past the bound`);
    onProgress(merge.size);
  };

  const first = await client.userApi.listUsers({ filter, search, limit: USER_PAGE_SIZE });
  let slices: UserPartition[] = [];
  let firstPage = true;
  await forEachPage(first, 'Okta users', maxUsers, page => {
    addPage(page);
    if (!firstPage) return true;
    firstPage = false;
    if (wanted <= 1 || !first.nextUri) return true;
    const boundaries = partitionBoundaries(merge.users(), wanted);
    if (boundaries.length === 0) return true;
    slices = userPartitions({ filter, search }, boundaries);
    // The rest is read in slices; this listing's later pages are not.
    return false;
  });
  if (slices.length === 0) return { users: merge.users(), stats };

  stats.partitions = slices.length;
  const since = new Date((executor.firstResponseDate ?? Date.now() - 5 * 60_000) - CATCH_UP_MARGIN_MS).toISOString();
  await Promise.all(slices.map((slice, i) => readSlice(client, slice, `Okta users (slice ${i + 1} of ${slices.length}: ${slice.range})`, maxUsers, addPage)));
  let caughtUp = 0;
  await readSlice(client, changedSince({ filter, search }, since), `Okta users (changed since ${since})`, maxUsers, page => {
    caughtUp += page.length;
    addPage(page);
  });
  stats.caughtUp = caughtUp;
  return { users: merge.users(), stats };
}

/** One slice, every page; a failure names the slice (and keeps the HTTP status for the caller's description). */
async function readSlice(client: Client, slice: UserPartition, what: string, maxUsers: number, onPage: (page: User[]) => void): Promise<void> {
  try {
    const collection = await client.userApi.listUsers({ filter: slice.filter, search: slice.search, limit: USER_PAGE_SIZE });
    await forEachPage(collection, what, maxUsers, onPage);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Paging errors name the listing already.
    if (message.startsWith(what)) throw error;
    const status = statusOf(error);
    throw Object.assign(new Error(`${what}: ${message}`), { status });
  }
}
