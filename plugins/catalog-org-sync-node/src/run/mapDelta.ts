import type { Entity } from '@backstage/catalog-model';
import { entityRefOf } from '../mapping/entities';
import { mapSnapshot, type MapOptions, type MappedOrg } from '../mapping/mapSnapshot';
import type { OrgDelta, OrgGroupRecord, OrgRecordReader, OrgUserRecord } from '../records';
import type { AppliedState } from '../state/ProviderStateStore';
import type { RecordIndexEntry, RecordKind, RecordRow } from '../state/RecordStore';
import { entityHash } from './entityHash';

/** What mapping a delta's touched records changes against what was applied, worked out before anything is applied. */
export interface DeltaMapping {
  /** Entities new or different from what was applied (or than the catalog holds, for `restore`), with lower-case refs. */
  toApply: Array<{ ref: string; entity: Entity; hash: string }>;
  /** Lower-case refs of entities that go. */
  removed: string[];
  /** Record rows to write (with the entity now emitted from each) and rows to delete. */
  rows: RecordRow[];
  deletedRows: Array<{ kind: RecordKind; id: string }>;
  /** User members per group ref (lower-case), as applied and as this delta leaves them, for groups in both. */
  memberCounts: { before: Record<string, number>; after: Record<string, number> };
  /** Entity counts once applied. */
  users: number;
  groups: number;
  mapped: MappedOrg;
  /** Records the delta touched (upserted, deleted, or re-mapped because a membership changed). */
  touched: { users: number; groups: number };
}

/** Ids of records by kind, e.g. the records whose entities the catalog lost and are applied again. */
export type RecordIds = { users: string[]; groups: string[] };

/**
 * Maps only what a delta touches: the changed users, the members (before and
 * after) of changed groups, users named in `restore`, and every group (groups
 * are few, and a group's entity depends on its members' names and its
 * place in the hierarchy). Every other user is left as applied: groups still
 * list it, and its name stays taken.
 *
 * With `userMemberOf: transitive` a changed group can change the memberOf of
 * every user below it: then every user is re-mapped from the store.
 */
export async function mapDelta(
  delta: OrgDelta,
  applied: AppliedState,
  reader: OrgRecordReader,
  mapping: MapOptions,
  restore: RecordIds = { users: [], groups: [] },
): Promise<DeltaMapping> {
  const touched = await touchedRecords(delta, applied, reader, restore);
  const mappedOrg = await mapTouched(delta, applied, reader, mapping, touched);
  const { mapped, otherUsers, mappedUserIds } = mappedOrg;
  const changes = diffAgainstApplied(delta, applied, mapped, touched, mappedUserIds, restore);
  return {
    ...changes,
    users: otherUsers.size + mapped.users.length,
    groups: mapped.groups.length,
    mapped,
    touched: { users: mappedUserIds.size, groups: delta.groups.upserted.length + delta.groups.deleted.length },
  };
}

/** The groups after the delta (every one), and the users whose entities it may change. */
interface TouchedRecords {
  groups: Map<string, OrgGroupRecord>;
  /** Stored groups that named a deleted user as a member, without that member. */
  prunedGroups: OrgGroupRecord[];
  touchedUsers: Set<string>;
  /** Entries of departed entities (kept as departed, `leavers.mode: retain`). */
  departed: RecordIndexEntry[];
}

async function touchedRecords(delta: OrgDelta, applied: AppliedState, reader: OrgRecordReader, restore: RecordIds): Promise<TouchedRecords> {
  const groups = new Map((await reader.allGroups()).map(group => [group.id, group]));
  // Departed groups keep their stored record but are not mapped again unless the delta brings them back.
  const departed = applied.index.filter(entry => entry.departedAt !== undefined && entry.entityRef);
  const comingBack = new Set(delta.groups.upserted.map(g => g.id));
  for (const entry of departed) if (entry.kind === 'group' && !comingBack.has(entry.id)) groups.delete(entry.id);
  const touchedUsers = new Set<string>([...delta.users.upserted.map(u => u.id), ...delta.users.deleted, ...restore.users]);
  for (const id of [...delta.groups.deleted, ...delta.groups.upserted.map(g => g.id)]) {
    for (const member of groups.get(id)?.memberUserIds ?? []) touchedUsers.add(member);
  }
  for (const id of delta.groups.deleted) groups.delete(id);
  for (const group of delta.groups.upserted) {
    groups.set(group.id, group);
    for (const member of group.memberUserIds ?? []) touchedUsers.add(member);
  }
  // A deleted user leaves the member lists of stored groups too, as a list read would not name them: those groups
  // are stored anew, and no membership points at a user the store no longer holds.
  const prunedGroups = withoutDeletedMembers(groups, new Set(delta.users.deleted));
  return { groups, prunedGroups, touchedUsers, departed };
}

