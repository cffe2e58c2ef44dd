import { isValidEntityName } from '../naming/entityName';
import { groupNamingStrategies, userNamingStrategies } from '../naming/strategies';
import type { OrgSnapshot } from '../records';
import { mapSnapshot, type MapOptions } from './mapSnapshot';

const options: MapOptions = {
  providerName: 'test:main',
  userNaming: userNamingStrategies['strip-domain-email'],
  groupNaming: groupNamingStrategies['kebab-case-name'],
};

const snapshot = (): OrgSnapshot => ({
  users: [
    { id: 'u1', email: 'ada@example.com', displayName: 'Ada', active: true, annotations: { 'test/id': 'u1' } },
    { id: 'u2', email: 'alan@example.com', givenName: 'Alan', familyName: 'Turing', active: true },
    { id: 'u3', email: 'gone@example.com', active: false },
  ],
  groups: [
    { id: 'g-root', name: 'Engineering', memberUserIds: ['u1'], memberGroupIds: ['g-child'] },
    { id: 'g-child', name: 'Platform Team', description: 'Runs things', memberUserIds: ['u1', 'u2', 'u3'] },
  ],
});

describe('mapSnapshot', () => {
  it('emits users and groups with both membership directions and hierarchy', async () => {
    const { users, groups, report } = await mapSnapshot(snapshot(), options);
    expect(users.map(u => u.metadata.name)).toEqual(['ada', 'alan']);
    const ada = users[0];
    expect(ada.spec.memberOf).toEqual(['group:default/engineering', 'group:default/platform-team']);
    expect(ada.spec.profile).toEqual({ displayName: 'Ada', email: 'ada@example.com' });
    expect(users[1].spec.profile?.displayName).toBe('Alan Turing');
    expect(ada.metadata.annotations).toEqual({
      'test/id': 'u1',
      'backstage.io/managed-by-location': 'org-sync:test:main',
      'backstage.io/managed-by-origin-location': 'org-sync:test:main',
    });
    const [engineering, platform] = groups;
    expect(engineering.spec).toMatchObject({ type: 'team', children: ['group:default/platform-team'], members: ['user:default/ada'] });
    expect(engineering.spec.parent).toBeUndefined();
    expect(platform.spec).toMatchObject({ parent: 'group:default/engineering', members: ['user:default/ada', 'user:default/alan'] });
    expect(platform.metadata.description).toBe('Runs things');
    expect(report.inactiveUsers).toBe(1);
    expect(report.unknownUserRefs).toEqual([]); // u3 is inactive, not unknown
  });

  it('gives the same entities whatever the record order', async () => {
    const a = await mapSnapshot(snapshot(), options);
    const reversed = snapshot();
    reversed.users.reverse();
    reversed.groups.reverse();
    const b = await mapSnapshot(reversed, options);
    expect(JSON.stringify(b.users)).toBe(JSON.stringify(a.users));
    expect(JSON.stringify(b.groups)).toBe(JSON.stringify(a.groups));
  });

  it('supports transitive memberOf and a namespace', async () => {
    const { users } = await mapSnapshot(
      { users: [{ id: 'u', email: 'x@e.com', active: true }], groups: [{ id: 'a', name: 'a' }, { id: 'b', name: 'b', parentIds: ['a'], memberUserIds: ['u'] }] },
      { ...options, userMemberOf: 'transitive', namespace: 'corp' },
    );
    expect(users[0].metadata.namespace).toBe('corp');
    expect(users[0].spec.memberOf).toEqual(['group:corp/a', 'group:corp/b']);
  });

  it('skips malformed records and reports them, keeping the rest', async () => {
    const { users, groups, report } = await mapSnapshot(
      {
        users: [null, { id: '' }, { id: 42, email: 'num@e.com', active: true }, { id: 'ok', email: { bad: true }, login: 'ok-login', active: true }, { id: 'ok', active: true }] as never,
        groups: [{ name: 'no id' }, { id: 'g', name: ['not', 'a', 'string'], memberUserIds: ['ok', 7, null, 'ghost'] }] as never,
      },
      options,
    );
    expect(users.map(u => u.metadata.name).sort()).toEqual(['num', 'ok-login']);
    expect(groups).toHaveLength(1);
    expect(groups[0].spec.members).toEqual(['user:default/ok-login']);
    expect(report.skipped.map(s => `${s.kind}:${s.id ?? s.index}:${s.reason}`)).toEqual([
      'user:0:not an object',
      'user:1:missing id',
      'user:ok:duplicate id',
      'group:0:missing id',
    ]);
    expect(report.unknownUserRefs).toEqual([
      { groupId: 'g', ref: '7' },
      { groupId: 'g', ref: 'ghost' },
    ]);
    expect(report.namingFallbacks.map(f => f.id)).toEqual(['ok', 'g']);
  });

  it('makes hostile names valid and unique', async () => {
    const users = ['Zoë@x.com', 'ZOË@y.com', '_x_@z.com', `${'l'.repeat(300)}@x.com`, '李@x.com', 'a.@x.com'].map((email, i) => ({
      id: `u${i}`,
      email,
      active: true,
    }));
    const { users: entities, report } = await mapSnapshot({ users, groups: [{ id: 'g', name: '🚀 Rockets', memberUserIds: ['u0', 'u1'] }] }, options);
    const names = entities.map(e => e.metadata.name);
    expect(names.every(isValidEntityName)).toBe(true);
    expect(new Set(names.map(n => n.toLowerCase())).size).toBe(names.length);
    expect(report.collisions).toHaveLength(1);
  });

  it('drops unknown references, keeps one parent and breaks cycles deterministically', async () => {
    const { groups, report } = await mapSnapshot(
      {
        users: [],
        groups: [
          { id: 'a', name: 'a', parentIds: ['c'] },
          { id: 'b', name: 'b', parentIds: ['a'] },
          { id: 'c', name: 'c', parentIds: ['b', 'nowhere'] },
          { id: 'd', name: 'd', parentIds: ['a', 'b', 'd'] },
        ],
      },
      options,
    );
    const parent = Object.fromEntries(groups.map(g => [g.metadata.name, g.spec.parent]));
    expect(parent).toEqual({ a: undefined, b: 'group:default/a', c: 'group:default/b', d: 'group:default/a' });
    const children = Object.fromEntries(groups.map(g => [g.metadata.name, g.spec.children]));
    expect(children).toEqual({ a: ['group:default/b', 'group:default/d'], b: ['group:default/c'], c: [], d: [] });
    expect(report.hierarchy.brokenCycles).toEqual([{ groupId: 'a', cycle: ['a', 'b', 'c'] }]);
    expect(report.hierarchy.unknownGroupRefs).toEqual([{ groupId: 'c', ref: 'nowhere' }]);
    expect(report.hierarchy.extraParents).toEqual([{ groupId: 'd', kept: 'a', dropped: ['b'] }]);
  });

  it('prunes empty groups when asked, bottom-up', async () => {
    const { groups, report } = await mapSnapshot(
      {
        users: [{ id: 'u', email: 'u@e.com', active: true }],
        groups: [
          { id: 'top', name: 'top' },
          { id: 'mid', name: 'mid', parentIds: ['top'] },
          { id: 'full', name: 'full', memberUserIds: ['u'] },
        ],
      },
      { ...options, pruneEmptyGroups: true },
    );
    expect(groups.map(g => g.metadata.name)).toEqual(['full']);
    expect(report.prunedGroups).toEqual(['mid', 'top']);
  });

  it('runs transformers and resolves membership by their names', async () => {
    const { users, groups, report } = await mapSnapshot(snapshot(), {
      ...options,
      transformUser: (entity, record) => (record.id === 'u2' ? undefined : { ...entity, metadata: { ...entity.metadata, name: 'Custom Name!' } }),
      transformGroup: entity => ({ ...entity, spec: { ...entity.spec, type: 'department' } }),
    });
    expect(users.map(u => u.metadata.name)).toEqual(['Custom-Name']);
    expect(groups.every(g => g.spec.type === 'department')).toBe(true);
    expect(groups.find(g => g.metadata.name === 'platform-team')!.spec.members).toEqual(['user:default/custom-name']); // refs are compared without case
    expect(report.transformedAway).toEqual([{ kind: 'user', id: 'u2' }]);
  });
});

describe('mapSnapshot with failing operator code', () => {
  it('keeps the untransformed entity when a transformer or strategy throws, and reports it', async () => {
    const { users, groups, report } = await mapSnapshot(snapshot(), {
      ...options,
      userNaming: record => {
        if (record.id === 'u2') throw new Error('boom in strategy');
        return record.email?.split('@')[0];
      },
      transformUser: (entity, record) => {
        if (record.id === 'u1') throw new Error('boom in transformer');
        return entity;
      },
      transformGroup: () => 'not an entity' as never,
    });
    expect(users.map(u => u.metadata.name)).toEqual(['ada', 'u2']);
    expect(groups).toHaveLength(2);
    expect(report.transformerErrors).toEqual([
      { kind: 'user', id: 'u1', error: 'boom in transformer' },
      { kind: 'user', id: 'u2', error: 'naming strategy: boom in strategy' },
      { kind: 'group', id: 'g-root', error: 'it returned something that is not an entity' },
      { kind: 'group', id: 'g-child', error: 'it returned something that is not an entity' },
    ]);
  });
});
