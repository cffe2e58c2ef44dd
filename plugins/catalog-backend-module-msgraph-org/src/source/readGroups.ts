import { enqueueListing } from '../client/batchListing';
import type { BatchRunner } from '../client/batchRunner';
import { listAll, withQuery, PAGE_SIZE } from '../client/collections';
import type { MicrosoftGraph } from '../transform/types';
import type { ReadContext } from './readUsers';

export interface GroupWithMembers {
  group: MicrosoftGraph.Group;
  userIds: string[];
  groupIds: string[];
}

type Member = { id?: string; '@odata.type'?: string } & MicrosoftGraph.Group;

/** A group as errors name it: its id and display name. */
export function describeGroup(group: Pick<MicrosoftGraph.Group, 'id' | 'displayName'>): string {
  return `group ${group.id}${group.displayName ? ` (${JSON.stringify(group.displayName)})` : ''}`;
}

/**
 * The groups of `group.path` and their direct members (users and groups).
 * With `group.includeSubGroups`, groups nested directly in those are added
 * too, with their own members — one level, as the official module does.
 */
export async function readGroupsWithMembers(ctx: ReadContext): Promise<GroupWithMembers[]> {
  const { config } = ctx;
  const listed = await listAll<MicrosoftGraph.Group>(
    ctx.client,
    config.groupPath ?? 'groups',
    { filter: config.groupFilter, search: config.groupSearch, select: config.groupSelect, expand: config.groupExpand },
    config.queryMode,
    { maxItems: ctx.bounds.maxGroups, signal: ctx.signal, onPage: () => ctx.progress('groups', {}) },
  );
  const result = new Map<string, GroupWithMembers>();
  for (const group of listed) if (group.id && !result.has(group.id)) result.set(group.id, { group, userIds: [], groupIds: [] });

  const subGroups = new Map<string, MicrosoftGraph.Group>();
  await readMembers(ctx, [...result.values()], member => {
    if (config.groupIncludeSubGroups && member.id && !result.has(member.id)) subGroups.set(member.id, member);
  });
  if (subGroups.size) {
    const added = [...subGroups.values()].map(group => ({ group, userIds: [], groupIds: [] }));
    for (const entry of added) result.set(entry.group.id!, entry);
    await readMembers(ctx, added, () => undefined);
  }
  return [...result.values()];
}

/** Fills `userIds` and `groupIds` of each entry through `$batch`, following member pages. */
async function readMembers(ctx: ReadContext, entries: GroupWithMembers[], onGroupMember: (member: Member) => void): Promise<void> {
  const runner = ctx.batches();
  enqueueMembers(ctx, runner, entries, undefined, onGroupMember);
  await runner.run();
}

/**
 * Enqueues the member listings of these groups. With `onNotFound`, a group
 * Graph answers 404 for ends its listing there (re-reads by id, where the
 * group may be gone); without it, a 404 fails the read.
 */
export function enqueueMembers(
  ctx: ReadContext,
  runner: BatchRunner,
  entries: GroupWithMembers[],
  onNotFound?: (groupId: string) => void,
  onGroupMember: (member: Member) => void = () => undefined,
): void {
  // Subgroups become entities when included, so then the members carry the group properties the transformer needs.
  const params: Record<string, string> = ctx.config.groupIncludeSubGroups ? { $top: String(PAGE_SIZE) } : { $select: 'id', $top: String(PAGE_SIZE) };
  let done = 0;
  for (const entry of entries) {
    enqueueListing<Member>(runner, withQuery(`/groups/${entry.group.id}/members`, params), {
      what: `the members of ${describeGroup(entry.group)}`,
      // As the engine bounds member lists: by the users bound.
      maxItems: ctx.bounds.maxUsers,
      target: ctx.config.target,
      endsWithout: onNotFound
        ? response => {
            if (response.status !== 404) return false;
            onNotFound(entry.group.id!);
            return true;
          }
        : undefined,
      onItems: members => {
        for (const member of members) {
          if (!member.id) continue;
          if (member['@odata.type'] === '#microsoft.graph.user') entry.userIds.push(member.id);
          else if (member['@odata.type'] === '#microsoft.graph.group') {
            entry.groupIds.push(member.id);
            onGroupMember(member);
          }
        }
      },
      onEnd: () => ctx.progress('group members', { groups: ++done }),
    });
  }
}
