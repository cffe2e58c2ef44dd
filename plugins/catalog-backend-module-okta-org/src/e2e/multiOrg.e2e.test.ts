import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import { oktaTestModule, processedEntities, processingErrors, providerConfig, type Harness } from '../__testing__/harness';

describe('Okta org provider: two orgs side by side', () => {
  let first: OktaEmulator;
  let second: OktaEmulator;
  let backend: CatalogTestBackend;
  let harness: Harness;

  beforeAll(async () => {
    // The same generated people in both orgs: their entity names are the same, so the second org gets a namespace.
    first = await startOktaEmulator({ generate: { users: 60, groups: 8, seed: 21 } });
    second = await startOktaEmulator({ generate: { users: 60, groups: 8, seed: 21 } });
    const test = oktaTestModule();
    harness = test.harness;
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: {
          providers: {
            okta: {
              first: providerConfig(first),
              second: providerConfig(second, { namespace: 'second-org' }, 'oauth'),
            },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await first?.close();
    await second?.close();
  });

  it('keeps each org in its own provider, task and entities', async () => {
    expect(harness.providers.map(p => p.getProviderName()).sort()).toEqual(['okta:first', 'okta:second']);
    const [a, b] = await Promise.all([harness.provider('first').run(), harness.provider('second').run()]);
    expect([a.outcome, b.outcome]).toEqual(['applied', 'applied']);
    const count = (okta: OktaEmulator) => okta.org.users().filter(u => u.status !== 'DEPROVISIONED').length + okta.org.groups().length;

    const fromFirst = await processedEntities(backend.catalog, 'org-sync:okta:first', count(first));
    const fromSecond = await processedEntities(backend.catalog, 'org-sync:okta:second', count(second));
    expect(processingErrors([...fromFirst, ...fromSecond])).toEqual([]);
    expect(new Set(fromFirst.map(e => e.metadata.namespace))).toEqual(new Set(['default']));
    expect(new Set(fromSecond.map(e => e.metadata.namespace))).toEqual(new Set(['second-org']));
    // Same people, same names, no conflict: memberships stay within each org's namespace.
    expect(fromSecond.map(e => e.metadata.name).sort()).toEqual(fromFirst.map(e => e.metadata.name).sort());
    for (const entity of fromSecond) {
      for (const relation of entity.relations ?? []) {
        if (relation.type === 'memberOf' || relation.type === 'hasMember') expect(relation.targetRef).toContain(':second-org/');
      }
    }
  });
});