/** The touched users (every user, with transitive memberOf and a changed group) and every group, mapped. */
async function mapTouched(
  delta: OrgDelta,
  applied: AppliedState,
  reader: OrgRecordReader,
  mapping: MapOptions,
  { groups, touchedUsers, departed }: TouchedRecords,
): Promise<{ mapped: MappedOrg; otherUsers: Map<string, string>; mappedUserIds: Set<string> }> {
  const groupChanged = delta.groups.upserted.length > 0 || delta.groups.deleted.length > 0;
  const everyone = groupChanged && mapping.userMemberOf === 'transitive';
  const userIndex = applied.index.filter(entry => entry.kind === 'user');
  const storedIds = everyone ? userIndex.map(entry => entry.id) : [...touchedUsers];
  const stored = await reader.users(storedIds.filter(id => !delta.users.deleted.includes(id)));
  for (const user of delta.users.upserted) stored.set(user.id, user);
  for (const id of delta.users.deleted) stored.delete(id);
  const users: OrgUserRecord[] = [...stored.values()];
  const mappedUserIds = new Set(everyone ? [...stored.keys(), ...delta.users.deleted] : touchedUsers);

  const otherUsers = new Map<string, string>();
  for (const entry of userIndex) {
    // Departed people keep their entity but are nobody's member.
    if (!mappedUserIds.has(entry.id) && entry.entityRef && entry.entityHash && entry.departedAt === undefined) otherUsers.set(entry.id, entry.entityRef);
  }
  const names = applied.names ?? { users: {}, groups: {} };
  const mapped = await mapSnapshot(
    { users, groups: [...groups.values()] },
    {
      ...mapping,
      otherUsers,
      reserved: {
        users: new Map(departed.filter(e => e.kind === 'user' && !mappedUserIds.has(e.id)).map(e => [e.id, e.entityRef!])),
        groups: new Map(departed.filter(e => e.kind === 'group' && !groups.has(e.id)).map(e => [e.id, e.entityRef!])),
      },
      previousNames: { users: new Map(Object.entries(names.users)), groups: new Map(Object.entries(names.groups)) },
    },
  );
  // Members the store holds but this delta did not map (inactive people included) are known, not "unknown users".
  const held = new Set(userIndex.map(entry => entry.id));
  mapped.report.unknownUserRefs = mapped.report.unknownUserRefs.filter(ref => !held.has(ref.ref));
  return { mapped, otherUsers, mappedUserIds };
}

type RecordChanges = Pick<DeltaMapping, 'toApply' | 'removed' | 'rows' | 'deletedRows' | 'memberCounts'>;

