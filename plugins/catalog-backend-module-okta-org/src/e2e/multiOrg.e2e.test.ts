import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { useOrgSyncFixture } from '@orgsync/test-utils';
import { oktaModule, processedEntities, processingErrors, providerConfig } from '../__testing__/harness';

describe('Okta org provider: two orgs side by side', () => {
  const fixture = useOrgSyncFixture({
    module: oktaModule(),
    // The same generated people in both orgs: their entity names are the same, so the second org gets a namespace.
    emulator: async () => {
      const first = await startOktaEmulator({ generate: { users: 60, groups: 8, seed: 21 } });
      const second = await startOktaEmulator({ generate: { users: 60, groups: 8, seed: 21 } });
      return { first, second, stop: () => first.close().then(() => second.close()) };
    },
    providers: ({ first, second }) => ({
      first: providerConfig(first),
      second: providerConfig(second, { namespace: 'second-org' }, 'oauth'),
    }),
  });

  it('keeps each org in its own provider, task and entities', async () => {
    expect(fixture.providers.map(p => p.getProviderName()).sort()).toEqual(['okta:first', 'okta:second']);
    const [a, b] = await Promise.all([fixture.provider('first').run(), fixture.provider('second').run()]);
    expect([a.outcome, b.outcome]).toEqual(['applied', 'applied']);
    const count = (okta: OktaEmulator) => okta.org.users().filter(u => u.status !== 'DEPROVISIONED').length + okta.org.groups().length;

    const fromFirst = await processedEntities(fixture.catalog, 'org-sync:okta:first', count(fixture.emulator.first));
    const fromSecond = await processedEntities(fixture.catalog, 'org-sync:okta:second', count(fixture.emulator.second));
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
