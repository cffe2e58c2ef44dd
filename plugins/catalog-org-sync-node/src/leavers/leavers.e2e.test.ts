import { startTestProviderBackend } from '../__testing__/testProviderBackend';
import { CapturingLogger, describeWithPostgres, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { defaultDeletionGuardConfig, type DeletionGuardConfig } from '../guard/deletionGuard';
import type { OrgDelta, OrgRecordRequest, OrgSnapshot, OrgSource, OrgUserRecord } from '../records';
import { OrgEntityProvider } from '../run/OrgEntityProvider';
import { ANNOTATION_DEPARTED_AT, ANNOTATION_DEPARTURE, LABEL_DEPARTED } from './departedEntity';
import type { LeaverOptions } from './leaverOptions';

/** An IdP the test edits; lists it and re-reads records by id. */
class Idp implements OrgSource {
  constructor(public org: OrgSnapshot) {}
  async read(): Promise<OrgSnapshot> {
    return structuredClone(this.org);
  }
  async readRecords(request: OrgRecordRequest): Promise<OrgDelta> {
    const pick = <R extends { id: string }>(list: R[], ids: string[]) => ({
      upserted: structuredClone(list.filter(r => ids.includes(r.id))),
      deleted: ids.filter(id => !list.some(r => r.id === id)),
    });
    return { users: pick(this.org.users, request.users), groups: pick(this.org.groups, request.groups) };
  }
  user(id: string) {
    return this.org.users.find(u => u.id === id)!;
  }
}

const person = (i: number): OrgUserRecord => ({
  id: `u${i}`,
  email: `person${i}@example.com`,
  displayName: `Person ${i}`,
  active: true,
  // What a sign-in resolver would look up.
  annotations: { 'example.com/email': `person${i}@example.com`, 'example.com/user-id': `u${i}` },
});

function scenario(database: () => Promise<Knex | undefined>) {
  let backend: CatalogTestBackend;
  let provider: OrgEntityProvider;
  let idp: Idp;
  const guard: DeletionGuardConfig = { ...defaultDeletionGuardConfig };
  const leavers: LeaverOptions = { mode: 'retain', retainForMs: 60 * 60 * 1000 };
  const logger = new CapturingLogger();
  const byName = (kind: string, name: string) => backend.catalog.byName(kind, 'default', name);
  const departed = () => backend.catalog.query(`kind=user,metadata.labels.${LABEL_DEPARTED}=true`);
  const groupsListing = async (ref: string) =>
    (await backend.catalog.query('kind=group')).filter(g => ((g.spec as { members?: string[] }).members ?? []).includes(ref)).map(g => g.metadata.name);

  beforeAll(async () => {
    const users = Array.from({ length: 40 }, (_, i) => person(i));
    idp = new Idp({
      users,
      groups: [
        { id: 'g-eng', name: 'Engineering', memberUserIds: users.slice(0, 20).map(u => u.id) },
        { id: 'g-ops', name: 'Ops', memberUserIds: users.slice(15, 30).map(u => u.id) },
        { id: 'g-old', name: 'Old Team', memberUserIds: ['u35'] },
      ],
    });
    ({ backend, provider } = await startTestProviderBackend(
      'leavers',
      { source: idp, logger, guard: () => guard, leavers },
      await database(),
    ));
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { users: 40, groups: 3 } });
    await waitFor('person5 in engineering', async () => (await groupsListing('user:default/person5')).length === 1);
  });

  afterAll(() => backend?.stop());

  it('a person deactivated in the IdP stays as departed: marked, no memberships, no sign-in annotations, same uid', async () => {
    const before = await waitFor('person5 in the catalog', () => byName('user', 'person5'));
    idp.user('u5').active = false;
    idp.user('u5').inactiveReason = 'status: DEPROVISIONED';
    const result = await provider.run();
    expect(result).toMatchObject({ outcome: 'applied', counts: { departed: 1, removed: 0, users: 39 } });
    expect(result.guard).toMatchObject({ removedUsers: ['user:default/person5'] }); // a departure is a removal for the guard
    const after = await waitFor('person5 marked as departed', async () => {
      const entity = await byName('user', 'person5');
      return entity?.metadata.labels?.[LABEL_DEPARTED] === 'true' && entity;
    });
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.annotations).toMatchObject({ [ANNOTATION_DEPARTURE]: 'status: DEPROVISIONED' });
    expect(Date.parse(after.metadata.annotations![ANNOTATION_DEPARTED_AT])).toBeGreaterThan(Date.parse(result.startedAt) - 1000);
    expect(Object.keys(after.metadata.annotations!).filter(k => k.startsWith('example.com/'))).toEqual([]);
    expect(after.spec).toEqual({ profile: { displayName: 'Person 5' }, memberOf: [] });
    await waitFor('no group lists person5', async () => (await groupsListing('user:default/person5')).length === 0);
    expect(logger.text()).toContain('test:leavers: 1 left and is kept as departed (leavers.mode: retain): user:default/person5 (status: DEPROVISIONED)');
    // Nobody can sign in as them: no entity carries their IdP annotation any more.
    expect(await backend.catalog.query('kind=user,metadata.annotations.example.com/email=person5@example.com')).toEqual([]);
  });

  it('people removed from the IdP and groups that disappear are kept the same way; by-query on the label lists exactly the leavers', async () => {
    idp.org.users = idp.org.users.filter(u => u.id !== 'u35');
    idp.org.groups = idp.org.groups.filter(g => g.id !== 'g-old');
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { departed: 2, removed: 0 } });
    const group = await waitFor('old-team departed', async () => {
      const entity = await byName('group', 'old-team');
      return entity?.metadata.labels?.[LABEL_DEPARTED] === 'true' && entity;
    });
    expect(group.metadata.annotations![ANNOTATION_DEPARTURE]).toBe('no longer in the IdP');
    expect((group.spec as { members?: unknown[] }).members ?? []).toEqual([]);
    await waitFor('two departed users listed', async () => (await departed()).map(e => e.metadata.name).sort().join() === 'person35,person5');
    // A second run keeps them as they are: not departed again, not counted again.
    expect(await provider.run()).toMatchObject({ counts: { departed: 0, removed: 0, changed: 0 } });
  });

  it('a person who comes back within the grace period is a normal member again, with the same entity', async () => {
    const before = (await byName('user', 'person5'))!;
    idp.user('u5').active = true;
    delete idp.user('u5').inactiveReason;
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { departed: 0, removed: 0, changed: expect.any(Number) } });
    const back = await waitFor('person5 back in engineering', async () => {
      const entity = await byName('user', 'person5');
      return !entity?.metadata.labels?.[LABEL_DEPARTED] && (entity?.spec?.memberOf as string[] | undefined)?.includes('group:default/engineering') && entity;
    });
    expect(back.metadata.uid).toBe(before.metadata.uid);
    expect(back.metadata.annotations).toMatchObject({ 'example.com/email': 'person5@example.com' });
    await waitFor('engineering lists person5', async () => (await groupsListing('user:default/person5')).includes('engineering'));
  });

  it('a departure heard through a change signal is kept as departed too', async () => {
    idp.user('u7').active = false;
    await provider.notify({ users: ['u7'] }, 'test');
    await waitFor('person7 departed', async () => (await byName('user', 'person7'))?.metadata.labels?.[LABEL_DEPARTED] === 'true');
    expect(provider.lastRun()).toMatchObject({ trigger: 'changes', counts: { departed: 1, removed: 0 } });
    // The scheduled list agrees: nothing to change.
    expect(await provider.run()).toMatchObject({ counts: { departed: 0, removed: 0, changed: 0, added: 0 } });
  });

  it('the deletion guard holds a mass departure as it holds a mass deletion', async () => {
    for (const id of ['u10', 'u11', 'u12', 'u13', 'u14', 'u16']) idp.user(id).active = false;
    const held = await provider.run();
    expect(held).toMatchObject({ outcome: 'guarded' });
    expect(held.guard!.reason).toMatch(/it would remove 6 of 3\d users/);
    expect((await byName('user', 'person10'))?.metadata.labels?.[LABEL_DEPARTED]).toBeUndefined();
    for (const id of ['u10', 'u11', 'u12', 'u13', 'u14', 'u16']) idp.user(id).active = true;
  });

  it('after the grace period a departed entity is deleted, by a change run as by a list', async () => {
    leavers.retainForMs = 1;
    await new Promise(resolve => setTimeout(resolve, 10));
    // A change run about someone else: the expired departures go with it.
    idp.user('u1').displayName = 'Person One';
    await provider.notify({ users: ['u1'] }, 'test');
    await waitFor('a change run', async () => provider.lastRun()?.trigger === 'changes' && provider.lastRun()?.counts.changed === 1);
    expect(provider.lastRun()).toMatchObject({ outcome: 'applied', counts: { removed: 3, departed: 0 } });
    const result = await provider.run();
    expect(result).toMatchObject({ outcome: 'applied', counts: { removed: 0, departed: 0 } });
    expect(logger.text()).toMatch(/test:leavers: 3 departed past leavers.retainFor, removed/);
    await waitFor('the departed gone', async () => (await departed()).length === 0 && !(await byName('group', 'old-team')));
    leavers.retainForMs = 60 * 60 * 1000;
  });
}

describe('leavers kept as departed (SQLite)', () => {
  scenario(async () => undefined);
});

describeWithPostgres('leavers kept as departed (PostgreSQL)', () => {
  scenario(usePostgresDatabases());
});

