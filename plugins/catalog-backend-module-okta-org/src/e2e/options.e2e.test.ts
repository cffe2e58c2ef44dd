import type { Entity } from '@backstage/catalog-model';
import { startOktaEmulator } from '@orgsync/idp-emulators';
import { refsOf } from '@orgsync/test-utils';
import { processedEntities, processingErrors, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

const PARENT = 'parentGroupId';

describe('Okta org provider options: statuses, naming, group type, hierarchy, pruning, pictures', () => {
  const fixture = useOktaFixture({
    emulator: async () => {
      const okta = await startOktaEmulator({
        generate: { users: 80, groups: 14, seed: 4, nestingDepth: 3, hostileShare: 0, suspendedShare: 0.1 },
        conversion: { groupParentAttribute: PARENT },
      });
      const groups = okta.org.groups();
      groups.forEach((g, i) => okta.org.updateGroupProfile(g.id, { slug: `team-${i}` }));
      // One group names its parent by name rather than id.
      const child = groups.find(g => g.profile[PARENT])!;
      const parent = groups.find(g => g.id === child.profile[PARENT])!;
      okta.org.updateGroupProfile(child.id, { [PARENT]: parent.profile.name });
      okta.org.createGroup({ profile: { name: 'Nobody Here', slug: 'empty' } as never });
      okta.org.updateUserProfile(okta.org.users().find(u => u.status === 'ACTIVE')!.id, { photoUrl: 'https://pics.example.com/a.png' } as never);
      return okta;
    },
    providers: okta => ({
      main: providerConfig(okta, {
        users: { statuses: ['ACTIVE'], pictureAttribute: 'photoUrl' },
        groups: { type: 'department', parentAttribute: PARENT, pruneEmpty: true },
        naming: { users: 'login', groups: 'profile:slug' },
      }),
    }),
  });

  it('applies every option, and the catalog holds a consistent hierarchy', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();

    const active = fixture.emulator.org.users().filter(u => u.status === 'ACTIVE');
    const activeIds = new Set(active.map(u => u.id));
    const groups = fixture.emulator.org.groups();
    // Pruning: a group lives when it has an active member or a living child.
    const parentOf = new Map(groups.map(g => [g.id, groups.find(p => p.id === g.profile[PARENT] || p.profile.name === g.profile[PARENT])?.id]));
    const live = new Set(groups.filter(g => fixture.emulator.org.memberIds(g.id).some(id => activeIds.has(id))).map(g => g.id));
    for (let changed = true; changed; ) {
      changed = false;
      for (const [child, parent] of parentOf) {
        if (parent && live.has(child) && !live.has(parent)) changed = Boolean(live.add(parent));
      }
    }
    expect(live.size).toBeLessThan(groups.length);

    const entities = await processedEntities(fixture.catalog, 'org-sync:okta:main', active.length + live.size);
    expect(processingErrors(entities)).toEqual([]);
    const users = entities.filter(e => e.kind === 'User');
    expect(users.map(u => u.metadata.annotations!['okta.com/user-id']).sort()).toEqual([...activeIds].sort());
    const pictured = users.find(u => specOf<{ profile: { picture?: string } }>(u).profile.picture);
    expect(specOf(pictured)).toMatchObject({ profile: { picture: 'https://pics.example.com/a.png' } });
    const ada = active[0];
    const adaEntity = users.find(u => u.metadata.annotations!['okta.com/user-id'] === ada.id)!;
    expect(adaEntity.metadata.name).toBe(String(ada.profile.login).replace('@', '-'));

    const catalogGroups = entities.filter(e => e.kind === 'Group');
    const byId = new Map<string, Entity>(catalogGroups.map(g => [g.metadata.annotations!['okta.com/group-id'], g]));
    expect([...byId.keys()].sort()).toEqual([...live].sort());
    let withParent = 0;
    for (const [id, group] of byId) {
      expect(group.metadata.name).toBe(groups.find(g => g.id === id)!.profile.slug);
      expect(specOf(group).type).toBe('department');
      const parent = parentOf.get(id);
      if (parent) {
        withParent++;
        expect(specOf(group).parent).toBe(refsOf([byId.get(parent)!])[0]);
        expect(group.relations?.find(r => r.type === 'childOf')?.targetRef).toBe(refsOf([byId.get(parent)!])[0]);
      } else {
        expect(specOf(group).parent).toBeUndefined();
      }
    }
    expect(withParent).toBeGreaterThan(2);
  });
});
