import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client, Group, User } from '@okta/okta-sdk-nodejs';
import type { OrgDelta, OrgReadResult, OrgRecordRequest, OrgSource, ReadBounds, RecordReadContext, SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import type { OktaGroupRecord, OktaUserRecord } from '../rawObjects';
import { readOktaRecords } from './readRecords';
import type { OktaProviderConfig } from '../config';
import { setMaxListeners } from 'node:events';
import { createOktaClient } from '../client/createOktaClient';
import { forEachPage } from '../client/forEachPage';
import { forEachWithConcurrency, readBoundsOf } from '@orgsync/plugin-catalog-org-sync-node';
import { groupRecord, resolveParents, userRecord } from './toRecords';
import { describeOktaError } from './errors';
import { describeGroup, readGroupMembers, reportedMemberCount } from './groupMembers';
import { membershipStamp, nextCursor, readConfigKey, unchangedMembers, usableCursor, type MemberCursor } from './memberCursor';

const USER_PAGE_SIZE = 200;

interface ReadCounts {
  users: number;
  groups: number;
  memberships: number;
  /** Groups whose members this run reads, and how many of them are done. */
  membersToRead: number;
  membersRead: number;
  /** Groups whose members are taken from the last run (membership unchanged since). */
  membersReused: number;
}

/**
 * Reads an Okta org: the user list (paged, one page at a time) runs alongside
 * the group list and then the member fetches (bounded concurrency). Returns
 * a complete snapshot or throws: a member fetch that fails after retries
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
export class OktaOrgSource implements OrgSource {
  constructor(
    private readonly config: OktaProviderConfig,
    private readonly logger: LoggerService,
  ) {}

  async read(context: SourceReadContext): Promise<OrgReadResult> {
    const { signal, reportProgress, previous } = context;
    const bounds = readBoundsOf(context);
    const controller = new AbortController();
    // Every request in flight and every rate-limit wait listens to it: more than Node's default of 10.
    setMaxListeners(2 * (this.config.concurrency + 1) + 10, controller.signal);
    const onOuterAbort = () => controller.abort(new Error('the read was aborted (schedule timeout or shutdown)'));
    if (signal.aborted) onOuterAbort();
    signal.addEventListener('abort', onOuterAbort, { once: true });
    const { client, executor, close } = createOktaClient(this.config, controller.signal);
    const configKey = readConfigKey(this.config);
    const cursor = usableCursor(previous?.cursor, configKey);
    if (previous && !cursor) this.logger.info(`the saved cursor is from another version or other settings; reading every group's members`);
    const counts: ReadCounts = { users: 0, groups: 0, memberships: 0, membersToRead: 0, membersRead: 0, membersReused: 0 };
    const progress = (stage: string) =>
      reportProgress({
        users: counts.users,
        groups: counts.groups,
        memberships: counts.memberships,
        requests: executor.requests,
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
      const [users, { groups, members }] = await Promise.all([
        stopOnFailure(this.readUsers(client, bounds, counts, progress)),
        stopOnFailure(this.readGroupsAndMembers(client, cursor, bounds, counts, progress)),
      ]);
      const stamped = groups.map(group => ({
        id: group.id!,
        lastMembershipUpdated: membershipStamp(group.lastMembershipUpdated),
        members: members.get(group.id!)!,
      }));
      return {
        ...this.snapshot(users, groups, members),
        cursor: nextCursor(configKey, stamped),
        readMode: cursor ? 'incremental' : 'full',
      };
    } finally {
      signal.removeEventListener('abort', onOuterAbort);
      if (!controller.signal.aborted) controller.abort(new Error('the read is over'));
      close();
      this.logger.debug(
        `okta read made ${executor.requests} requests, ${executor.rateLimited} answered 429; ` +
          `member lists: ${counts.membersRead} read, ${counts.membersReused} reused from the last run (membership unchanged)`,
      );
    }
  }

  /** Re-reads the users and groups a change signal named (see readRecords.ts). */
  readRecords(request: OrgRecordRequest, context: RecordReadContext): Promise<OrgDelta> {
    return readOktaRecords(this.config, this.logger, request, context);
  }

  private async readUsers(client: Client, bounds: ReadBounds, counts: { users: number }, progress: (stage: string) => void): Promise<User[]> {
    const { filter, search } = this.config.users;
    const users: User[] = [];
    try {
      const collection = await client.userApi.listUsers({ filter, search, limit: USER_PAGE_SIZE });
      await forEachPage(collection, 'Okta users', bounds.maxUsers, page => {
        for (const user of page) if (user) users.push(user);
        counts.users = users.length;
        progress('listing users');
      });
    } catch (error) {
      throw new Error(`listing users failed after ${users.length} users: ${describeOktaError(error, this.config)}`);
    }
    return users;
  }

  private async readGroupsAndMembers(
    client: Client,
    cursor: MemberCursor | undefined,
    bounds: ReadBounds,
    counts: ReadCounts,
    progress: (stage: string) => void,
  ): Promise<{ groups: Group[]; members: Map<string, string[]> }> {
    const { filter, search } = this.config.groups;
    const groups: Group[] = [];
    try {
      // `expand=stats`: each group's member count, so an empty member list can be told from an empty group.
      const collection = await client.groupApi.listGroups({ filter, search, expand: 'stats' });
      await forEachPage(collection, 'Okta groups', bounds.maxGroups, page => {
        for (const group of page) if (group) groups.push(group);
        counts.groups = groups.length;
      });
    } catch (error) {
      throw new Error(`listing groups failed after ${groups.length} groups: ${describeOktaError(error, this.config)}`);
    }

    // Members are unfiltered user ids as Okta returned them (see MemberCursor).
    const members = new Map<string, string[]>();
    const toRead: Group[] = [];
    for (const group of groups) {
      const unchanged = unchangedMembers(cursor, group.id!, membershipStamp(group.lastMembershipUpdated), reportedMemberCount(group));
      if (unchanged) {
        members.set(group.id!, unchanged);
        counts.memberships += unchanged.length;
        counts.membersReused++;
      } else {
        toRead.push(group);
      }
    }
    counts.membersToRead = toRead.length;
    progress('listed groups');

    const memberOptions = { orgUrl: this.config.orgUrl, maxMembers: bounds.maxUsers, logger: this.logger };
    await forEachWithConcurrency(toRead, this.config.concurrency, async group => {
      let ids: string[];
      try {
        ids = await readGroupMembers(client, group, memberOptions);
      } catch (error) {
        throw new Error(`reading the members of ${describeGroup(group)} failed: ${describeOktaError(error, this.config)}`);
      }
      members.set(group.id!, ids);
      counts.memberships += ids.length;
      counts.membersRead++;
      progress('reading group members');
    });
    return { groups, members };
  }

  private snapshot(users: User[], groups: Group[], members: Map<string, string[]>): { users: OktaUserRecord[]; groups: OktaGroupRecord[] } {
    const listed = new Set(users.map(u => u.id));
    let outside = 0;
    const groupRecords: OktaGroupRecord[] = groups.map(group => {
      const all = members.get(group.id!) ?? [];
      // Members the user list did not return (DEPROVISIONED, or outside users.filter/search) are not ours to emit.
      const ids = all.filter(id => listed.has(id));
      outside += all.length - ids.length;
      return groupRecord(group, this.config, ids);
    });
    if (this.config.groups.parentAttribute) resolveParents(groups, groupRecords, this.config.groups.parentAttribute);
    if (outside) {
      this.logger.info(
        `${outside} group membership(s) name users the user list did not return (deprovisioned, or outside users.filter/search); they are left out`,
      );
    }
    return { users: users.map(user => userRecord(user, this.config)), groups: groupRecords };
  }
}
