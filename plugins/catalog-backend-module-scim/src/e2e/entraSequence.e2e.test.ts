import type { Entity } from '@backstage/catalog-model';
import { waitFor } from '@orgsync/test-utils';
import { ANNOTATION_SCIM_EXTERNAL_ID, ANNOTATION_SCIM_ID, ANNOTATION_SCIM_USER_NAME } from '../annotations';
import { ERROR_SCHEMA, USER_SCHEMA } from '../protocol';
import { entraCreateGroup, entraCreateUser, patchOp } from '../__testing__/guideRequests';
import { membersOf, noEmulator, providerConfig, scimClientFor, useScimFixture } from '../__testing__/harness';

/** Entra ID's requests, as Microsoft's "Develop a SCIM endpoint" shows them, through a real backend and catalog. */
describe('SCIM provider: Entra ID request sequence', () => {
  // A handful of people, each removal a large share: the deletion guard is off here (guard.e2e.test.ts has it on).
  const fixture = useScimFixture({ emulator: noEmulator, providers: () => ({ entra: providerConfig({ guard: { enabled: false } }) }) });
  const scim = () => scimClientFor(fixture.catalog.baseUrl, 'entra');

  const entityOf = (kind: string, name: string) => fixture.catalog.byName(kind, 'default', name);
  const until = <T>(what: string, check: () => Promise<T | undefined | false>) => waitFor(what, check, { timeoutMs: 20_000, intervalMs: 100 });

  it('refuses a request without the bearer token, as a SCIM error', async () => {
    const response = await scimClientFor(fixture.catalog.baseUrl, 'entra', 'a-wrong-token-of-some-length').request('GET', '/Users');
    expect(response.status).toBe(401);
    expect(response.contentType).toContain('application/scim+json');
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
    expect(fixture.logger.text()).not.toContain('a-wrong-token-of-some-length');
  });

  it('creates a user Entra ID looked up first, and the catalog gets it with its SCIM annotations', async () => {
    const lookup = await scim().request('GET', `/Users?filter=${encodeURIComponent('userName eq "Test_User_ab6490ee@contoso.com"')}`);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim().request(
      'POST',
      '/Users',
      entraCreateUser({ userName: 'Test_User_ab6490ee@contoso.com', emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@contoso.com' }] }),
    );
    expect(created.status).toBe(201);
    expect(created.contentType).toContain('application/scim+json');
    const entity = await until('the user in the catalog', () => entityOf('User', 'test_user_ab6490ee'));
    expect(entity.metadata.annotations).toMatchObject({
      [ANNOTATION_SCIM_ID]: created.body.id,
      [ANNOTATION_SCIM_EXTERNAL_ID]: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      [ANNOTATION_SCIM_USER_NAME]: 'Test_User_ab6490ee@contoso.com',
    });
    expect(entity.spec).toMatchObject({ profile: { email: 'Test_User_fd0ea19b@contoso.com' } });

    const again = await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'test_user_AB6490EE@contoso.com' });
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
  });

  it('applies Entra ID PATCHes: a capitalised Replace, then active "False" removes the user', async () => {
    const [user] = (await scim().request('GET', `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`)).body.Resources ?? [];
    const renamed = await scim().request('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'displayName', value: 'Ryan Leenay' }));
    expect(renamed.status).toBe(200);
    await until('the new display name', async () => displayNameOf(await entityOf('User', 'test_user_ab6490ee')) === 'Ryan Leenay');

    const deactivated = await scim().request('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    await until('the deactivated user gone from the catalog', async () => (await entityOf('User', 'test_user_ab6490ee')) === undefined);
  });

  it('creates a group with members, adds and removes members, and deletes it', async () => {
    const ids = await Promise.all(
      ['ada', 'grace', 'linus'].map(async name => (await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: `${name}@contoso.com`, active: true })).body.id ?? ''),
    );
    const group = await scim().request('POST', '/Groups', entraCreateGroup({ displayName: 'Platform Team', members: [{ value: ids[0] }] }));
    expect(group.status).toBe(201);
    await until('the group with its first member', async () => membersOf(await entityOf('Group', 'platform-team')).join() === 'user:default/ada');

    const added = await scim().request('PATCH', `/Groups/${group.body.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: ids[1] }, { value: ids[2] }] }));
    expect(added.status).toBe(200);
    await until('three members', async () => membersOf(await entityOf('Group', 'platform-team')).length === 3);

    await scim().request('PATCH', `/Groups/${group.body.id}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: ids[0] }] }));
    await until('ada removed', async () => membersOf(await entityOf('Group', 'platform-team')).join() === 'user:default/grace,user:default/linus');

    expect((await scim().request('DELETE', `/Groups/${group.body.id}`)).status).toBe(204);
    expect((await scim().request('GET', `/Groups/${group.body.id}`)).status).toBe(404);
    await until('the group gone', async () => (await entityOf('Group', 'platform-team')) === undefined);
  });
});

function displayNameOf(entity: Entity | undefined): string | undefined {
  const profile = entity?.spec?.profile;
  return profile && typeof profile === 'object' && 'displayName' in profile ? String(profile.displayName) : undefined;
}
