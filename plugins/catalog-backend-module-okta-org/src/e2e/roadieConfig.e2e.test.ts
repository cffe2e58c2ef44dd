import { createBackendModule } from '@backstage/backend-plugin-api';
import { startOktaEmulator } from '@orgsync/idp-emulators';
import { installedModule, useOrgSyncFixture, waitFor } from '@orgsync/test-utils';
import '../__testing__/harness';
import catalogModuleOktaOrg, { oktaOrgEntityProviderTransformsExtensionPoint, providerIdFromOrgUrl } from '../index';

describe("Okta org module with Roadie's array config and transformers from another module", () => {
  const transforms = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'okta-org-transforms',
    register(env) {
      env.registerInit({
        deps: { transforms: oktaOrgEntityProviderTransformsExtensionPoint },
        async init({ transforms }) {
          transforms.setUserTransformer((entity, oktaUser) => ({
            ...entity,
            metadata: { ...entity.metadata, annotations: { ...entity.metadata.annotations, 'example.com/title': String(oktaUser.profile?.title) } },
          }));
          transforms.setGroupTransformer((entity, oktaGroup) => (oktaGroup.profile?.name?.startsWith('Billing') ? undefined : entity));
        },
      });
    },
  });
  const fixture = useOrgSyncFixture({
    module: installedModule('okta'),
    features: () => [catalogModuleOktaOrg, transforms],
    emulator: () => startOktaEmulator({ generate: { users: 80, groups: 10, seed: 9, hostileShare: 0 } }),
    providers: okta => [
      {
        orgUrl: okta.info.orgUrl,
        token: okta.info.token,
        userFilter: 'profile.department eq "Engineering"',
        groupFilter: 'type eq "OKTA_GROUP"',
        schedule: { frequency: { seconds: 2 }, timeout: { minutes: 1 }, initialDelay: { seconds: 0 } },
      },
    ],
  });

  it('syncs on its schedule under an id derived from the org host, with the search filters and transformers applied', async () => {
    const id = providerIdFromOrgUrl(fixture.emulator.info.orgUrl);
    expect(id).toMatch(/^127-0-0-1-\d+$/);
    // The filtered search returns every status; the default statuses still leave DEPROVISIONED out.
    const engineers = fixture.emulator.org.users().filter(u => u.profile.department === 'Engineering' && u.status !== 'DEPROVISIONED');
    const groups = fixture.emulator.org.groups().filter(g => g.type === 'OKTA_GROUP' && !g.profile.name.startsWith('Billing'));
    expect(engineers.length).toBeGreaterThan(3);
    expect(groups.length).toBeLessThan(fixture.emulator.org.groups().length);

    const entities = await waitFor('the scheduled sync', async () => {
      const all = await fixture.catalog.managedBy(`org-sync:okta:${id}`);
      return all.length === engineers.length + groups.length && all;
    });
    const users = entities.filter(e => e.kind === 'User');
    expect(users.map(u => u.metadata.annotations!['okta.com/user-id']).sort()).toEqual(engineers.map(u => u.id).sort());
    for (const user of users) {
      const source = engineers.find(u => u.id === user.metadata.annotations!['okta.com/user-id'])!;
      expect(user.metadata.annotations!['example.com/title']).toBe(String(source.profile.title));
    }
    const groupIds = entities.filter(e => e.kind === 'Group').map(g => g.metadata.annotations!['okta.com/group-id']);
    expect(groupIds.sort()).toEqual(groups.map(g => g.id).sort());
  });
});
