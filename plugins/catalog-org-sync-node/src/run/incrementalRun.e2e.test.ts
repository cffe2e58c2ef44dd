import { startTestProviderBackend } from '../__testing__/testProviderBackend';
import { CapturingLogger, describeWithPostgres, refsOf, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { defaultDeletionGuardConfig } from '../guard/deletionGuard';
import type { OrgReadResult, OrgSnapshot, OrgSource, OrgUserRecord, SourceReadContext } from '../records';
import { DatabaseProviderStateStore, type ProviderStateStore } from '../state/ProviderStateStore';
import type { IncrementalReadOptions } from '../config/incremental';
import { OrgEntityProvider } from './OrgEntityProvider';

/**
 * A source with a change log, like an IdP with a delta API: the cursor is the
 * log position; an incremental read returns the log since then as a delta.
 * It counts what it read, to show what a run cost.
 */
class ChangeLogSource implements OrgSource {
  readonly log: Array<{ upsert?: OrgUserRecord; remove?: string }> = [];
  readonly reads: Array<{ previousCursor?: unknown; mode: 'full' | 'delta'; recordsRead: number }> = [];
  /** When set, the cursor is refused as expired (like Graph's `syncStateNotFound`). */
  expireCursors = false;
  /** What the store handed back for `id-7` at the last delta read. */
  storedSeven?: OrgUserRecord;

  constructor(private readonly org: OrgSnapshot) {}

  change(change: { upsert?: OrgUserRecord; remove?: string }) {
    this.log.push(change);
    if (change.upsert) {
      const at = this.org.users.findIndex(u => u.id === change.upsert!.id);
      if (at >= 0) this.org.users[at] = change.upsert;
      else this.org.users.push(change.upsert);
    }
    if (change.remove) this.org.users = this.org.users.filter(u => u.id !== change.remove);
  }

  async read({ previous }: SourceReadContext): Promise<OrgReadResult> {
    const position = this.log.length;
    if (previous && typeof previous.cursor === 'number' && !this.expireCursors) {
      const since = this.log.slice(previous.cursor);
      const upserted = new Map<string, OrgUserRecord>();
      const deleted = new Set<string>();
      for (const change of since) {
        if (change.upsert) {
          upserted.set(change.upsert.id, change.upsert);
          deleted.delete(change.upsert.id);
        }
        if (change.remove) {
          upserted.delete(change.remove);
          deleted.add(change.remove);
        }
      }
      this.storedSeven = (await previous.records.users(['id-7'])).get('id-7');
      this.reads.push({ previousCursor: previous.cursor, mode: 'delta', recordsRead: since.length });
      return {
        readMode: 'delta',
        delta: { users: { upserted: [...upserted.values()], deleted: [...deleted] }, groups: { upserted: [], deleted: [] } },
        cursor: position,
      };
    }
    this.reads.push({ previousCursor: previous?.cursor, mode: 'full', recordsRead: this.org.users.length + this.org.groups.length });
    return { ...structuredClone(this.org), cursor: position, readMode: 'full' };
  }
}

const person = (i: number, name = `Person ${i}`): OrgUserRecord => ({
  id: `id-${i}`,
  email: `person${i}@example.com`,
  displayName: name,
  active: true,
});

/** The store, but its view of the catalog fails while `unreadable()` says so. */
function withUnreadableCatalog(store: DatabaseProviderStateStore, unreadable: () => boolean): ProviderStateStore {
  return Object.assign(Object.create(store) as DatabaseProviderStateStore, {
    getCatalogHoldings: (providerName: string) =>
      unreadable() ? Promise.reject(new Error('no such table: refresh_state_references')) : store.getCatalogHoldings(providerName),
  });
}

function scenario(database: () => Promise<Knex>) {
  let knex: Knex;
  let backend: CatalogTestBackend | undefined;
  let provider: OrgEntityProvider;
  let source: ChangeLogSource;
  let incremental: IncrementalReadOptions;
  /** When set, reading what the catalog holds fails (as on a catalog schema this release does not know). */
  let catalogUnreadable = false;
  const guard = { ...defaultDeletionGuardConfig };
  const logger = new CapturingLogger();

  const start = async () => {
    ({ backend, provider } = await startTestProviderBackend(
      'delta',
      { source, logger, stateStore: store => withUnreadableCatalog(store, () => catalogUnreadable), guard: () => guard, incremental },
      knex,
    ));
  };
  const userNames = async () =>
    refsOf(await backend!.catalog.managedBy('org-sync:test:delta'))
      .filter(ref => ref.startsWith('user:'))
      .sort();

  beforeAll(async () => {
    knex = await database();
    const users = Array.from({ length: 20 }, (_, i) => person(i));
    source = new ChangeLogSource({ users, groups: [{ id: 'g', name: 'Everyone', memberUserIds: users.map(u => u.id) }] });
    incremental = { enabled: true, fullReadEveryMs: 60 * 60 * 1000 };
    await start();
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('reads everything first, then only the changes, and the catalog follows', async () => {
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
    source.change({ upsert: person(3, 'Person Three') });
    source.change({ upsert: person(20) });
    const second = await provider.run();
    expect(second).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { users: 21, added: 1, changed: 1 } });
    expect(source.reads.at(-1)).toEqual({ previousCursor: 0, mode: 'delta', recordsRead: 2 });
    await waitFor('the renamed and the new person in the catalog', async () => {
      const three = await backend!.catalog.byName('user', 'default', 'person3');
      const twenty = await backend!.catalog.byName('user', 'default', 'person20');
      return three?.spec?.profile && (three.spec.profile as { displayName?: string }).displayName === 'Person Three' && twenty;
    });
    expect(logger.text()).toMatch(/test:delta: sync started \(incremental: changes since \S+, last full read \S+\)/);
    expect(logger.text()).toMatch(/test:delta: applied 21 users.*delta read/);
  });

  it('a run the guard refuses does not move the cursor: the next run reads the same changes again', async () => {
    const cursorBefore = source.log.length;
    for (let i = 0; i < 6; i++) source.change({ remove: `id-${i}` });
    const refused = await provider.run();
    expect(refused.outcome).toBe('guarded');
    guard.acceptPlan = refused.guard!.planId;
    const accepted = await provider.run();
    guard.acceptPlan = undefined;
    expect(accepted).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { removed: 6 } });
    expect(source.reads.at(-1)).toEqual({ previousCursor: cursorBefore, mode: 'delta', recordsRead: 6 });
    await waitFor('the six removed', async () => (await userNames()).length === 15);
  });

  it('keeps the cursor across a restart of the backend', async () => {
    const cursorBefore = source.log.length;
    await backend!.stop();
    backend = undefined;
    source.change({ upsert: person(21) });
    await start();
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'delta' });
    expect(source.reads.at(-1)).toEqual({ previousCursor: cursorBefore, mode: 'delta', recordsRead: 1 });
    await waitFor('person21 in the catalog', async () => (await userNames()).includes('user:default/person21'));
  });

  it('falls back to a full read when the source refuses the cursor, and the catalog stays whole', async () => {
    source.expireCursors = true;
    source.change({ upsert: person(7, 'Person Seven') });
    const result = await provider.run();
    source.expireCursors = false;
    expect(result).toMatchObject({ outcome: 'applied', readMode: 'full', counts: { users: 16, changed: 1, removed: 0 } });
    expect(source.reads.at(-1)).toMatchObject({ mode: 'full', recordsRead: 17 });
    expect(logger.text()).toMatch(/could not build on the last read and read everything/);
    // The full read's cursor is the one the next run builds on.
    await provider.run();
    expect(source.reads.at(-1)).toEqual({ previousCursor: source.log.length, mode: 'delta', recordsRead: 0 });
  });

  it('reads everything once fullReadEvery has passed since the last full read', async () => {
    incremental.fullReadEveryMs = 1;
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
    expect(source.reads.at(-1)).toMatchObject({ previousCursor: undefined, mode: 'full' });
    incremental.fullReadEveryMs = 60 * 60 * 1000;
    expect(await provider.run()).toMatchObject({ readMode: 'delta' });
  });

  it('an incremental run restores a user and a group deleted through the catalog API and an entity edited in the database, with their relations', async () => {
    await provider.run();
    const person8 = (await backend!.catalog.byName('user', 'default', 'person8'))!;
    const everyone = (await backend!.catalog.byName('group', 'default', 'everyone'))!;
    for (const uid of [person8.metadata.uid, everyone.metadata.uid]) {
      expect((await backend!.catalog.request(`/entities/by-uid/${uid}`, { method: 'DELETE' })).status).toBe(204);
    }
    // A manual change to what the catalog holds for person10 (as a restore from an old backup would leave it).
    const edited = JSON.parse((await knex('refresh_state').where({ entity_ref: 'user:default/person10' }).first()).unprocessed_entity);
    edited.spec.profile.displayName = 'Someone Else';
    await knex('refresh_state').where({ entity_ref: 'user:default/person10' }).update({ unprocessed_entity: JSON.stringify(edited), unprocessed_hash: 'edited', next_update_at: knex.fn.now() });
    await waitFor('both gone from the catalog', async () => !(await backend!.catalog.byName('user', 'default', 'person8')) && !(await backend!.catalog.byName('group', 'default', 'everyone')));
    source.change({ upsert: person(9, 'Person Nine') });

    const run = await provider.run();
    expect(run).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { changed: 1, removed: 0, restored: 3, refused: 0 } });
    expect(logger.text()).toMatch(/test:delta: 2 entities of ours were missing from the catalog \(deleted behind our back\); re-applied: (user:default\/person8, group:default\/everyone|group:default\/everyone, user:default\/person8)/);
    expect(logger.text()).toMatch(/test:delta: 1 entity of ours were changed in the catalog behind our back; re-applied as the IdP has them: user:default\/person10/);
    const back = await waitFor('person8 and everyone back, with their relations', async () => {
      const user = await backend!.catalog.byName('user', 'default', 'person8');
      const group = await backend!.catalog.byName('group', 'default', 'everyone');
      const memberOf = user?.relations?.some(r => r.type === 'memberOf' && r.targetRef === 'group:default/everyone');
      const hasMember = group?.relations?.some(r => r.type === 'hasMember' && r.targetRef === 'user:default/person8');
      return memberOf && hasMember && { user, group };
    });
    expect(back.user!.metadata.uid).not.toBe(person8.metadata.uid);
    await waitFor('person10 as the IdP has it', async () => {
      const ten = await backend!.catalog.byName('user', 'default', 'person10');
      return (ten?.spec?.profile as { displayName?: string } | undefined)?.displayName === 'Person 10';
    });
    // Nothing drifted since: the next run applies nothing and says nothing of restoring.
    const quiet = await provider.run();
    expect(quiet).toMatchObject({ readMode: 'delta', counts: { added: 0, changed: 0, removed: 0, restored: 0 } });
  });

  it('reports entities the catalog refuses because another provider emits the same ref, instead of counting them as added', async () => {
    source.change({ upsert: person(30) });
    await knex('refresh_state').insert({
      entity_id: 'taken-by-someone-else',
      entity_ref: 'user:default/person30',
      unprocessed_entity: JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'person30' }, spec: {} }),
      unprocessed_hash: 'x',
      errors: '',
      location_key: 'url:https://example.com/other-users.yaml',
      next_update_at: knex.fn.now(),
      last_discovery_at: knex.fn.now(),
    });
    const run = await provider.run();
    expect(run).toMatchObject({ outcome: 'applied', counts: { added: 0, refused: 1 } });
    expect(logger.text()).toMatch(
      /test:delta: the catalog refused 1 of our entities because another provider or location emits the same ref: user:default\/person30 \(held by url:https:\/\/example.com\/other-users.yaml\)/,
    );
    // Still refused next time, and said again: the conflict is not forgotten once saved.
    expect(await provider.run()).toMatchObject({ counts: { refused: 1 } });
    await knex('refresh_state').where({ entity_id: 'taken-by-someone-else' }).delete();
    expect(await provider.run()).toMatchObject({ counts: { added: 1, refused: 0 } });
    await waitFor('person30 ours once the other is gone', () => backend!.catalog.byName('user', 'default', 'person30'));
  });

  it('when what the catalog holds cannot be read, an incremental run applies a full mutation, which still restores a deleted entity', async () => {
    await provider.run();
    const person11 = (await backend!.catalog.byName('user', 'default', 'person11'))!;
    expect((await backend!.catalog.request(`/entities/by-uid/${person11.metadata.uid}`, { method: 'DELETE' })).status).toBe(204);
    catalogUnreadable = true;
    logger.clear();
    const run = await provider.run();
    catalogUnreadable = false;
    expect(run).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { restored: 0 } });
    expect(logger.text()).toContain('test:delta: cannot read what the catalog holds for this provider, applying a full mutation: no such table: refresh_state_references');
    await waitFor('person11 back through the full mutation', () => backend!.catalog.byName('user', 'default', 'person11'));
  });

  it('a delta source gets the records as last applied from the record store, by id', async () => {
    source.change({ upsert: person(7, 'Person Seven again') });
    await provider.run();
    expect(source.storedSeven).toEqual(person(7, 'Person Seven'));
    await provider.run();
    expect(source.storedSeven).toEqual(person(7, 'Person Seven again'));
  });

  it('with incremental reads off, every run reads everything and no cursor is kept', async () => {
    incremental.enabled = false;
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
    expect(source.reads.at(-1)).toMatchObject({ previousCursor: undefined, mode: 'full' });
    incremental.enabled = true;
    expect(await provider.run()).toMatchObject({ readMode: 'full' });
    expect(source.reads.at(-1)).toMatchObject({ previousCursor: undefined });
    expect(await provider.run()).toMatchObject({ readMode: 'delta' });
  });
}

describe('incremental runs on SQLite (a file, so it outlives a backend)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-incremental-'));
  const knexes: Knex[] = [];
  afterAll(async () => {
    await Promise.all(knexes.map(k => k.destroy()));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  scenario(async () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'catalog.sqlite') }, useNullAsDefault: true });
    knexes.push(knex);
    return knex;
  });
});

describeWithPostgres('incremental runs on PostgreSQL', () => {
  scenario(usePostgresDatabases());
});
