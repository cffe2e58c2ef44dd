import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { defaultGroupTransformer as officialDefaultGroupTransformer, MicrosoftGraphClient, MicrosoftGraphOrgEntityProvider, microsoftGraphOrgEntityProviderTransformExtensionPoint as officialExtensionPoint } from '@backstage/plugin-catalog-backend-module-msgraph';
import { startGraphEmulator, type GraphEmulator } from '@orgsync/idp-emulators';
import { isValidEntityName } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger, entitiesOfOneRead, installedModule, useOrgSyncFixture, waitFor } from '@orgsync/test-utils';
import catalogModuleMsGraphOrg from '..';
import { emulatorProviderConfig, specOf } from '../__testing__/harness';

const CUSTOM = 'example.com/from-official-extension-point';

/**
 * The official module cannot reach a local authority: it does not disable
 * MSAL instance discovery and asks for a token for the target's host. Here
 * (and only here) its client gets a credential that does both right.
 */
function patchOfficialClient(info: GraphEmulator['info']) {
  const inner = new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
    authorityHost: info.authorityHost,
    disableInstanceDiscovery: true,
  });
  const credential: TokenCredential = { getToken: () => inner.getToken('https://graph.microsoft.com/.default') };
  jest.spyOn(MicrosoftGraphClient, 'create').mockImplementation(config => new MicrosoftGraphClient(config.target, credential));
}

async function officialEntities(): Promise<Entity[]> {
  const config = new ConfigReader({ catalog: { providers: { microsoftGraphOrg: { main: emulatorProviderConfig(fixture.emulator) } } } } as JsonObject);
  const [provider] = MicrosoftGraphOrgEntityProvider.fromConfig(config, { logger: new CapturingLogger(), schedule: 'manual' });
  return entitiesOfOneRead(provider);
}

// A module written for the official extension point, importing it from the official package.
const customisation = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'msgraph-customisation',
  register(env) {
    env.registerInit({
      deps: { transforms: officialExtensionPoint },
      async init({ transforms }) {
        transforms.setGroupTransformer({
          main: async group => {
            const entity = await officialDefaultGroupTransformer(group);
            if (entity) entity.metadata.annotations![CUSTOM] = 'yes';
            return entity;
          },
        });
      },
    });
  },
});
const fixture = useOrgSyncFixture({
  module: installedModule('microsoftGraphOrg'),
  features: () => [catalogModuleMsGraphOrg, customisation],
  emulator: async () => {
    const graph = await startGraphEmulator({ seed: 5, generate: { users: 80, groups: 12, seed: 5, hostileShare: 0.15 } });
    patchOfficialClient(graph.info);
    return graph;
  },
  providers: graph => ({
    main: emulatorProviderConfig(graph, { schedule: { frequency: { seconds: 3 }, timeout: { minutes: 1 }, initialDelay: { seconds: 0 } } }),
  }),
});

const key = (e: Entity) => `${e.kind}:${e.metadata.annotations?.['graph.microsoft.com/user-id'] ?? e.metadata.annotations?.['graph.microsoft.com/group-id'] ?? e.metadata.annotations?.['graph.microsoft.com/tenant-id']}`;
const refOf = (e: Entity) => `${e.kind.toLowerCase()}:default/${e.metadata.name}`;

test('the module, scheduled by the backend, gives the official module’s entities for the same tenant', async () => {
  const official = await officialEntities();
  const ours = await waitFor('our provider’s first sync processed', async () => {
    const all = [...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))];
    return all.length === new Set(official.map(key)).size && all.every(e => e.relations !== undefined) && all;
  });
  const oursByKey = new Map(ours.map(e => [key(e), e]));
  const officialRefToOurs = new Map(official.map(e => [refOf(e), oursByKey.get(key(e)) && refOf(oursByKey.get(key(e))!)]));
  const mapRef = (ref: string) => officialRefToOurs.get(ref) ?? ref;

  expect([...oursByKey.keys()].sort()).toEqual(official.map(key).sort());
  // The official module gives two users with the same mail the same name, and the catalog keeps only one of them;
  // ours keeps the name for the smallest id and gives the other a suffixed one.
  const officialRefCount = new Map<string, number>();
  for (const e of official) officialRefCount.set(refOf(e), (officialRefCount.get(refOf(e)) ?? 0) + 1);
  const shared = [...officialRefCount].filter(([, n]) => n > 1).map(([ref]) => ref);
  for (const ref of shared) expect(ours.filter(e => refOf(e) === ref)).toHaveLength(1);
  let invalidOfficialNames = 0;
  for (const theirs of official) {
    const mine = oursByKey.get(key(theirs))!;
    if (shared.includes(refOf(theirs))) {
      expect(refOf(mine).startsWith(refOf(theirs))).toBe(true);
    } else if (isValidEntityName(theirs.metadata.name)) {
      expect(refOf(mine)).toBe(refOf(theirs));
    } else {
      invalidOfficialNames++;
      expect(isValidEntityName(mine.metadata.name)).toBe(true);
    }
    const { [CUSTOM]: custom, ...annotations } = mine.metadata.annotations!;
    expect(annotations).toEqual(theirs.metadata.annotations);
    expect(custom).toBe(theirs.kind === 'Group' && theirs.spec?.type !== 'root' ? 'yes' : undefined);
    expect(specOf(mine).profile).toEqual(specOf(theirs).profile);
    expect(mine.metadata.description).toEqual(theirs.metadata.description);
    expect(specOf(mine).type).toEqual(specOf(theirs).type);
    if (!shared.includes(refOf(theirs))) {
      expect([...(specOf(mine).memberOf ?? [])].sort()).toEqual((specOf(theirs).memberOf ?? []).map(mapRef).sort());
    }
    expect(specOf(mine).parent).toEqual(specOf(theirs).parent && mapRef(specOf(theirs).parent!));
    expect([...(specOf(mine).children ?? [])].sort()).toEqual((specOf(theirs).children ?? []).map(mapRef).sort());
  }
  // The generated tenant has hostile names: some official names are refused by the catalog; ours are all valid.
  expect(invalidOfficialNames).toBeGreaterThan(0);
});
