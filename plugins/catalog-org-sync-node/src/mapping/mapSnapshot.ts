import { DEFAULT_NAMESPACE, stringifyEntityRef } from '@backstage/catalog-model';
import type { OrgGroupRecord, OrgSnapshot, OrgUserRecord } from '../records';
import { assignUniqueNames, type NameCollision } from '../naming/uniqueNames';
import { rawGroupName, rawUserName, type NamingStrategy } from '../naming/strategies';
import { isValidEntityName, toValidEntityName } from '../naming/entityName';
import { ancestorsOf, resolveHierarchy, type HierarchyReport } from './hierarchy';
import { sanitizeAll, sanitizeGroup, sanitizeUser, type SkippedRecord } from './sanitize';
import { cleanEntity, type CleanedField } from './cleanEntity';
import { ANNOTATION_LINKED_TO, ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, compact, entityRefOf, type GroupEntity, type UserEntity } from './entities';

/** An operator's hook on a user entity; `TRaw` is the module's IdP object (`record.raw`). */
export type UserTransformer<TRaw = unknown> = (entity: UserEntity, record: OrgUserRecord<TRaw>) => UserEntity | undefined | Promise<UserEntity | undefined>;
/** An operator's hook on a group entity; `TRaw` is the module's IdP object (`record.raw`). */
export type GroupTransformer<TRaw = unknown> = (entity: GroupEntity, record: OrgGroupRecord<TRaw>) => GroupEntity | undefined | Promise<GroupEntity | undefined>;

