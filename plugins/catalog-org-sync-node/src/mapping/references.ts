import { stringifyEntityRef } from '@backstage/catalog-model';
import type { OrgGroupRecord } from '../records';
import type { GroupEntity, UserEntity } from './entities';
import { ancestorsOf } from './hierarchy';
import type { MappingInput } from './mappingInput';
import type { DirectMemberships } from './memberships';

/** The entities of phases 1–5, with what is known about how they relate. */
export interface RelatedEntities {
  /** Record id → entity. */
  users: ReadonlyMap<string, UserEntity>;
  groups: ReadonlyMap<string, GroupEntity>;
  /** Group records that still have an entity, in snapshot order. */
  keptGroups: readonly OrgGroupRecord[];
  parentOf: ReadonlyMap<string, string>;
  memberships: DirectMemberships;
  /** Whether a group is emitted: it has an entity and was not pruned. */
  isLive(groupId: string): boolean;
}

/** Phase 6: each live group's parent, children and members, and each user's `memberOf`, as sorted entity refs. */
export function fillReferences(related: RelatedEntities, input: MappingInput): void {
  const refOfGroup = (id: string) => stringifyEntityRef(related.groups.get(id)!);
  const refOfUser = (id: string) => input.linked.get(id) ?? input.otherUsers.get(id)?.toLowerCase() ?? stringifyEntityRef(related.users.get(id)!);
  const { parentOf, isLive } = related;
  const childrenOf = new Map<string, string[]>();
  for (const [child, parent] of parentOf) {
    if (!isLive(child) || !isLive(parent)) continue;
    const list = childrenOf.get(parent);
    if (list) list.push(child);
    else childrenOf.set(parent, [child]);
  }
  for (const group of related.keptGroups) {
    if (!isLive(group.id)) continue;
    const entity = related.groups.get(group.id)!;
    const parent = parentOf.get(group.id);
    if (parent !== undefined && isLive(parent)) entity.spec.parent = refOfGroup(parent);
    else delete entity.spec.parent;
    entity.spec.children = (childrenOf.get(group.id) ?? []).map(refOfGroup).sort();
    entity.spec.members = [...related.memberships.membersOfGroup.get(group.id)!].map(refOfUser).sort();
  }
  for (const [userId, entity] of related.users) {
    const direct = [...(related.memberships.groupsOfUser.get(userId) ?? [])].filter(isLive);
    const all = new Set(direct);
    if (input.options.userMemberOf === 'transitive') {
      for (const g of direct) for (const a of ancestorsOf(g, parentOf)) if (isLive(a)) all.add(a);
    }
    entity.spec.memberOf = [...all].map(refOfGroup).sort();
  }
}
