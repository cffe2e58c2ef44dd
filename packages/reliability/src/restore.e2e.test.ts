import type { Entity } from '@backstage/catalog-model';
import { describeWithPostgres, usePostgresDatabases, waitFor } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { TARGETS, type SyncTarget } from './targets';

const ORG = { users: 40, groups: 6, seed: 7 };
/** Okta and Graph read incrementally once they have a cursor; GitHub has no change feed and reads everything. */
/** How each module's second run reads: Okta lists again reusing unchanged member lists, Graph reads a delta, GitHub lists. */
const SECOND_READ: Record<string, string> = { okta: 'incremental', msgraph: 'delta', github: 'full' };

const memberOf = (user: Entity | undefined, groupRef: string) => !!user?.relations?.some(r => r.type === 'memberOf' && r.targetRef === groupRef);
const hasMember = (group: Entity | undefined, userRef: string) => !!group?.relations?.some(r => r.type === 'hasMember' && r.targetRef === userRef);
const refOf = (entity: Entity) => `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();

/** A user with at least one group, and that group, as the catalog serves them once relations are stitched. */
async function aMemberAndTheirGroup(target: SyncTarget): Promise<{ user: Entity; group: Entity }> {
  return waitFor('a user and their group, stitched', async () => {
    const users = await target.backend.catalog.query('kind=user');
    const user = users.find(u => u.relations?.some(r => r.type === 'memberOf'));
    const groupRef = user?.relations?.find(r => r.type === 'memberOf')?.targetRef;
    const [, namespace, name] = /^group:([^/]+)\/(.+)$/.exec(groupRef ?? '') ?? [];
    const group = name ? await target.backend.catalog.byName('group', namespace, name) : undefined;
    return user && group && hasMember(group, refOf(user)) && { user, group };
  });
}

function restoreScenario(database?: () => Promise<Knex>) {
  it.each(Object.keys(TARGETS) as Array<keyof typeof TARGETS>)(
    '%s: a user and a group deleted through the catalog API are back after the next run, with their relations',
    async module => {
      const target = await TARGETS[module]({ generate: ORG, providerConfig: { incremental: { enabled: true } }, database: await database?.() });
      try {
        expect(await target.provider.run()).toMatchObject({ outcome: 'applied', readMode: 'full' });
        const { user, group } = await aMemberAndTheirGroup(target);
        const [userRef, groupRef] = [refOf(user), refOf(group)];
        for (const entity of [user, group]) {
          expect((await target.backend.catalog.request(`/entities/by-uid/${entity.metadata.uid}`, { method: 'DELETE' })).status).toBe(204);
        }
        const [, userNamespace, userName] = /^user:([^/]+)\/(.+)$/.exec(userRef)!;
        const [, groupNamespace, groupName] = /^group:([^/]+)\/(.+)$/.exec(groupRef)!;
        expect(await target.backend.catalog.byName('user', userNamespace, userName)).toBeUndefined();
        expect(await target.backend.catalog.byName('group', groupNamespace, groupName)).toBeUndefined();

        const next = await target.provider.run();
        expect(next).toMatchObject({
          outcome: 'applied',
          readMode: SECOND_READ[module],
          counts: { added: 0, changed: 0, removed: 0, restored: 2, refused: 0 },
        });
        expect(target.logger.text()).toContain('2 entities of ours were missing from the catalog (deleted behind our back); re-applied:');
        await waitFor('both back, each pointing at the other', async () => {
          const userBack = await target.backend.catalog.byName('user', userNamespace, userName);
          const groupBack = await target.backend.catalog.byName('group', groupNamespace, groupName);
          return memberOf(userBack, groupRef) && hasMember(groupBack, userRef);
        });
        // Restored once: the run after that has nothing to restore.
        expect(await target.provider.run()).toMatchObject({ outcome: 'applied', counts: { restored: 0 } });
      } finally {
        await target.stop();
      }
    },
    120_000,
  );
}

describe('entities deleted behind our back, SQLite', () => {
  restoreScenario();
});

describeWithPostgres('entities deleted behind our back, PostgreSQL', () => {
  restoreScenario(usePostgresDatabases());
});
