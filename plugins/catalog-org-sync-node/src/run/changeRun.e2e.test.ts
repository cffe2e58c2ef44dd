import { startTestProviderBackend } from '../__testing__/testProviderBackend';
import { CapturingLogger, describeWithPostgres, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import type { OrgChangeHints, OrgChangePoller } from '../changes';
import { defaultDeletionGuardConfig, type DeletionGuardConfig } from '../guard/deletionGuard';
import type { JsonValue, OrgDelta, OrgGroupRecord, OrgRecordRequest, OrgSnapshot, OrgSource, OrgUserRecord } from '../records';
import { OrgEntityProvider } from './OrgEntityProvider';

/**
 * An IdP the test edits, with a change log a poller reads (ids only, like
 * Okta's System Log) and a by-id read (like GET /users/{id}). It counts reads.
 */
class ChangingIdp implements OrgSource {
  readonly log: OrgChangeHints[] = [];
  lists = 0;
  recordReads: OrgRecordRequest[] = [];
  constructor(public org: OrgSnapshot) {}

  user(id: string): OrgUserRecord {
    return this.org.users.find(u => u.id === id)!;
  }
  group(id: string): OrgGroupRecord {
    return this.org.groups.find(g => g.id === id)!;
  }
  /** Changes the org and logs which records changed. */
  change(hints: OrgChangeHints, edit: () => void) {
    edit();
    this.log.push(hints);
  }

  async read(): Promise<OrgSnapshot> {
    this.lists++;
    return structuredClone(this.org);
  }

  async readRecords(request: OrgRecordRequest): Promise<OrgDelta> {
    this.recordReads.push(structuredClone(request));
    const delta: OrgDelta = { users: { upserted: [], deleted: [] }, groups: { upserted: [], deleted: [] } };
    for (const id of request.users) {
      const user = this.org.users.find(u => u.id === id);
      if (user) delta.users.upserted.push(structuredClone(user));
      else delta.users.deleted.push(id);
    }
    for (const id of request.groups) {
      const group = this.org.groups.find(g => g.id === id);
      if (group) delta.groups.upserted.push(structuredClone(group));
      else delta.groups.deleted.push(id);
    }
    return delta;
  }
}

class LogPoller implements OrgChangePoller {
  polls = 0;
  constructor(private readonly idp: ChangingIdp) {}
  async poll({ cursor }: { cursor?: JsonValue }) {
    this.polls++;
    if (typeof cursor !== 'number') return { hints: {}, cursor: this.idp.log.length };
    const since = this.idp.log.slice(cursor);
    return {
      hints: { users: since.flatMap(h => h.users ?? []), groups: since.flatMap(h => h.groups ?? []), resync: since.find(h => h.resync)?.resync },
      cursor: this.idp.log.length,
    };
  }
}

const person = (i: number): OrgUserRecord => ({ id: `u${i}`, email: `person${i}@example.com`, displayName: `Person ${i}`, active: true });

function scenario(database: () => Promise<Knex | undefined>) {
  let backend: CatalogTestBackend;
  let provider: OrgEntityProvider;
  let idp: ChangingIdp;
  let poller: LogPoller;
  let guard: DeletionGuardConfig;
  const logger = new CapturingLogger();
  const byName = (kind: string, name: string) => backend.catalog.byName(kind, 'default', name);

  beforeAll(async () => {
    const users = Array.from({ length: 30 }, (_, i) => person(i));
    idp = new ChangingIdp({
      users,
      groups: [
        { id: 'g-eng', name: 'Engineering', memberUserIds: users.slice(0, 10).map(u => u.id), memberGroupIds: ['g-plat'] },
        { id: 'g-plat', name: 'Platform', memberUserIds: users.slice(5, 15).map(u => u.id) },
        { id: 'g-all', name: 'Everyone', memberUserIds: users.map(u => u.id) },
      ],
    });
    poller = new LogPoller(idp);
    guard = { ...defaultDeletionGuardConfig };
    ({ backend, provider } = await startTestProviderBackend(
      'changes',
      { source: idp, changes: { poller }, logger, guard: () => guard },
      await database(),
    ));
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
    expect(await provider.processChanges()).toBeUndefined(); // the first poll starts the feed at "now"
    await waitFor('person29 in the catalog', () => byName('user', 'person29'));
  });

  afterAll(() => backend?.stop());

  it('a person who leaves is re-read by id and removed, with their memberships, without a list read', async () => {
    idp.change({ users: ['u3'] }, () => (idp.user('u3').active = false));
    const lists = idp.lists;
    const result = await provider.processChanges();
    expect(result).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: 1, added: 0 } });
    expect(idp.lists).toBe(lists);
    expect(idp.recordReads.at(-1)).toEqual({ users: ['u3'], groups: [] });
    await waitFor('person3 gone', async () => (await byName('user', 'person3')) === undefined);
    const engineering = await waitFor('engineering without person3', async () => {
      const group = await byName('group', 'engineering');
      return group && !(group.spec!.members as string[]).includes('user:default/person3') && group;
    });
    expect(engineering.spec!.members).toHaveLength(9);
  });

  it('a membership change re-maps the group and its members: the new member shows the group in spec.memberOf', async () => {
    idp.change({ groups: ['g-plat'] }, () => idp.group('g-plat').memberUserIds!.push('u20'));
    const result = await provider.processChanges();
    // The group, its parent's children unchanged; person20 gains memberOf; nobody else changes.
    expect(result).toMatchObject({ outcome: 'applied', counts: { changed: 2, added: 0, removed: 0 } });
    await waitFor('person20 in platform', async () => ((await byName('user', 'person20'))?.spec?.memberOf as string[] | undefined)?.includes('group:default/platform'));
  });

  it('duplicate, replayed and late hints are harmless: the IdP is read again and decides', async () => {
    // A late "added to a group" for the person who left: the re-read says they are gone.
    idp.change({ users: ['u3', 'u3', 'u3'], groups: ['g-eng'] }, () => undefined);
    const result = await provider.processChanges();
    expect(result).toMatchObject({ outcome: 'applied', counts: { added: 0, changed: 0, removed: 0 } });
    expect(idp.recordReads.at(-1)).toEqual({ users: ['u3'], groups: ['g-eng'] });
    expect(await byName('user', 'person3')).toBeUndefined();
  });

  it('a new person and a renamed group arrive as deltas', async () => {
    idp.change({ users: ['u30'], groups: ['g-all'] }, () => {
      idp.org.users.push(person(30));
      idp.group('g-all').memberUserIds!.push('u30');
      idp.group('g-all').displayName = 'All of us';
    });
    expect(await provider.processChanges()).toMatchObject({ outcome: 'applied', counts: { added: 1, changed: 1 } });
    const added = await waitFor('person30 with memberOf everyone', async () => {
      const user = await byName('user', 'person30');
      return (user?.spec?.memberOf as string[] | undefined)?.includes('group:default/everyone') && user;
    });
    expect(added.metadata.name).toBe('person30');
  });

  it('holds a burst of removals beyond the rolling window, says how to accept it, and applies it once accepted', async () => {
    // 3 leave now (within the 2 always allowed? no: 3 > 2 and 3 of 30 = 10% plus the one who left before → over 10%).
    const leavers = ['u10', 'u11', 'u12'];
    idp.change({ users: leavers }, () => leavers.forEach(id => (idp.user(id).active = false)));
    logger.clear();
    const held = await provider.processChanges();
    expect(held).toMatchObject({ outcome: 'guarded', trigger: 'changes' });
    expect(held!.guard!.reason).toMatch(/it would remove 4 of \d+ users/);
    expect(logger.text()).toContain('deletion guard refused these changes (removals within 60 minutes count together)');
    expect(logger.text()).toContain(`catalog.providers.test.changes.guard.acceptPlan: "${held!.guard!.planId}"`);
    expect(await byName('user', 'person10')).toBeDefined();
    // Still queued: the next round holds the same plan again.
    expect(await provider.processChanges()).toMatchObject({ outcome: 'guarded', guard: { planId: held!.guard!.planId } });
    guard = { ...guard, acceptPlan: held!.guard!.planId };
    expect(await provider.processChanges()).toMatchObject({ outcome: 'applied', counts: { removed: 3 } });
    guard = { ...defaultDeletionGuardConfig };
    await waitFor('the three gone', async () => (await Promise.all(['person10', 'person11', 'person12'].map(n => byName('user', n)))).every(e => !e));
    // Accepting starts a new window: one more departure passes.
    idp.change({ users: ['u13'] }, () => (idp.user('u13').active = false));
    expect(await provider.processChanges()).toMatchObject({ outcome: 'applied', counts: { removed: 1 } });
  });

  it('a signal that lost track asks for a read of everything, which the change round makes at once', async () => {
    idp.change({ resync: 'the log cursor expired' }, () => idp.org.users.push(person(31)));
    const lists = idp.lists;
    const result = await provider.processChanges();
    expect(result).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full', counts: { added: 1 } });
    expect(idp.lists).toBe(lists + 1);
    expect(logger.text()).toContain('a change signal lost track of changes; making a scheduled-style read now');
    // The queue is empty afterwards: the next round reads nothing.
    const reads = idp.recordReads.length;
    expect(await provider.processChanges()).toBeUndefined();
    expect(idp.recordReads.length).toBe(reads);
  });

  it('pushed hints (notify) are processed at once on this replica, coalescing a burst into few reads', async () => {
    const reads = idp.recordReads.length;
    for (let i = 0; i < 3; i++) idp.org.users.push(person(40 + i));
    await Promise.all(Array.from({ length: 50 }, (_, i) => provider.notify({ users: [`u${40 + (i % 3)}`] }, 'test push')));
    await waitFor('the three pushed people in the catalog', async () => (await Promise.all([40, 41, 42].map(i => byName('user', `person${i}`)))).every(Boolean));
    // 50 deliveries naming 3 people: a handful of reads, each of at most those 3 ids.
    const pushedReads = idp.recordReads.slice(reads);
    expect(pushedReads.length).toBeLessThanOrEqual(3);
    expect(new Set(pushedReads.flatMap(r => r.users))).toEqual(new Set(['u40', 'u41', 'u42']));
  });

  it('a scheduled list read after changes leaves the catalog exactly as the changes did (the relist agrees)', async () => {
    const before = (await backend.catalog.managedBy('org-sync:test:changes')).map(e => `${e.kind}:${e.metadata.name}:${JSON.stringify(e.spec)}`).sort();
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full', counts: { added: 0, changed: 0, removed: 0 } });
    const after = (await backend.catalog.managedBy('org-sync:test:changes')).map(e => `${e.kind}:${e.metadata.name}:${JSON.stringify(e.spec)}`).sort();
    expect(after).toEqual(before);
  });
}

describe('change runs on SQLite', () => {
  scenario(async () => undefined);
});

describeWithPostgres('change runs on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
