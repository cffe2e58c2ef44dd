import type { OrgGroupRecord } from '../records';
import type { UserEntity } from './entities';
import type { MappingInput } from './mappingInput';

export interface DirectMemberships {
  /** User id → ids of the groups that list it, for users mapped here. */
  groupsOfUser: Map<string, Set<string>>;
  /** Group id → ids of its members that get a reference: mapped, kept as they are, or linked to a person. */
  membersOfGroup: Map<string, Set<string>>;
}

/** Phase 4: direct memberships in both directions; members that are nowhere are reported as unknown. */
export function directMemberships(groups: readonly OrgGroupRecord[], userEntities: ReadonlyMap<string, UserEntity>, input: MappingInput): DirectMemberships {
  const { linked, otherUsers } = input;
  const groupsOfUser = new Map<string, Set<string>>();
  const membersOfGroup = new Map<string, Set<string>>();
  for (const group of groups) {
    const members = new Set<string>();
    for (const userId of group.memberUserIds ?? []) {
      if (linked.has(userId)) {
        if (linked.get(userId)) members.add(userId);
      } else if (otherUsers.has(userId)) {
        members.add(userId);
      } else if (userEntities.has(userId)) {
        members.add(userId);
        let set = groupsOfUser.get(userId);
        if (!set) groupsOfUser.set(userId, (set = new Set()));
        set.add(group.id);
      } else if (!input.allUserIds.has(userId)) {
        input.report.unknownUserRefs.push({ groupId: group.id, ref: userId });
      }
    }
    membersOfGroup.set(group.id, members);
  }
  return { groupsOfUser, membersOfGroup };
}

/** Phase 5 (`pruneEmptyGroups`): a group with no members and no kept children goes; repeated upwards. The ids to leave out. */
export function emptyGroups(
  groups: readonly OrgGroupRecord[],
  parentOf: ReadonlyMap<string, string>,
  membersOfGroup: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const pruned = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    const hasChild = new Set<string>();
    for (const [child, parent] of parentOf) if (!pruned.has(child)) hasChild.add(parent);
    for (const group of groups) {
      if (pruned.has(group.id) || hasChild.has(group.id) || membersOfGroup.get(group.id)!.size > 0) continue;
      pruned.add(group.id);
      changed = true;
    }
  }
  return pruned;
}
