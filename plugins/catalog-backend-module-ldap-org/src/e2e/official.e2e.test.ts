import { createBackendModule } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { defaultGroupTransformer as officialDefaultGroupTransformer, LdapOrgEntityProvider, ldapOrgEntityProviderTransformsExtensionPoint as officialExtensionPoint } from '@backstage/plugin-catalog-backend-module-ldap';
import { isValidEntityName } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger, describeSlapd, entitiesOfOneRead, installedModule, useOrgSyncFixture, waitFor } from '@orgsync/test-utils';
import catalogModuleLdapOrg from '..';
import { annotation, processEverySecond, providerConfig, specOf, startTestDirectory, UUID } from '../__testing__/harness';

const CUSTOM = 'example.com/from-official-extension-point';

describeSlapd('the official LDAP module and ours on the same slapd', () => {
  async function officialEntities(): Promise<Entity[]> {
    const config = new ConfigReader({ catalog: { providers: { ldapOrg: { main: providerConfig(fixture.emulator, { schedule: undefined }) } } } });
    const [provider] = LdapOrgEntityProvider.fromConfig(config, { logger: new CapturingLogger(), schedule: 'manual' });
    return entitiesOfOneRead(provider);
  }

  // A module written for the official extension point, importing it from the official package.
  const customisation = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'ldap-customisation',
    register(env) {
      env.registerInit({
        deps: { transforms: officialExtensionPoint },
        async init({ transforms }) {
          transforms.setGroupTransformer({
            main: async (vendor, config, entry) => {
              const entity = await officialDefaultGroupTransformer(vendor, config, entry);
              if (entity) entity.metadata.annotations![CUSTOM] = 'yes';
              return entity;
            },
          });
        },
      });
    },
  });
  const fixture = useOrgSyncFixture({
    module: installedModule('ldapOrg'),
    features: () => [catalogModuleLdapOrg, customisation],
    emulator: () => startTestDirectory({ users: 120, groups: 16, seed: 5, hostileShare: 0.15 }),
    providers: dir => ({ main: providerConfig(dir, { schedule: { frequency: { seconds: 3 }, timeout: { minutes: 1 }, initialDelay: { seconds: 0 } } }) }),
    config: processEverySecond,
  });

  test('same uuids, refs, annotations, profiles and types; ours valid where the official name is not, with more memberships and no disabled accounts', async () => {
    const official = await officialEntities();
    const enabledCount = fixture.emulator.directory.people.filter(p => !p.disabled).length + fixture.emulator.directory.groups.length;
    const ours = await waitFor('our provider’s first sync processed', async () => {
      const all = [...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))].filter(e => annotation(e, UUID));
      return all.length === enabledCount && all.every(e => e.relations !== undefined) && all;
    });
    const key = (e: Entity) => `${e.kind}:${annotation(e, UUID)}`;
    const refOf = (e: Entity) => `${e.kind.toLowerCase()}:default/${e.metadata.name}`.toLowerCase();
    const oursByKey = new Map(ours.map(e => [key(e), e]));
    const officialRefToOurs = new Map(official.map(e => [refOf(e), oursByKey.get(key(e)) && refOf(oursByKey.get(key(e))!)]));
    const mapRef = (ref: string) => officialRefToOurs.get(ref.toLowerCase()) ?? ref.toLowerCase();
    // Two groups whose official names differ only in case get the same official ref: the official module cannot tell
    // their memberships apart (the catalog keeps one of them); ours names them apart. Those refs are not compared.
    const officialRefCount = new Map<string, number>();
    for (const e of official) officialRefCount.set(refOf(e), (officialRefCount.get(refOf(e)) ?? 0) + 1);
    const unambiguous = (ref: string) => (officialRefCount.get(ref.toLowerCase()) ?? 0) <= 1;

    // The official module keeps disabled (ppolicy-locked) people; ours leaves them out by default.
    const disabledDns = new Set(fixture.emulator.directory.people.filter(p => p.disabled).map(p => p.dn.toLowerCase()));
    const officialEnabled = official.filter(e => !(e.kind === 'User' && disabledDns.has(String(annotation(e, 'backstage.io/ldap-dn')).toLowerCase())));
    expect(official.length - officialEnabled.length).toBe(disabledDns.size);
    expect([...oursByKey.keys()].sort()).toEqual(officialEnabled.map(key).sort());

    let invalidOfficialNames = 0;
    let moreMemberships = 0;
    let twoMails = 0;
    for (const theirs of officialEnabled) {
      const mine = oursByKey.get(key(theirs))!;
      if (isValidEntityName(theirs.metadata.name) && unambiguous(refOf(theirs))) {
        expect(refOf(mine)).toBe(refOf(theirs));
        expect(mine.metadata.title).toBeUndefined();
      } else if (!isValidEntityName(theirs.metadata.name)) {
        invalidOfficialNames++;
        expect(isValidEntityName(mine.metadata.name)).toBe(true);
        expect(mine.metadata.title).toBe(theirs.metadata.name);
      }
      const { [CUSTOM]: custom, ...annotations } = mine.metadata.annotations!;
      expect(annotations).toEqual(theirs.metadata.annotations);
      expect(custom).toBe(theirs.kind === 'Group' ? 'yes' : undefined);
      const myProfile = specOf<{ profile: { email?: string } }>(mine).profile;
      const theirProfile = specOf<{ profile: { email?: string } }>(theirs).profile;
      if (!theirProfile.email && myProfile.email) {
        // Two `mail` values: the official module maps none, ours the first.
        twoMails++;
        expect({ ...myProfile, email: undefined }).toEqual({ ...theirProfile, email: undefined });
      } else {
        expect(myProfile).toEqual(theirProfile);
      }
      expect(mine.metadata.description).toEqual(theirs.metadata.description);
      expect(specOf(mine).type).toEqual(specOf(theirs).type);
      // Ours finds every membership the official module finds, and those it misses (member DNs written with `\,` or `\+`).
      const mineOf = new Set((specOf<{ memberOf?: string[] }>(mine).memberOf ?? []).map(r => r.toLowerCase()));
      const theirsOf = (specOf<{ memberOf?: string[] }>(theirs).memberOf ?? []).filter(unambiguous).map(mapRef);
      // (Two users whose names differ only in case share one official ref, and the official module gives both the union of their groups.)
      if (unambiguous(refOf(theirs))) {
        for (const ref of theirsOf) expect(mineOf).toContain(ref);
        moreMemberships += mineOf.size - theirsOf.length;
      }
      const mineChildren = new Set((specOf<{ children?: string[] }>(mine).children ?? []).map(r => r.toLowerCase()));
      if (unambiguous(refOf(theirs))) {
        for (const ref of (specOf<{ children?: string[] }>(theirs).children ?? []).filter(unambiguous).map(mapRef)) expect(mineChildren).toContain(ref);
      }
    }
    expect(invalidOfficialNames).toBeGreaterThan(10);
    expect(twoMails).toBeGreaterThan(3);
    expect(moreMemberships).toBeGreaterThan(0);
  });
});
