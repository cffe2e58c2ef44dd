import { TestDatabases } from '@backstage/backend-test-utils';
import roadieOktaModule from '@roadiehq/catalog-backend-module-okta/new-backend';
import roadieOrgProviderFactory from '@roadiehq/catalog-backend-module-okta/org-provider-factory';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, waitFor } from '@orgsync/test-utils';
import { oktaTestModule, processingErrors, providerConfig } from '../__testing__/harness';

describe("Migrating from Roadie's Okta module on the same catalog database", () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  let okta: OktaEmulator;

  beforeAll(async () => {
    okta = await startOktaEmulator({ generate: { users: 40, groups: 6, seed: 17, hostileShare: 0 } });
  });

  afterAll(async () => {
    await okta?.close();
  });

  it('takes over the entities Roadie left with providerName okta-org:all', async () => {
    const knex = await databases.init('SQLITE_3');
    const entry = { orgUrl: okta.info.orgUrl, token: okta.info.token };
    const listed = okta.org.users().filter(u => u.status !== 'DEPROVISIONED');
    const expected = listed.length + okta.org.groups().length;

    const roadie = await startCatalogTestBackend({
      database: knex,
      features: [roadieOktaModule, roadieOrgProviderFactory],
      config: {
        catalog: { providers: { okta: [{ ...entry, schedule: { frequency: { seconds: 2 }, timeout: { minutes: 1 }, initialDelay: { seconds: 0 } } }] } },
      },
    });
    const fromRoadie = await waitFor('Roadie’s entities', async () => {
      const all = await roadie.catalog.managedBy('okta-org:all');
      return all.length > 0 && all;
    });
    await roadie.stop();

    const test = oktaTestModule();
    const ours = await startCatalogTestBackend({
      database: knex,
      features: [test.feature],
      config: { catalog: { providers: { okta: [{ ...providerConfig(okta), providerName: 'okta-org:all' }] } } },
    });
    try {
      const result = await test.providers.find(p => p.getProviderName() === 'okta-org:all')!.run();
      expect(result.error).toBeUndefined();
      const entities = await waitFor('every entity under our provider, none left from Roadie', async () => {
        const mine = await ours.catalog.managedBy('org-sync:okta-org:all');
        const left = await ours.catalog.managedBy('okta-org:all');
        return mine.length === expected && left.length === 0 && mine;
      });
      expect(processingErrors(entities)).toEqual([]);
      // The same refs as before: people keep their entity names across the migration.
      const names = new Set(entities.map(e => `${e.kind}:${e.metadata.name}`));
      for (const old of fromRoadie.filter(e => e.kind === 'User')) expect(names).toContain(`User:${old.metadata.name}`);
      const someone = entities.find(e => e.kind === 'User')!;
      expect(someone.metadata.annotations?.['okta.com/email']).toBeDefined();
    } finally {
      await ours.stop();
    }
  });
});
