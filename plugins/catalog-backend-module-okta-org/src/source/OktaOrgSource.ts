import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client, Group } from '@okta/okta-sdk-nodejs';
import type { OrgReadResult, OrgRecordRequest, OrgSource, ReadBounds, RecordReadContext, SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import type { OktaGroupRecord, OktaOrgDelta, OktaRawGroup, OktaRawUser, OktaUserRecord } from './rawObjects';
import { readOktaRecords } from './readRecords';
import type { OktaProviderConfig } from '../config';
import { setMaxListeners } from 'node:events';
import { createOktaClient } from '../client/createOktaClient';
import { forEachPage } from '../client/forEachPage';
import type { OktaRequestExecutor } from '../client/OktaRequestExecutor';
import { forEachWithConcurrency, readBoundsOf } from '@orgsync/plugin-catalog-org-sync-node';
import { groupRecord, resolveParents } from './toRecords';
import { describeOktaError } from '../client/errors';
import { describeGroup, groupRef, readGroupMembers, type GroupRef } from './groupMembers';
import { membershipStamp, nextCursor, readConfigKey, unchangedMembers, usableCursor, type MemberCursor } from './memberCursor';
import { readUserList, type UserListStats } from './readUserList';

interface ReadCounts {
  users: number;
  groups: number;
  memberships: number;
  /** Groups whose members this run reads, and how many of them are done. */
  membersToRead: number;
  membersRead: number;
  /** Groups whose members are taken from the last run (membership unchanged since). */
  membersReused: number;
  /** Groups whose member list is not read because Okta counts no members in them (`expand=stats`). */
  membersSkippedEmpty: number;
}

/**
 * Reads an Okta org: the user list (paged, one page at a time) runs alongside
 * the group list and then the member fetches (bounded concurrency). Each page
 * becomes records as it arrives and member lists are id arrays, so the read
 * never holds the SDK's objects of the whole org. Returns a complete list or throws: a member fetch that fails after retries
 * fails the whole read, so no group is ever emitted without its members.
 *
 * Incremental: users and groups are listed on every run (the user list is
 * how deactivated, deleted and renamed people are seen); members are read
 * only for groups that are new or whose `lastMembershipUpdated` differs from
 * the previous run's cursor.
 *
 * Every listing is bounded (`PagedListing`): a page link Okta already gave,
 * or far more records than the org had at the last applied run, fails the read.
 */
export class OktaOrgSource implements OrgSource<OktaRawUser, OktaRawGroup> {
  constructor(
    private readonly config: OktaProviderConfig,
    private readonly logger: LoggerService,
  ) {}

  async read(context: SourceReadContext<OktaRawUser, OktaRawGroup>): Promise<OrgReadResult<OktaRawUser, OktaRawGroup>> {
    const { signal, reportProgress, previous } = context;
    const bounds = readBoundsOf(context);
    const controller = new AbortController();
    // Every request in flight and every rate-limit wait listens to it: more than Node's default of 10.
    setMaxListeners(2 * (this.config.concurrency + this.config.users.partitions + 1) + 10, controller.signal);
    const onOuterAbort = () => controller.abort(new Error('the read was aborted (schedule timeout or shutdown)'));
    if (signal.aborted) onOuterAbort();
    signal.addEventListener('abort', onOuterAbort, { once: true });
    const { client, executor, close } = createOktaClient(this.config, controller.signal);
    const configKey = readConfigKey(this.config);
    const cursor = usableCursor(previous?.cursor, configKey);
    if (previous && !cursor) this.logger.info(`the saved cursor is from another version or other settings; reading every group's members`);
    const counts: ReadCounts = { users: 0, groups: 0, memberships: 0, membersToRead: 0, membersRead: 0, membersReused: 0, membersSkippedEmpty: 0 };
    let userList: UserListStats | undefined;
    const progress = (stage: string) =>
      reportProgress({
        users: counts.users,
        groups: counts.groups,
        memberships: counts.memberships,
        requests: executor.requests,
        rateLimited: executor.rateLimited,
        stage:
          `${stage}; members of ${counts.membersRead}/${counts.membersToRead} groups read` +
          `${cursor ? `, ${counts.membersReused} unchanged since the last run` : ''}; ${executor.rateLimited} answers 429`,
      });
    // The first failure stops the other branch too, so a failed run ends quickly.
    const stopOnFailure = <T>(task: Promise<T>) =>
      task.catch(error => {
        if (!controller.signal.aborted) controller.abort(error);
        throw error;
      });
    try {
      const [users, groups] = await Promise.all([
        stopOnFailure(
          this.readUsers(client, executor, bounds, counts, progress).then(read => {
            userList = read.stats;
            return read.users;
          }),
        ),
        stopOnFailure(this.readGroupsAndMembers(client, cursor, bounds, counts, progress)),
      ]);
      const next = nextCursor(configKey, groups);
      return { users, groups: this.groupRecords(users, groups), cursor: next, readMode: cursor ? 'incremental' : 'full' };
    } finally {
      signal.removeEventListener('abort', onOuterAbort);
      if (!controller.signal.aborted) controller.abort(new Error('the read is over'));
      close();
      // The totals, for the run's history and metrics (progress lines above are throttled by the engine).
      reportProgress({ requests: executor.requests, rateLimited: executor.rateLimited });
      // One line per read with what each skip rule saved (the bench reads these fields).
      this.logger.info(
        `okta read made ${executor.requests} requests, ${executor.rateLimited} answered 429; ` +
          `user list in ${userList?.partitions ?? '?'} slice(s); member lists: ${counts.membersRead} read, ` +
          `${counts.membersSkippedEmpty} skipped (Okta counts no members), ${counts.membersReused} reused from the last run (membership unchanged)`,
        {
          requests: executor.requests,
          rateLimited: executor.rateLimited,
          userListPartitions: userList?.partitions,
          userListCaughtUp: userList?.caughtUp,
          memberListsRead: counts.membersRead,
          memberListsSkippedEmpty: counts.membersSkippedEmpty,
          memberListsReused: counts.membersReused,
        },
      );
    }
  }

  /** Re-reads the users and groups a change signal named (see readRecords.ts). */
  readRecords(request: OrgRecordRequest, context: RecordReadContext<OktaRawUser, OktaRawGroup>): Promise<OktaOrgDelta> {
    return readOktaRecords(this.config, this.logger, request, context);
  }

  /** The user list, in `users.partitions` slices side by side when it spans more than a page (see readUserList.ts). */
  private async readUsers(
    client: Client,
    executor: OktaRequestExecutor,
    bounds: ReadBounds,
    counts: { users: number },
    progress: (stage: string) => void,
  ): Promise<{ users: OktaUserRecord[]; stats: UserListStats }> {
    try {
      return await readUserList(client, executor, this.config, bounds.maxUsers, users => {
        counts.users = users;
        progress('listing users');
      });
    } catch (error) {
      throw new Error(`listing users failed after ${counts.users} users: ${describeOktaError(error, this.config)}`);
    }
  }

  private async readGroupsAndMembers(
    client: Client,
    cursor: MemberCursor | undefined,
    bounds: ReadBounds,
    counts: ReadCounts,
    progress: (stage: string) => void,
  ): Promise<ListedGroup[]> {
    const { filter, search } = this.config.groups;
    const groups: ListedGroup[] = [];
    try {
      // `expand=stats`: each group's member count, so an empty member list can be told from an empty group.
      const collection = await client.groupApi.listGroups({ filter, search, expand: 'stats' });
      await forEachPage(collection, 'Okta groups', bounds.maxGroups, page => {
        for (const group of page) if (group) groups.push(listedGroup(group, this.config));
        counts.groups = groups.length;
      });
    } catch (error) {
      throw new Error(`listing groups failed after ${groups.length} groups: ${describeOktaError(error, this.config)}`);
    }

    const toRead: ListedGroup[] = [];
    for (const group of groups) {
      const reported = group.ref.reportedMembers;
      const unchanged = unchangedMembers(cursor, group.id, group.lastMembershipUpdated, reported);
      // A saved list with members while Okta now counts none: one of the two is stale, so read.
      if (unchanged && !(reported === 0 && unchanged.length > 0)) {
        group.members = unchanged;
        counts.memberships += unchanged.length;
        counts.membersReused++;
      } else if (this.config.groups.skipEmptyMemberReads && reported === 0) {
        // Okta counts no members (`expand=stats`): the list could only answer `[]`.
        group.members = [];
        counts.membersSkippedEmpty++;
      } else {
        toRead.push(group);
      }
    }
    counts.membersToRead = toRead.length;
    progress('listed groups');

    const memberOptions = { orgUrl: this.config.orgUrl, maxMembers: bounds.maxUsers, logger: this.logger };
    await forEachWithConcurrency(toRead, this.config.concurrency, async group => {
      try {
        group.members = await readGroupMembers(client, group.ref, memberOptions);
      } catch (error) {
        throw new Error(`reading the members of ${describeGroup(group.ref)} failed: ${describeOktaError(error, this.config)}`);
      }
      counts.memberships += group.members.length;
      counts.membersRead++;
      progress('reading group members');
    });
    return groups;
  }

  /**
   * The group records, each with the members the user list returned. A member
   * list with no one left out is the record's and the cursor's at once (one
   * array, not two copies).
   */
  private groupRecords(users: OktaUserRecord[], groups: ListedGroup[]): OktaGroupRecord[] {
    const listed = new Set(users.map(u => u.id));
    let outside = 0;
    const records = groups.map(({ record, members }) => {
      // Members the user list did not return (DEPROVISIONED, or outside users.filter/search) are not ours to emit.
      const ids = members.every(id => listed.has(id)) ? members : members.filter(id => listed.has(id));
      outside += members.length - ids.length;
      record.memberUserIds = ids;
      return record;
    });
    if (this.config.groups.parentAttribute) resolveParents(records, records, this.config.groups.parentAttribute);
    if (outside) {
      this.logger.info(
        `${outside} group membership(s) name users the user list did not return (deprovisioned, or outside users.filter/search); they are left out`,
      );
    }
    return records;
  }
}

/**
 * A listed group as the read keeps it: its record (members still to come),
 * what the member read and the cursor need, and its members once read. The
 * SDK's object is dropped once its page is done.
 */
interface ListedGroup {
  id: string;
  record: OktaGroupRecord;
  ref: GroupRef;
  lastMembershipUpdated: string | undefined;
  /** Unfiltered, as Okta returned them (see MemberCursor). */
  members: string[];
}

function listedGroup(group: Group, config: OktaProviderConfig): ListedGroup {
  const record = groupRecord(group, config, []);
  return { id: record.id, record, ref: groupRef(group), lastMembershipUpdated: membershipStamp(group.lastMembershipUpdated), members: [] };
}
