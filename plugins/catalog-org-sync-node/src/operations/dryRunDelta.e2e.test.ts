import { startTestProviderBackend } from '../__testing__/testProviderBackend';
import { waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { defaultDeletionGuardConfig } from '../guard/deletionGuard';
import type { OrgReadResult, OrgSnapshot, OrgSource, OrgUserRecord, SourceReadContext } from '../records';
import { OrgEntityProvider } from '../run/OrgEntityProvider';

/** An IdP with a change log: after the first list, reads answer the log since the cursor as a delta. */
class ChangeLogSource implements OrgSource {
  readonly log: Array<{ upsert?: OrgUserRecord; remove?: string }> = [];
  readonly cursorsSeen: unknown[] = [];
  constructor(private readonly org: OrgSnapshot) {}

  async read({ previous }: SourceReadContext): Promise<OrgReadResult> {
    this.cursorsSeen.push(previous?.cursor);
    if (previous && typeof previous.cursor === 'number') {
      const since = this.log.slice(previous.cursor);
      return {
        readMode: 'delta',
        cursor: this.log.length,
        delta: {
          users: { upserted: since.flatMap(c => (c.upsert ? [c.upsert] : [])), deleted: since.flatMap(c => (c.remove ? [c.remove] : [])) },
          groups: { upserted: [], deleted: [] },
        },
      };
    }
    return { ...structuredClone(this.org), cursor: this.log.length, readMode: 'full' };
  }
}

const person = (i: number, displayName = `Person ${i}`): OrgUserRecord => ({ id: `id-${i}`, email: `person${i}@example.com`, displayName, active: true });

describe('a dry run of a delta read', () => {
  let backend: CatalogTestBackend;
  let provider: OrgEntityProvider;
  const source = new ChangeLogSource({
    users: Array.from({ length: 10 }, (_, i) => person(i)),
    groups: [{ id: 'g', name: 'crew', memberUserIds: ['id-0', 'id-1', 'id-2'] }],
  });

  beforeAll(async () => {
    ({ backend, provider } = await startTestProviderBackend('delta', { source, guard: () => defaultDeletionGuardConfig }));
  });

  afterAll(() => backend?.stop());

  it('shows what the next delta run applies, reading from the same cursor, and moves nothing', async () => {
    expect(await provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
    source.log.push({ upsert: person(1, 'Person One') }, { remove: 'id-2' }, { upsert: person(42) });

    const dry = await provider.dryRun();
    expect(dry).toMatchObject({ trigger: 'dry-run', readMode: 'delta', outcome: 'applied', counts: { added: 1, changed: 2, removed: 1 } });
    expect(dry.plan!.added.map(e => e.metadata.name)).toEqual(['person42']);
    // person1 is renamed in place; the crew group loses person2.
    expect(dry.plan!.changed.map(e => `${e.kind}:${e.metadata.name}`).sort()).toEqual(['Group:crew', 'User:person1']);
    expect(dry.plan!.removed).toEqual(['user:default/person2']);
    expect(await backend.catalog.byName('user', 'default', 'person42')).toBeUndefined();
    expect(provider.lastRun()?.trigger).toBe('schedule'); // a dry run is not the last run

    const run = await provider.run();
    expect(run).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { added: 1, changed: 2, removed: 1 } });
    expect(source.cursorsSeen).toEqual([undefined, 0, 0]); // the dry run did not move the cursor
    await waitFor('the delta applied', async () => !!(await backend.catalog.byName('user', 'default', 'person42')) && !(await backend.catalog.byName('user', 'default', 'person2')));
  });
});
