import { startTestProviderBackend } from '../__testing__/testProviderBackend';
import type { Entity } from '@backstage/catalog-model';
import { CapturingLogger, describeWithPostgres, usePostgresDatabases, refsOf, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { defaultDeletionGuardConfig, type DeletionGuardConfig } from '../guard/deletionGuard';
import type { OrgSnapshot, OrgSource } from '../records';
import { entityHash } from './entityHash';
import { OrgEntityProvider } from './OrgEntityProvider';

/** A source whose org the test edits between runs, and which can be told to fail. */
class EditableSource implements OrgSource {
  failWith?: Error;
  constructor(public org: OrgSnapshot) {}
  async read(): Promise<OrgSnapshot> {
    if (this.failWith) throw this.failWith;
    return structuredClone(this.org);
  }
}

function org(userCount: number): OrgSnapshot {
  const users = Array.from({ length: userCount }, (_, i) => ({
    id: `id-${i}`,
    email: `person${i}@example.com`,
    displayName: `Person ${i}`,
    active: true,
    annotations: { 'example.com/user-id': `id-${i}` },
  }));
  return {
    users,
    groups: [
      { id: 'g-eng', name: 'Engineering', memberUserIds: users.slice(0, 2).map(u => u.id), memberGroupIds: ['g-plat'] },
      { id: 'g-plat', name: 'Platform', memberUserIds: users.map(u => u.id) },
    ],
  };
}

function scenario(database: () => Promise<Knex | undefined>) {
  let backend: CatalogTestBackend;
  let provider: OrgEntityProvider;
  let source: EditableSource;
  const logger = new CapturingLogger();
  let guard: DeletionGuardConfig;

  const ours = () => backend.catalog.managedBy('org-sync:test:main');
  const snapshotOfCatalog = async () => {
    const entities = await ours();
    return Object.fromEntries(entities.map(e => [refsOf([e])[0], hashOf(e)]));
  };

  beforeAll(async () => {
    source = new EditableSource(org(12));
    guard = { ...defaultDeletionGuardConfig };
    ({ backend, provider } = await startTestProviderBackend('main', { source, logger, guard: () => guard }, await database()));
  });

  afterAll(() => backend?.stop());

  it('fills the catalog on the first sync, with memberships both ways', async () => {
    const result = await provider.run();
    expect(result).toMatchObject({ outcome: 'applied', counts: { users: 12, groups: 2, added: 14, removed: 0 } });
    const entities = await waitFor('14 entities processed', async () => {
      const all = await ours();
      return all.length === 14 && all.every(e => e.relations?.length) && all;
    });
    expect(refsOf(entities)).toContain('user:default/person0');
    const person0 = await backend.catalog.byName('user', 'default', 'person0');
    expect(person0?.relations?.filter(r => r.type === 'memberOf').map(r => r.targetRef).sort()).toEqual([
      'group:default/engineering',
      'group:default/platform',
    ]);
    const platform = await backend.catalog.byName('group', 'default', 'platform');
    expect(platform?.relations?.find(r => r.type === 'childOf')?.targetRef).toBe('group:default/engineering');
    expect(logger.text()).toMatch(/test:main: applied 12 users, 2 groups \(14 added, 0 changed, 0 removed, 0 restored, 0 refused by the catalog, 0 skipped records\)/);
  });

  it("serves the seed's catalog endpoints for our entities; a deleted entity returns at the next sync", async () => {
    const person1 = (await backend.catalog.byName('user', 'default', 'person1'))!;
    const uid = person1.metadata.uid!;
    expect((await backend.catalog.json<Entity>(`/entities/by-uid/${uid}`)).metadata.name).toBe('person1');
    const byRefs = await backend.catalog.json<{ items: Array<Entity | null> }>('/entities/by-refs', {
      method: 'POST',
      body: JSON.stringify({ entityRefs: ['user:default/person1', 'user:default/nobody'] }),
    });
    expect(byRefs.items.map(e => e?.metadata.name ?? null)).toEqual(['person1', null]);
    expect((await backend.catalog.request('/refresh', { method: 'POST', body: JSON.stringify({ entityRef: 'user:default/person1' }) })).status).toBe(200);

    expect((await backend.catalog.request(`/entities/by-uid/${uid}`, { method: 'DELETE' })).status).toBe(204);
    expect(await backend.catalog.byName('user', 'default', 'person1')).toBeUndefined();
    await provider.run();
    await waitFor('person1 back after the next sync', () => backend.catalog.byName('user', 'default', 'person1'));
  });

  it('updates a changed record', async () => {
    source.org.users[3].displayName = 'Renamed Person';
    const result = await provider.run();
    expect(result.counts).toMatchObject({ added: 0, changed: 1, removed: 0 });
    await waitFor('the new display name', async () => {
      const e = await backend.catalog.byName('user', 'default', 'person3');
      return (e?.spec as { profile?: { displayName?: string } })?.profile?.displayName === 'Renamed Person';
    });
  });

  it('removes a deactivated user at the next run, with their memberships', async () => {
    source.org.users[5].active = false;
    const result = await provider.run();
    expect(result.counts.removed).toBe(1);
    await waitFor('person5 gone', async () => (await backend.catalog.byName('user', 'default', 'person5')) === undefined);
    await waitFor('platform without person5', async () => {
      const platform = await backend.catalog.byName('group', 'default', 'platform');
      const members = (platform?.spec as { members?: string[] }).members ?? [];
      return members.length === 11 && !members.includes('user:default/person5');
    });
  });

  it('applies nothing when the read fails', async () => {
    const before = await snapshotOfCatalog();
    source.failWith = new Error('IdP answered 503 on page 3');
    const result = await provider.run();
    source.failWith = undefined;
    expect(result).toMatchObject({ outcome: 'read-failed', error: 'IdP answered 503 on page 3' });
    expect(logger.text()).toContain('test:main: read failed, nothing applied, the catalog keeps what it had: IdP answered 503 on page 3');
    await new Promise(r => setTimeout(r, 1500));
    expect(await snapshotOfCatalog()).toEqual(before);
  });

  it('refuses a run that would remove too much, says how to accept it, and applies it once accepted', async () => {
    const before = await snapshotOfCatalog();
    const full = structuredClone(source.org);
    source.org.users = source.org.users.slice(0, 3); // 8 of 11 active users would go
    logger.clear();
    const refused = await provider.run();
    expect(refused.outcome).toBe('guarded');
    const message = logger.lines.find(l => l.level === 'error')!.message;
    expect(message).toContain('deletion guard refused this run, nothing applied: it would remove 8 of 11 users (72.7%, limit 10%)');
    expect(message).toContain(`catalog.providers.test.main.guard.acceptPlan: "${refused.guard!.planId}"`);
    expect(message).toContain('user:default/person10');
    await new Promise(r => setTimeout(r, 1500));
    expect(await snapshotOfCatalog()).toEqual(before);

    guard = { ...guard, acceptPlan: refused.guard!.planId };
    const accepted = await provider.run();
    expect(accepted).toMatchObject({ outcome: 'applied', counts: { removed: 8 } });
    await waitFor('3 users left', async () => (await ours()).filter(e => e.kind === 'User').length === 3);
    source.org = full;
    source.org.users[5].active = false;
    guard = { ...defaultDeletionGuardConfig };
  });

  it('guard.acceptPlan is for one run: that run spends it and says so, the same removal later is held again, a changed value is a new acceptance', async () => {
    const configKey = 'catalog.providers.test.main.guard.acceptPlan';
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { removed: 0 } });
    const healthy = structuredClone(source.org);
    const shrink = (kept: number) => (source.org = { ...structuredClone(healthy), users: healthy.users.slice(0, kept) });

    shrink(3);
    const held = await provider.run();
    expect(held.outcome).toBe('guarded');
    guard = { ...guard, acceptPlan: held.guard!.planId };
    // A dry run shows the acceptance and leaves it for the run.
    expect(await provider.dryRun()).toMatchObject({ outcome: 'applied', guard: { accepted: true } });
    logger.clear();
    const applied = await provider.run();
    expect(applied).toMatchObject({ outcome: 'applied', acceptances: [{ planId: held.guard!.planId, by: configKey, via: 'config', outcome: 'applied' }] });
    expect(logger.text()).toContain(`applying removal plan ${held.guard!.planId}, accepted through guard.acceptPlan (${configKey}, spent by this run)`);

    // The value stays in config: the runs after say it is spent, and the same removal later is held, not applied.
    source.org = structuredClone(healthy);
    logger.clear();
    const after = await provider.run();
    expect(after.outcome).toBe('applied');
    expect(after.acceptances).toBeUndefined();
    expect(logger.text()).toContain(`${configKey} "${held.guard!.planId}" was spent by run ${applied.runId}`);
    shrink(3);
    const again = await provider.run();
    expect(again).toMatchObject({ outcome: 'guarded', guard: { planId: held.guard!.planId } });
    expect(again.acceptances).toBeUndefined();

    // A changed value is a new acceptance, for the next run only.
    shrink(4);
    const other = await provider.run();
    expect(other).toMatchObject({ outcome: 'guarded' });
    guard = { ...guard, acceptPlan: other.guard!.planId };
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { removed: 7 }, acceptances: [{ planId: other.guard!.planId, outcome: 'applied' }] });
    await waitFor('4 users left', async () => (await ours()).filter(e => e.kind === 'User').length === 4);
    source.org = healthy;
    guard = { ...defaultDeletionGuardConfig };
  });

  it('keeps names with their people when the holder of a contested name leaves', async () => {
    source.org.users.push(
      { id: 'id-dup-a', email: 'dup@one.example', displayName: 'First Dup', active: true, annotations: {} },
      { id: 'id-dup-b', email: 'DUP@two.example', displayName: 'Second Dup', active: true, annotations: {} },
    );
    const first = await provider.run();
    expect(first.outcome).toBe('applied');
    const second = await waitFor('both dups', async () => {
      const users = await backend.catalog.query('kind=user,spec.profile.email=DUP@two.example');
      return users.length === 1 && (await backend.catalog.byName('user', 'default', 'dup')) && users[0];
    });
    expect(second.metadata.name).toMatch(/^DUP-[0-9a-f]{8}$/);
    expect(logger.text()).toContain('user "dup" kept by id-dup-a');

    source.org.users.find(u => u.id === 'id-dup-a')!.active = false;
    await provider.run();
    await waitFor('dup gone', async () => (await backend.catalog.byName('user', 'default', 'dup')) === undefined);
    // The second person keeps their name (and every ownership link to it); theirs never becomes "dup".
    expect(await backend.catalog.byName('user', 'default', second.metadata.name)).toBeDefined();
    source.org.users = source.org.users.filter(u => !u.id.startsWith('id-dup'));
    await provider.run();
  });

  it('holds a run that empties a group while every entity stays (an IdP answering an empty member list), and applies it once accepted', async () => {
    const before = await snapshotOfCatalog();
    const platform = source.org.groups.find(g => g.id === 'g-plat')!;
    const members = platform.memberUserIds;
    platform.memberUserIds = [];
    logger.clear();
    const refused = await provider.run();
    expect(refused).toMatchObject({ outcome: 'guarded', guard: { removedMemberships: 11, baselineMemberships: 13, emptiedGroups: ['group:default/platform'] } });
    expect(refused.guard!.reason).toBe('it would remove 11 of 13 memberships of groups that stay (84.6%, limit 10%)');
    expect(logger.text()).toContain('; 11 memberships, leaving without members group:default/platform. If this change is real, set catalog.providers.test.main.guard.acceptPlan');
    await new Promise(r => setTimeout(r, 1500));
    expect(await snapshotOfCatalog()).toEqual(before);

    platform.memberUserIds = members;
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { changed: 0, removed: 0 } });
    expect(await snapshotOfCatalog()).toEqual(before);
  });

  it('a user with NUL and control characters, a 1 MB name and a javascript: picture is stored clean, listed by by-query, and reported', async () => {
    source.org.users.push({
      id: 'id-hostile',
      email: 'hostile@example.com',
      displayName: `Hos\u0000tile ${'x'.repeat(1024 * 1024)}`,
      picture: 'javascript:alert(document.cookie)',
      active: true,
      annotations: { 'example.com/user-id': 'id-\u0000hostile\u0007' },
    });
    logger.clear();
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { added: 1, refused: 0 } });
    const listed = await waitFor('the user listed by by-query with relations', async () => {
      const users = await backend.catalog.query('kind=user,spec.profile.email=hostile@example.com');
      return users.length === 1 && users[0].relations && users[0];
    });
    expect(listed.metadata.annotations?.['example.com/user-id']).toBe('id-hostile');
    const profile = listed.spec!.profile as { displayName: string; picture?: string };
    expect(profile.displayName).toHaveLength(4096);
    expect(profile.displayName.startsWith('Hostile x')).toBe(true);
    expect(profile.picture).toBeUndefined();
    expect(logger.text()).toContain('Made 3 field(s) safe for the catalog: user id-hostile metadata.annotations.example.com/user-id (control characters removed)');
    expect(logger.text()).toContain('user id-hostile spec.profile.picture (picture dropped: javascript: URLs are not allowed');
    source.org.users = source.org.users.filter(u => u.id !== 'id-hostile');
    await provider.run();
  });

  it('refuses an empty org outright', async () => {
    const saved = source.org;
    source.org = { users: [], groups: [] };
    const result = await provider.run();
    source.org = saved;
    expect(result.outcome).toBe('guarded');
    expect(result.guard?.reason).toMatch(/^it would remove all \d+ users and it would remove all 2 groups$/);
  });
}

function hashOf(entity: Entity): string {
  const { uid: _uid, etag: _etag, generation: _generation, ...metadata } = entity.metadata as Entity['metadata'] & {
    generation?: number;
  };
  return entityHash({ ...entity, metadata, relations: undefined } as Entity);
}

describe('OrgEntityProvider end to end on SQLite', () => {
  scenario(async () => undefined);
});

describeWithPostgres('OrgEntityProvider end to end on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