export interface MapOptions {
  /** `<idp>:<id>`; names the provider in the location annotations. */
  providerName: string;
  /** Namespace of every entity; default `default`. */
  namespace?: string;
  userNaming: NamingStrategy<OrgUserRecord>;
  groupNaming: NamingStrategy<OrgGroupRecord>;
  /** `spec.type` for groups whose record has none; default `team`. */
  defaultGroupType?: string;
  /** Value of the managed-by(-origin)-location annotations; default `org-sync:<providerName>`. */
  location?: string;
  /** `direct` (default): users' `memberOf` lists their groups; `transitive`: also every ancestor of those. */
  userMemberOf?: 'direct' | 'transitive';
  /** Leave out groups with no members and no children. Default false. */
  pruneEmptyGroups?: boolean;
  /** Record id → entity name from the last applied run, so names stay with their records (see `assignUniqueNames`). */
  previousNames?: { users: ReadonlyMap<string, string>; groups: ReadonlyMap<string, string> };
  /**
   * Users that are not in the snapshot but are emitted as they are (id → entity ref): a delta maps only the
   * users it touches, and groups still list these as members and their names stay taken.
   */
  otherUsers?: ReadonlyMap<string, string>;
  /**
   * Identity linking (`linkTo`): account id → ref of the person's entity (emitted by the people source) that the
   * account's memberships go to, or null for an account left out. Such accounts get no User of their own.
   */
  linkedUsers?: ReadonlyMap<string, string | null>;
  /** Migration: a linked account still gets its own User, without its IdP annotations, marked `orgsync.io/linked-to`. */
  keepLinkedUsers?: boolean;
  /** Names kept by entities that are not mapped from these records (departed people and groups, id → ref): nobody else may take them. */
  reserved?: { users?: ReadonlyMap<string, string>; groups?: ReadonlyMap<string, string> };
  /** Operator hooks; returning undefined leaves the record out. */
  // Method signatures on purpose: a module passes hooks typed with its own raw objects (`OrgUserRecord<OktaRawUser>`),
  // which the engine, holding records of every module as `unknown`, hands back unchanged.
  transformUser?(entity: UserEntity, record: OrgUserRecord<any>): UserEntity | undefined | Promise<UserEntity | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
  transformGroup?(entity: GroupEntity, record: OrgGroupRecord<any>): GroupEntity | undefined | Promise<GroupEntity | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface MappingReport {
  skipped: SkippedRecord[];
  inactiveUsers: number;
  collisions: Array<NameCollision & { kind: 'user' | 'group' }>;
  /** Records whose naming strategy had nothing to work with (e.g. no email), named by fallback. */
  namingFallbacks: Array<{ kind: 'user' | 'group'; id: string; name: string }>;
  /** Memberships naming users that are not in the snapshot (inactive users are not counted). */
  unknownUserRefs: Array<{ groupId: string; ref: string }>;
  hierarchy: HierarchyReport;
  prunedGroups: string[];
  /** Entities a transformer dropped. */
  transformedAway: Array<{ kind: 'user' | 'group'; id: string }>;
  /** Records whose naming strategy or transformer threw or returned no entity: they keep the untransformed entity. */
  transformerErrors: Array<{ kind: 'user' | 'group'; id: string; error: string }>;
  /** Fields made safe: control characters removed, cut to size, pictures with other schemes dropped (`cleanEntity`). */
  cleaned: Array<CleanedField & { kind: 'user' | 'group'; id: string }>;
}

export interface MappedOrg {
  users: UserEntity[];
  groups: GroupEntity[];
  /** Record id → entity name, for the next run's `previousNames`. */
  names: { users: Map<string, string>; groups: Map<string, string> };
  /** Record id → ref of the entity emitted for it, its name as emitted (`entityRefOf`). */
  refs: { users: Map<string, string>; groups: Map<string, string> };
  report: MappingReport;
}

const byName = <T extends { metadata: { name: string } }>(a: T, b: T) =>
  a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;

/**
 * Turns a snapshot into User and Group entities: valid unique names,
 * membership in both directions, a consistent acyclic hierarchy.
 * Pure apart from the operator's transformers; the same snapshot gives the
 * same entities whatever the order of its records.
 */
export async function mapSnapshot(snapshot: OrgSnapshot, options: MapOptions): Promise<MappedOrg> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const location = options.location ?? `org-sync:${options.providerName}`;
  const report: MappingReport = {
    skipped: [],
    inactiveUsers: 0,
    collisions: [],
    namingFallbacks: [],
    unknownUserRefs: [],
    hierarchy: { extraParents: [], brokenCycles: [], unknownGroupRefs: [] },
    prunedGroups: [],
    transformedAway: [],
    transformerErrors: [],
    cleaned: [],
  };
  // An operator's strategy or transformer failing on one record must not fail the run or drop
  // the person: the record keeps the untransformed entity, and the failure is reported.
  const transformSafely = async <E extends UserEntity | GroupEntity, R extends { id: string }>(
    kind: 'user' | 'group',
    base: E,
    record: R,
    transform: ((entity: E, record: R) => E | undefined | Promise<E | undefined>) | undefined,
  ): Promise<E | undefined> => {
    if (!transform) return base;
    try {
      const result = await transform(structuredClone(base), record);
      if (result === undefined || result === null) return undefined;
      if (typeof result !== 'object' || typeof result.metadata !== 'object' || typeof result.spec !== 'object') {
        throw new Error('it returned something that is not an entity');
      }
      return result;
    } catch (error) {
      report.transformerErrors.push({ kind, id: record.id, error: error instanceof Error ? error.message : String(error) });
      return base;
    }
  };
  const nameSafely = <R extends { id: string }>(kind: 'user' | 'group', record: R, name: (r: R) => { raw: string; fellBack: boolean }, fallback: string) => {
    try {
      return name(record);
    } catch (error) {
      report.transformerErrors.push({ kind, id: record.id, error: `naming strategy: ${error instanceof Error ? error.message : String(error)}` });
      return { raw: fallback, fellBack: true };
    }
  };

  const sanitizedUsers = sanitizeAll('user', snapshot.users ?? [], sanitizeUser);
  const sanitizedGroups = sanitizeAll('group', snapshot.groups ?? [], sanitizeGroup);
  report.skipped.push(...sanitizedUsers.skipped, ...sanitizedGroups.skipped);
  const otherUsers = options.otherUsers ?? new Map<string, string>();
  const linked = options.linkedUsers ?? new Map<string, string | null>();
  const allUserIds = new Set([...sanitizedUsers.records.map(u => u.id), ...otherUsers.keys(), ...linked.keys()]);
  const users = sanitizedUsers.records.filter(u => u.active);
  report.inactiveUsers = sanitizedUsers.records.length - users.length;
  const groups = sanitizedGroups.records;

