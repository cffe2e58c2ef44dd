import type { Entity } from '@backstage/catalog-model';
import { waitFor } from '@orgsync/test-utils';
import { GROUP_SCHEMA } from '../protocol';
import { oktaCreateUser, patchOp } from '../__testing__/guideRequests';
import { membersOf, noEmulator, providerConfig, scimClientFor, useScimFixture } from '../__testing__/harness';

/** Okta's requests, as its "SCIM 2.0 protocol reference" shows them, through a real backend and catalog. */
describe('SCIM provider: Okta request sequence', () => {
  const fixture = useScimFixture({ emulator: noEmulator, providers: () => ({ okta: providerConfig({ guard: { enabled: false } }) }) });
  const scim = () => scimClientFor(fixture.catalog.baseUrl, 'okta');
  const entityOf = (kind: string, name: string) => fixture.catalog.byName(kind, 'default', name);
  const until = <T>(what: string, check: () => Promise<T | undefined | false>) => waitFor(what, check, { timeoutMs: 20_000, intervalMs: 100 });

  it('creates, reads, updates with PUT and deactivates a user', async () => {
    const lookup = await scim().request('GET', `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    expect(lookup.body).toMatchObject({ totalResults: 0 });
    const created = await scim().request('POST', '/Users', oktaCreateUser());
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('password');
    const id = created.body.id ?? '';
    expect((await scim().request('GET', `/Users/${id}`)).body).toMatchObject({ id, userName: 'test.user@okta.local', active: true });
    await until('the user in the catalog', () => entityOf('User', 'test.user'));
    const anyCase = await scim().request('GET', `/Users?filter=${encodeURIComponent('userName eq "TEST.User@okta.local"')}`);
    expect(anyCase.body.Resources?.map(resource => resource.id)).toEqual([id]);

    const updated = await scim().request('PUT', `/Users/${id}`, oktaCreateUser({ id, name: { givenName: 'Another', familyName: 'User' }, displayName: 'Another User' }));
    expect(updated.status).toBe(200);
    await until('the new display name', async () => profileOf(await entityOf('User', 'test.user')).displayName === 'Another User');

    const deactivated = await scim().request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }));
    expect(deactivated.body.active).toBe(false);
    await until('the deactivated user gone', async () => (await entityOf('User', 'test.user')) === undefined);
    expect((await scim().request('GET', `/Users/${id}`)).body.active).toBe(false);
  });

  it('pushes a group, renames it with PUT, changes its members with PATCH and deletes it', async () => {
    const [anna, ben] = await Promise.all(
      ['anna', 'ben'].map(async name => (await scim().request('POST', '/Users', oktaCreateUser({ userName: `${name}@okta.local`, externalId: name, emails: [] }))).body.id ?? ''),
    );
    const group = await scim().request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Test SCIMv2', members: [] });
    expect(group.status).toBe(201);
    const id = group.body.id ?? '';
    await until('the empty group', () => entityOf('Group', 'test-scimv2'));

    await scim().request('PATCH', `/Groups/${id}`, patchOp({ op: 'add', path: 'members', value: [{ value: anna, display: 'anna@okta.local' }, { value: ben, display: 'ben@okta.local' }] }));
    await until('two members', async () => membersOf(await entityOf('Group', 'test-scimv2')).join() === 'user:default/anna,user:default/ben');

    await scim().request('PATCH', `/Groups/${id}`, patchOp({ op: 'remove', path: `members[value eq "${anna}"]` }));
    await until('anna removed', async () => membersOf(await entityOf('Group', 'test-scimv2')).join() === 'user:default/ben');

    const renamed = await scim().request('PUT', `/Groups/${id}`, { schemas: [GROUP_SCHEMA], id, displayName: 'Renamed Group', members: [{ value: ben }] });
    expect(renamed.status).toBe(200);
    await until('the renamed group', async () => membersOf(await entityOf('Group', 'renamed-group')).join() === 'user:default/ben');

    expect((await scim().request('DELETE', `/Users/${ben}`)).status).toBe(204);
    expect((await scim().request('GET', `/Groups/${id}`)).body.members).toBeUndefined();
    await until('the group without ben', async () => membersOf(await entityOf('Group', 'renamed-group')).length === 0);

    expect((await scim().request('DELETE', `/Groups/${id}`)).status).toBe(204);
    await until('the group gone', async () => (await entityOf('Group', 'renamed-group')) === undefined);
  });
});

function profileOf(entity: Entity | undefined): { displayName?: unknown } {
  const profile = entity?.spec?.profile;
  return profile && typeof profile === 'object' && !Array.isArray(profile) ? profile : {};
}
