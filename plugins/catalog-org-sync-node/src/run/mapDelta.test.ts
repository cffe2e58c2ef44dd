import type { Entity } from '@backstage/catalog-model';
import { entityRefOf } from '../mapping/entities';
import { mapSnapshot, type MapOptions } from '../mapping/mapSnapshot';
import { groupNamingStrategies, userNamingStrategies } from '../naming/strategies';
import type { OrgDelta, OrgGroupRecord, OrgRecordReader, OrgSnapshot, OrgUserRecord } from '../records';
import { appliedStateOf } from '../state/ProviderStateStore';
import type { RecordIndexEntry } from '../state/RecordStore';
import { entityHash } from './entityHash';
import { mapDelta } from './mapDelta';

const baseOptions: MapOptions = {
  providerName: 'test:p',
  userNaming: userNamingStrategies['strip-domain-email'],
  groupNaming: groupNamingStrategies['kebab-case-name'],
};

/** A small deterministic pseudo-random generator, so a failure can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

function org(rand: (n: number) => number): OrgSnapshot {
  const users: OrgUserRecord[] = Array.from({ length: 40 }, (_, i) => ({
    id: `u${i}`,
    // Some share an email local part, so names collide and suffixes come into play.
    email: `${rand(4) === 0 ? 'shared' : `person${i}`}@example${i % 3}.com`,
    displayName: `Person ${i}`,
    active: rand(10) !== 0,
  }));
  const groups: OrgGroupRecord[] = Array.from({ length: 8 }, (_, i) => ({
    id: `g${i}`,
    name: `Team ${i}`,
    memberUserIds: users.filter(() => rand(4) === 0).map(u => u.id),
    parentIds: i > 0 ? [`g${rand(i)}`] : [],
  }));
  return { users, groups };
}

function randomDelta(before: OrgSnapshot, rand: (n: number) => number): { delta: OrgDelta; after: OrgSnapshot } {
  const after = structuredClone(before);
  const delta: OrgDelta = { users: { upserted: [], deleted: [] }, groups: { upserted: [], deleted: [] } };
  for (let k = 0; k < 5; k++) {
    const pick = rand(6);
    if (pick === 0) {
      const user = after.users[rand(after.users.length)];
      user.active = !user.active;
      delta.users.upserted.push(structuredClone(user));
    } else if (pick === 1) {
      const [user] = after.users.splice(rand(after.users.length), 1);
      delta.users.deleted.push(user.id);
    } else if (pick === 2) {
      const user: OrgUserRecord = { id: `n${k}-${rand(1000)}`, email: `${rand(2) ? 'shared' : `new${k}`}@example.com`, active: true };
      after.users.push(user);
      delta.users.upserted.push(user);
      const group = after.groups[rand(after.groups.length)];
      group.memberUserIds = [...(group.memberUserIds ?? []), user.id];
      delta.groups.upserted.push(structuredClone(group));
    } else if (pick === 3) {
      const group = after.groups[rand(after.groups.length)];
      group.memberUserIds = (group.memberUserIds ?? []).filter(() => rand(3) !== 0);
      delta.groups.upserted.push(structuredClone(group));
    } else if (pick === 4) {
      const user = after.users[rand(after.users.length)];
      user.displayName = `Renamed ${k}`;
      delta.users.upserted.push(structuredClone(user));
    } else if (after.groups.length > 2) {
      const [group] = after.groups.splice(1 + rand(after.groups.length - 1), 1);
      delta.groups.deleted.push(group.id);
    }
  }
  // Later entries for one id win, as a source's delta would say once.
  const last = <R extends { id: string }>(list: R[]) => [...new Map(list.map(r => [r.id, r])).values()];
  delta.users.upserted = last(delta.users.upserted).filter(u => !delta.users.deleted.includes(u.id)).map(u => after.users.find(a => a.id === u.id)!).filter(Boolean);
  delta.groups.upserted = last(delta.groups.upserted).filter(g => !delta.groups.deleted.includes(g.id)).map(g => after.groups.find(a => a.id === g.id)!).filter(Boolean);
  return { delta, after };
}

function reader(snapshot: OrgSnapshot): OrgRecordReader {
  const pick = <R extends { id: string }>(list: R[], ids: readonly string[]) => new Map(list.filter(r => ids.includes(r.id)).map(r => [r.id, structuredClone(r)]));
  return {
    users: async ids => pick(snapshot.users, ids),
    groups: async ids => pick(snapshot.groups, ids),
    allGroups: async () => structuredClone(snapshot.groups),
    all: async () => structuredClone(snapshot),
  };
}

async function applied(snapshot: OrgSnapshot, options: MapOptions = baseOptions) {
  const mapped = await mapSnapshot(snapshot, options);
  const index: RecordIndexEntry[] = [];
  const entities = new Map<string, Entity>();
  for (const [kind, records, refs, list] of [
    ['user', snapshot.users, mapped.refs.users, mapped.users],
    ['group', snapshot.groups, mapped.refs.groups, mapped.groups],
  ] as const) {
    const byRef = new Map((list as Entity[]).map(e => [entityRefOf(e), e]));
    for (const record of records) {
      const ref = refs.get(record.id);
      const entity = ref ? byRef.get(ref) : undefined;
      if (entity) entities.set(ref!.toLowerCase(), entity);
      index.push({
        kind,
        id: record.id,
        recordHash: 'x',
        entityRef: ref,
        entityHash: entity && entityHash(entity),
        memberCount: kind === 'group' && entity ? ((entity.spec as { members?: unknown[] }).members?.length ?? 0) : undefined,
      });
    }
  }
  return { state: appliedStateOf('then', index), entities };
}

describe('mapDelta', () => {
  const variants: Array<[string, Partial<MapOptions>]> = [
    ['direct memberOf', {}],
    ['transitive memberOf, empty groups pruned', { userMemberOf: 'transitive', pruneEmptyGroups: true }],
  ];
  it.each(variants.flatMap(([label, extra]) => Array.from({ length: 30 }, (_, i) => [label, extra, i + 1] as const)))(
    'leaves the catalog exactly as a full mapping of the org after the delta would (%s, seed %i)',
    async (_label, extra, seed) => {
      const options: MapOptions = { ...baseOptions, ...extra };
      const rand = random(seed);
      const before = org(rand);
      const { delta, after } = randomDelta(before, rand);
      const previous = await applied(before, options);
      const plan = await mapDelta(delta, previous.state, reader(before), options);

      const result = new Map(previous.entities);
      for (const ref of plan.removed) result.delete(ref);
      for (const { ref, entity } of plan.toApply) result.set(ref, entity);

      const full = await mapSnapshot(after, {
        ...options,
        previousNames: { users: new Map(Object.entries(previous.state.names!.users)), groups: new Map(Object.entries(previous.state.names!.groups)) },
      });
      const expected = new Map([...full.users, ...full.groups].map(e => [entityRefOf(e).toLowerCase(), entityHash(e)]));
      expect(new Map([...result].map(([ref, e]) => [ref, entityHash(e)]))).toEqual(expected);
    },
  );

  it('maps only the users a delta touches', async () => {
    const before = org(random(7));
    const previous = await applied(before);
    const user = structuredClone(before.users.find(u => u.active)!);
    user.displayName = 'Someone new';
    const plan = await mapDelta({ users: { upserted: [user], deleted: [] }, groups: { upserted: [], deleted: [] } }, previous.state, reader(before), baseOptions);
    expect(plan.touched).toEqual({ users: 1, groups: 0 });
    expect(plan.mapped.users).toHaveLength(1);
    expect(plan.toApply.map(a => a.ref)).toEqual([previous.state.index.find(e => e.id === user.id)!.entityRef!.toLowerCase()]);
    expect(plan.removed).toEqual([]);
  });

  it('a deleted user leaves the stored groups that named them: the groups are stored anew and no unknown member is reported', async () => {
    const before = org(random(11));
    const previous = await applied(before);
    const group = before.groups.find(g => (g.memberUserIds ?? []).length > 0)!;
    const leaver = group.memberUserIds![0];
    const plan = await mapDelta({ users: { upserted: [], deleted: [leaver] }, groups: { upserted: [], deleted: [] } }, previous.state, reader(before), baseOptions);
    expect(plan.mapped.report.unknownUserRefs).toEqual([]);
    const row = plan.rows.find(r => r.kind === 'group' && r.id === group.id)!;
    expect((row.record as OrgGroupRecord).memberUserIds).toEqual(group.memberUserIds!.slice(1));
    expect(plan.deletedRows).toContainEqual({ kind: 'user', id: leaver });
  });
});
