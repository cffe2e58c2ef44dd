import type { OrgSnapshot } from '../records';
import { entityRefOf, type GroupEntity, type UserEntity } from './entities';
import { resolveHierarchy } from './hierarchy';
import type { MapOptions } from './mapOptions';
import type { MappingReport } from './mappingReport';
import { readMappingInput } from './mappingInput';
import { baseGroupEntities, baseUserEntities } from './baseEntities';
import { cleanAndNameEntities } from './entityNames';
import { directMemberships, emptyGroups } from './memberships';
import { fillReferences, type RelatedEntities } from './references';

// The types of the mapper's signature come with it, so callers import the mapper from one place.
export type { MapOptions, UserTransformer, GroupTransformer } from './mapOptions';
export type { MappingReport } from './mappingReport';

/** @public */
export interface MappedOrg {
  users: UserEntity[];
  groups: GroupEntity[];
  /** Record id → entity name, for the next run's `previousNames`. */
  names: { users: Map<string, string>; groups: Map<string, string> };
  /** Record id → ref of the entity emitted for it, its name as emitted (`entityRefOf`). */
  refs: { users: Map<string, string>; groups: Map<string, string> };
  report: MappingReport;
}

/**
 * Turns a snapshot into User and Group entities: valid unique names,
 * membership in both directions, a consistent acyclic hierarchy.
 * Pure apart from the operator's transformers; the same snapshot gives the
 * same entities whatever the order of its records.
 *
 * @public
 */
export async function mapSnapshot(snapshot: OrgSnapshot, options: MapOptions): Promise<MappedOrg> {
  const input = readMappingInput(snapshot, options);
  const { report } = input;
  // 1. Base entities with the strategy's names; transformers may rename or drop.
  const users = await baseUserEntities(input);
  const groups = await baseGroupEntities(input);
  // 2. Safe strings and valid, unique names.
  cleanAndNameEntities('user', users, input);
  cleanAndNameEntities('group', groups, input);
  // 3. Hierarchy among the groups that made it this far.
  const keptGroups = input.groups.filter(g => groups.has(g.id));
  const { parentOf, report: hierarchy } = resolveHierarchy(keptGroups);
  report.hierarchy = hierarchy;
  // 4. Direct memberships, both directions.
  const memberships = directMemberships(keptGroups, users, input);
  // 5. Optional pruning of empty groups.
  const pruned = options.pruneEmptyGroups ? emptyGroups(keptGroups, parentOf, memberships.membersOfGroup) : new Set<string>();
  if (options.pruneEmptyGroups) report.prunedGroups = [...pruned].sort();
  const related: RelatedEntities = { users, groups, keptGroups, parentOf, memberships, isLive: id => groups.has(id) && !pruned.has(id) };
  // 6. Fill in the references.
  fillReferences(related, input);
  return mappedOrg(related, report);
}

function mappedOrg(related: RelatedEntities, report: MappingReport): MappedOrg {
  const { users, groups, isLive } = related;
  const everyUser = () => true;
  return {
    names: { users: namesOf(users, everyUser), groups: namesOf(groups, isLive) },
    refs: { users: refsOf(users, everyUser), groups: refsOf(groups, isLive) },
    users: [...users.values()].sort(byName),
    groups: related.keptGroups.filter(g => isLive(g.id)).map(g => groups.get(g.id)!).sort(byName),
    report,
  };
}

function namesOf(entities: ReadonlyMap<string, UserEntity | GroupEntity>, keep: (id: string) => boolean): Map<string, string> {
  return new Map([...entities].filter(([id]) => keep(id)).map(([id, e]) => [id, e.metadata.name]));
}

function refsOf(entities: ReadonlyMap<string, UserEntity | GroupEntity>, keep: (id: string) => boolean): Map<string, string> {
  return new Map([...entities].filter(([id]) => keep(id)).map(([id, e]) => [id, entityRefOf(e)]));
}

function byName<T extends { metadata: { name: string } }>(a: T, b: T): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