/** Compares every record whose entity may have changed with what was applied: entities to apply and remove, rows to write. */
function diffAgainstApplied(
  delta: OrgDelta,
  applied: AppliedState,
  mapped: MappedOrg,
  { groups, prunedGroups }: TouchedRecords,
  mappedUserIds: Set<string>,
  restore: RecordIds,
): RecordChanges {
  const changes: RecordChanges = { toApply: [], removed: [], rows: [], deletedRows: [], memberCounts: { before: {}, after: {} } };
  const restoring = new Set([...restore.users.map(id => `user/${id}`), ...restore.groups.map(id => `group/${id}`)]);
  const byRecord = entitiesByRecord(mapped);
  const upserted = new Map<string, OrgUserRecord | OrgGroupRecord>([
    ...delta.users.upserted.map(u => [`user/${u.id}`, u] as const),
    ...prunedGroups.map(g => [`group/${g.id}`, g] as const),
    ...delta.groups.upserted.map(g => [`group/${g.id}`, groups.get(g.id)!] as const),
  ]);
  const deletedKeys = new Set([...delta.users.deleted.map(id => `user/${id}`), ...delta.groups.deleted.map(id => `group/${id}`)]);
  const indexByKey = new Map(applied.index.map(entry => [`${entry.kind}/${entry.id}`, entry]));
  // Every record whose entity may have changed: the mapped users and every group, before and after.
  const keys = new Set<string>([...mappedUserIds].map(id => `user/${id}`));
  for (const id of groups.keys()) keys.add(`group/${id}`);
  for (const entry of applied.index) if (entry.kind === 'group') keys.add(`group/${entry.id}`);
  for (const key of upserted.keys()) keys.add(key);

  for (const key of keys) {
    const kind = key.slice(0, key.indexOf('/')) as RecordKind;
    const id = key.slice(key.indexOf('/') + 1);
    const before = indexByKey.get(key);
    const now = byRecord.get(key);
    // A departed entity this delta does not touch stays as it is.
    if (before?.departedAt !== undefined && !now && !deletedKeys.has(key) && !upserted.has(key)) continue;
    const hash = now && entityHash(now.entity);
    const beforeRef = before?.entityRef?.toLowerCase();
    if (before?.entityHash && beforeRef && beforeRef !== now?.ref) changes.removed.push(beforeRef);
    if (now && (hash !== before?.entityHash || beforeRef !== now.ref || restoring.has(key))) changes.toApply.push({ ...now, hash: hash! });
    const memberCount = kind === 'group' && now ? membersOf(now.entity) : undefined;
    if (kind === 'group' && before?.entityHash && beforeRef && beforeRef === now?.ref) {
      changes.memberCounts.before[beforeRef] = before.memberCount ?? 0;
      changes.memberCounts.after[beforeRef] = memberCount ?? 0;
    }
    if (deletedKeys.has(key)) {
      if (before) changes.deletedRows.push({ kind, id });
      continue;
    }
    const record = upserted.get(key);
    if (!before && !record) continue; // a member id the store never held (outside the filter): nothing to keep
    const row: RecordRow = { kind, id, record, entityRef: now && entityRefOf(now.entity), entityHash: hash, memberCount };
    const entityChanged = before?.entityRef !== row.entityRef || before?.entityHash !== row.entityHash || before?.memberCount !== row.memberCount;
    if (record || entityChanged) changes.rows.push(row);
  }
  return changes;
}

/** Record key (`kind/id`) → the entity emitted for it now, with its lower-case ref. */
function entitiesByRecord(mapped: MappedOrg): Map<string, { ref: string; entity: Entity }> {
  const byRecord = new Map<string, { ref: string; entity: Entity }>();
  for (const [kind, entities, refs] of [
    ['user', mapped.users, mapped.refs.users],
    ['group', mapped.groups, mapped.refs.groups],
  ] as const) {
    const idByRef = new Map([...refs].map(([id, ref]) => [ref, id]));
    for (const entity of entities) {
      const ref = entityRefOf(entity);
      byRecord.set(`${kind}/${idByRef.get(ref)}`, { ref: ref.toLowerCase(), entity });
    }
  }
  return byRecord;
}

/** Replaces, in `groups`, every group naming one of `deleted` as a member by a copy without it; returns the copies. */
function withoutDeletedMembers(groups: Map<string, OrgGroupRecord>, deleted: Set<string>): OrgGroupRecord[] {
  if (deleted.size === 0) return [];
  const changed: OrgGroupRecord[] = [];
  for (const [id, group] of groups) {
    if (!group.memberUserIds?.some(member => deleted.has(member))) continue;
    const pruned = { ...group, memberUserIds: group.memberUserIds.filter(member => !deleted.has(member)) };
    groups.set(id, pruned);
    changed.push(pruned);
  }
  return changed;
}

function membersOf(entity: Entity): number {
  const members = (entity.spec as { members?: unknown[] } | undefined)?.members;
  return Array.isArray(members) ? members.length : 0;
}
