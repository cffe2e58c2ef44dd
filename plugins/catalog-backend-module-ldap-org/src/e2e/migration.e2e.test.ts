import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import officialLdapModule from '@backstage/plugin-catalog-backend-module-ldap';
import { isValidEntityName } from '@orgsync/plugin-catalog-org-sync-node';
import { describeSlapd, startCatalogTestBackend, waitFor } from '@orgsync/test-utils';
import { annotation, ldapTestModule, providerConfig, startTestDirectory, UUID, type TestDirectory } from '../__testing__/harness';

describeSlapd('Switching from the official LDAP module on the same catalog database', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  let dir: TestDirectory;

  beforeAll(async () => {
    dir = await startTestDirectory({ users: 60, groups: 8, seed: 51, hostileShare: 0 });
  });
  afterAll(async () => {
    await dir?.stop();
  });

  const ldapEntities = async (backend: Awaited<ReturnType<typeof startCatalogTestBackend>>) =>
    [...(await backend.catalog.query('kind=user')), ...(await backend.catalog.query('kind=group'))].filter(e => annotation(e, UUID));

  it('takes over the official provider’s entities in place: same refs and uids, no gap; the removals it brings are held until accepted', async () => {
    const knex = await databases.init('SQLITE_3');
    const official = await startCatalogTestBackend({
      database: knex,
      features: [officialLdapModule],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: { ldapOrg: { main: providerConfig(dir, { schedule: { frequency: { seconds: 2 }, timeout: { minutes: 1 }, initialDelay: { seconds: 0 } } }) } },
        },
      },
    });
    // The official module keeps disabled people and cannot emit groups with invalid names (the catalog refuses them).
    const fromOfficial: Entity[] = await waitFor('the official module’s entities', async () => {
      const all = await ldapEntities(official);
      return all.length === dir.directory.people.length + dir.directory.groups.filter(g => isValidEntityName(g.cn)).length && all;
    });
    await official.stop();

    // Step 2 of the migration: swap the package, same config. Our first run would remove what the official provider
    // emitted and we do not: its disabled people and its groups with invalid names (stored by the catalog, never
    // processed). The deletion guard holds that run: nothing changes, nothing disappears.
    const startOurs = async (extra: Record<string, unknown> = {}) => {
      const test = ldapTestModule();
      const backend = await startCatalogTestBackend({
        database: knex,
        features: [test.feature],
        config: { catalog: { processingInterval: { seconds: 1 }, providers: { ldapOrg: { main: providerConfig(dir, extra) } } } },
      });
      return { backend, provider: test.providers.find(p => p.id === 'main')! };
    };
    const first = await startOurs();
    let planId: string;
    try {
      expect((await ldapEntities(first.backend)).length).toBe(fromOfficial.length);
      const held = await first.provider.run();
      expect(held.outcome).toBe('guarded');
      const disabled = dir.directory.people.filter(p => p.disabled);
      expect(held.guard?.removedUsers).toHaveLength(disabled.length);
      expect(held.guard?.removedGroups).toHaveLength(dir.directory.groups.filter(g => !isValidEntityName(g.cn)).length);
      planId = held.guard!.planId;
      expect((await ldapEntities(first.backend)).map(e => e.metadata.uid).sort()).toEqual(fromOfficial.map(e => e.metadata.uid).sort());
    } finally {
      await first.backend.stop();
    }

    // Step 3: accept exactly that plan once (the id the log names). Our entities replace the official ones in place.
    const ours = await startOurs({ guard: { acceptPlan: planId } });
    try {
      const result = await ours.provider.run();
      expect(result.error).toBeUndefined();
      expect(result.outcome).toBe('applied');
      expect(result.counts.refused).toBe(0);
      const enabled = dir.directory.people.filter(p => !p.disabled).length + dir.directory.groups.length;
      const mine = await waitFor('every entity under our provider', async () => {
        const all = await ldapEntities(ours.backend);
        return all.length === enabled && all.every(e => e.relations !== undefined) && all;
      });
      const byUuid = new Map(mine.map(e => [annotation(e, UUID), e]));
      let same = 0;
      for (const old of fromOfficial) {
        const now = byUuid.get(annotation(old, UUID));
        if (!now) continue; // a disabled person: ours leaves them out
        expect(now.metadata.name).toBe(old.metadata.name);
        // Updated in place (same provider name and location key): the catalog kept its uid.
        expect(now.metadata.uid).toBe(old.metadata.uid);
        same++;
      }
      expect(same).toBe(fromOfficial.length - dir.directory.people.filter(p => p.disabled).length);
      expect(mine.filter(e => e.kind === 'Group')).toHaveLength(dir.directory.groups.length);
    } finally {
      await ours.backend.stop();
    }
  });
});