  const annotationsFor = (extra: Record<string, string> | undefined) => ({
    ...(extra ?? {}),
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  });

  // 1. Base entities with the strategy's names; transformers may rename or drop.
  const userEntities = new Map<string, UserEntity>();
  for (const user of users) {
    const personRef = linked.get(user.id);
    const alias = personRef && options.keepLinkedUsers;
    if (linked.has(user.id) && !alias) continue;
    const { raw, fellBack } = nameSafely('user', user, u => rawUserName(u, options.userNaming), user.login || user.id);
    if (fellBack) report.namingFallbacks.push({ kind: 'user', id: user.id, name: raw });
    const base: UserEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: raw, namespace, annotations: annotationsFor(alias ? { [ANNOTATION_LINKED_TO]: personRef } : user.annotations) },
      spec: {
        profile: compact({ displayName: user.displayName ?? joinName(user), email: user.email, picture: user.picture }),
        memberOf: [],
      },
    };
    // An alias keeps no sign-in annotations, which a transformer could add back.
    const entity = alias ? base : await transformSafely('user', base, user, options.transformUser);
    if (entity) userEntities.set(user.id, entity);
    else report.transformedAway.push({ kind: 'user', id: user.id });
  }
  const groupEntities = new Map<string, GroupEntity>();
  for (const group of groups) {
    const { raw, fellBack } = nameSafely('group', group, g => rawGroupName(g, options.groupNaming), group.id);
    if (fellBack) report.namingFallbacks.push({ kind: 'group', id: group.id, name: raw });
    const base: GroupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: compact({
        name: raw,
        namespace,
        description: group.description,
        annotations: annotationsFor(group.annotations),
      }),
      spec: {
        type: group.type ?? options.defaultGroupType ?? 'team',
        profile: compact({ displayName: group.displayName ?? group.name, email: group.email, picture: group.picture }),
        children: [],
      },
    };
    const entity = await transformSafely('group', base, group, options.transformGroup);
    if (entity) groupEntities.set(group.id, entity);
    else report.transformedAway.push({ kind: 'group', id: group.id });
  }

  // 2. Safe strings and valid, unique names (after transformers, which may produce anything).
  for (const [kind, entities] of [
    ['user', userEntities],
    ['group', groupEntities],
  ] as const) {
    for (const [id, entity] of entities) report.cleaned.push(...cleanEntity(entity).map(c => ({ ...c, kind, id })));
    for (const entity of entities.values()) {
      if (!isValidEntityName(entity.metadata.namespace ?? namespace)) entity.metadata.namespace = toValidEntityName(entity.metadata.namespace!);
    }
    const wanted = [...entities].map(([id, e]) => ({ id, raw: String(e.metadata.name ?? id), scope: e.metadata.namespace ?? namespace }));
    let previousNames = options.previousNames?.[kind === 'user' ? 'users' : 'groups'];
    const keptAsTheyAre = new Map([...(kind === 'user' ? otherUsers : []), ...(options.reserved?.[kind === 'user' ? 'users' : 'groups'] ?? [])]);
    if (keptAsTheyAre.size) {
      // Entities left as they are (users a delta does not touch, departed ones) keep their names, and nobody else may take them.
      const kept = new Map(previousNames ?? []);
      for (const [id, ref] of keptAsTheyAre) {
        const { namespace: scope, name } = parseRef(ref);
        wanted.push({ id, raw: name, scope });
        kept.set(id, name);
      }
      previousNames = kept;
    }
    const { names, collisions } = assignUniqueNames(wanted, previousNames);
    for (const [id, entity] of entities) entity.metadata.name = names.get(id)!;
    report.collisions.push(...collisions.map(c => ({ ...c, kind })));
  }

  // 3. Hierarchy among the groups that made it this far.
  const keptGroups = groups.filter(g => groupEntities.has(g.id));
  const { parentOf, report: hierarchy } = resolveHierarchy(keptGroups);
  report.hierarchy = hierarchy;

  // 4. Direct memberships, both directions.
  const directGroupsOfUser = new Map<string, Set<string>>();
  const membersOfGroup = new Map<string, Set<string>>();
  for (const group of keptGroups) {
    const members = new Set<string>();
    for (const userId of group.memberUserIds ?? []) {
      if (linked.has(userId)) {
        if (linked.get(userId)) members.add(userId);
      } else if (otherUsers.has(userId)) {
        members.add(userId);
      } else if (userEntities.has(userId)) {
        members.add(userId);
        let set = directGroupsOfUser.get(userId);
        if (!set) directGroupsOfUser.set(userId, (set = new Set()));
        set.add(group.id);
      } else if (!allUserIds.has(userId)) {
        report.unknownUserRefs.push({ groupId: group.id, ref: userId });
      }
    }
    membersOfGroup.set(group.id, members);
  }

  // 5. Optional pruning: a group with no members and no (kept) children goes; repeat upwards.
  const pruned = new Set<string>();
  if (options.pruneEmptyGroups) {
    let changed = true;
    while (changed) {
      changed = false;
      const hasChild = new Set<string>();
      for (const [child, parent] of parentOf) if (!pruned.has(child)) hasChild.add(parent);
      for (const group of keptGroups) {
        if (pruned.has(group.id) || hasChild.has(group.id) || membersOfGroup.get(group.id)!.size > 0) continue;
        pruned.add(group.id);
        changed = true;
      }
    }
    report.prunedGroups = [...pruned].sort();
  }

  const refOfGroup = (id: string) => stringifyEntityRef(groupEntities.get(id)!);
  const refOfUser = (id: string) => linked.get(id) ?? otherUsers.get(id)?.toLowerCase() ?? stringifyEntityRef(userEntities.get(id)!);
  const liveGroup = (id: string) => groupEntities.has(id) && !pruned.has(id);

  // 6. Fill in the references.
  const childrenOf = new Map<string, string[]>();
  for (const [child, parent] of parentOf) {
    if (!liveGroup(child) || !liveGroup(parent)) continue;
    const list = childrenOf.get(parent);
    if (list) list.push(child);
    else childrenOf.set(parent, [child]);
  }
  for (const group of keptGroups) {
    if (!liveGroup(group.id)) continue;
    const entity = groupEntities.get(group.id)!;
    const parent = parentOf.get(group.id);
    if (parent !== undefined && liveGroup(parent)) entity.spec.parent = refOfGroup(parent);
    else delete entity.spec.parent;
    entity.spec.children = (childrenOf.get(group.id) ?? []).map(refOfGroup).sort();
    entity.spec.members = [...membersOfGroup.get(group.id)!].map(refOfUser).sort();
  }
  for (const [userId, entity] of userEntities) {
    const direct = [...(directGroupsOfUser.get(userId) ?? [])].filter(liveGroup);
    const all = new Set(direct);
    if (options.userMemberOf === 'transitive') {
      for (const g of direct) for (const a of ancestorsOf(g, parentOf)) if (liveGroup(a)) all.add(a);
    }
    entity.spec.memberOf = [...all].map(refOfGroup).sort();
  }

  const namesOf = <E extends { metadata: { name: string } }>(entities: Map<string, E>, keep: (id: string) => boolean) =>
    new Map([...entities].filter(([id]) => keep(id)).map(([id, e]) => [id, e.metadata.name]));
  const refsOf = <E extends UserEntity | GroupEntity>(entities: Map<string, E>, keep: (id: string) => boolean) =>
    new Map([...entities].filter(([id]) => keep(id)).map(([id, e]) => [id, entityRefOf(e)]));
  return {
    names: { users: namesOf(userEntities, () => true), groups: namesOf(groupEntities, liveGroup) },
    refs: { users: refsOf(userEntities, () => true), groups: refsOf(groupEntities, liveGroup) },
    users: [...userEntities.values()].sort(byName),
    groups: keptGroups.filter(g => liveGroup(g.id)).map(g => groupEntities.get(g.id)!).sort(byName),
    report,
  };
}

function parseRef(ref: string): { namespace: string; name: string } {
  const rest = ref.slice(ref.indexOf(':') + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? { namespace: DEFAULT_NAMESPACE, name: rest } : { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

function joinName(user: OrgUserRecord): string | undefined {
  const joined = [user.givenName, user.familyName].filter(Boolean).join(' ');
  return joined || undefined;
}
