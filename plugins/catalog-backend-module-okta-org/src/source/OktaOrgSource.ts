import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client, Group, User } from '@okta/okta-sdk-nodejs';
import type { OrgGroupRecord, OrgSnapshot, OrgSource, SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import type { OktaProviderConfig } from '../config';
import { createOktaClient } from '../client/createOktaClient';
import { forEachWithConcurrency } from '@orgsync/plugin-catalog-org-sync-node';
import { groupRecord, resolveParents, userRecord } from './toRecords';
import { describeOktaError } from './errors';

const USER_PAGE_SIZE = 200;
const MEMBER_PAGE_SIZE = 1000;

/**
 * Reads an Okta org: the user list (paged, one page at a time) runs alongside
 * the group list and then the member fetches (bounded concurrency). Returns
 * a complete snapshot or throws: a member fetch that fails after retries
 * fails the whole read, so no group is ever emitted without its members.
 */
export class OktaOrgSource implements OrgSource {
  constructor(
    private readonly config: OktaProviderConfig,
    private readonly logger: LoggerService,
  ) {}

  async read({ signal, reportProgress }: SourceReadContext): Promise<OrgSnapshot> {
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(new Error('the read was aborted (schedule timeout or shutdown)'));
    if (signal.aborted) onOuterAbort();
    signal.addEventListener('abort', onOuterAbort, { once: true });
    const { client, executor } = createOktaClient(this.config, controller.signal);
    const counts = { users: 0, groups: 0, memberships: 0, membersOfGroups: 0 };
    const progress = (stage: string) =>
      reportProgress({
        users: counts.users,
        groups: counts.groups,
        memberships: counts.memberships,
        requests: executor.requests,
        stage: `${stage}; members of ${counts.membersOfGroups}/${counts.groups} groups read; ${executor.rateLimited} answers 429`,
      });
    // The first failure stops the other branch too, so a failed run ends quickly.
    const stopOnFailure = <T>(task: Promise<T>) =>
      task.catch(error => {
        if (!controller.signal.aborted) controller.abort(error);
        throw error;
      });
    try {
      const [users, { groups, members }] = await Promise.all([
        stopOnFailure(this.readUsers(client, counts, progress)),
        stopOnFailure(this.readGroupsAndMembers(client, counts, progress)),
      ]);
      return this.snapshot(users, groups, members);
    } finally {
      signal.removeEventListener('abort', onOuterAbort);
      if (!controller.signal.aborted) controller.abort(new Error('the read is over'));
      this.logger.debug(`okta read made ${executor.requests} requests, ${executor.rateLimited} answered 429`);
    }
  }

  private async readUsers(client: Client, counts: { users: number }, progress: (stage: string) => void): Promise<User[]> {
    const { filter, search } = this.config.users;
    const users: User[] = [];
    try {
      const collection = await client.userApi.listUsers({ filter, search, limit: USER_PAGE_SIZE });
      for await (const user of collection) {
        if (!user) continue;
        users.push(user);
        counts.users++;
        if (counts.users % USER_PAGE_SIZE === 0) progress('listing users');
      }
    } catch (error) {
      throw new Error(`listing users failed after ${users.length} users: ${describeOktaError(error, this.config)}`);
    }
    return users;
  }

  private async readGroupsAndMembers(
    client: Client,
    counts: { groups: number; memberships: number; membersOfGroups: number },
    progress: (stage: string) => void,
  ): Promise<{ groups: Group[]; members: Map<string, string[]> }> {
    const { filter, search } = this.config.groups;
    const groups: Group[] = [];
    try {
      for await (const group of await client.groupApi.listGroups({ filter, search })) {
        if (!group) continue;
        groups.push(group);
        counts.groups++;
      }
    } catch (error) {
      throw new Error(`listing groups failed after ${groups.length} groups: ${describeOktaError(error, this.config)}`);
    }
    progress('listed groups');

    const members = new Map<string, string[]>();
    await forEachWithConcurrency(groups, this.config.concurrency, async group => {
      const ids: string[] = [];
      try {
        for await (const user of await client.groupApi.listGroupUsers({ groupId: group.id!, limit: MEMBER_PAGE_SIZE })) {
          if (user?.id) ids.push(user.id);
        }
      } catch (error) {
        const name = (group.profile as { name?: unknown } | undefined)?.name;
        throw new Error(
          `reading the members of group ${JSON.stringify(String(name ?? ''))} (${group.id}) failed: ${describeOktaError(error, this.config)}`,

        );
      }
      members.set(group.id!, ids);
      counts.memberships += ids.length;
      counts.membersOfGroups++;
      progress('reading group members');
    });
    return { groups, members };
  }

  private snapshot(users: User[], groups: Group[], members: Map<string, string[]>): OrgSnapshot {
    const listed = new Set(users.map(u => u.id));
    let outside = 0;
    const groupRecords: OrgGroupRecord[] = groups.map(group => {
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
