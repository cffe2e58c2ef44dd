import { describeOnEachDatabase, waitFor } from '@orgsync/test-utils';
import { USER_SCHEMA } from '../protocol';
import { noEmulator, providerConfig, scimClientFor, useScimFixture } from '../__testing__/harness';

describeOnEachDatabase('SCIM provider state', open => {
  const fixture = useScimFixture({ emulator: noEmulator, database: open, providers: () => ({ main: providerConfig() }) });
  const scim = () => scimClientFor(fixture.catalog.baseUrl, 'main');
  const until = <T>(what: string, check: () => Promise<T | undefined | false>) => waitFor(what, check, { timeoutMs: 20_000, intervalMs: 100 });

  it('holds a burst of deletions with the deletion guard while every SCIM answer succeeds', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const ids = [];
    for (const name of names) ids.push((await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: `${name}@example.com` })).body.id ?? '');
    await fixture.processedEntities({ location: 'org-sync:scim:main', count: names.length });

    for (const id of ids) expect((await scim().request('DELETE', `/Users/${id}`)).status).toBe(204);
    const held = await fixture.waitForRun('main', run => run.outcome === 'guarded');
    expect(held.guard?.removedUsers).toHaveLength(names.length);
    expect((await scim().request('GET', '/Users')).body.totalResults).toBe(0);
    expect(await fixture.catalog.managedBy('org-sync:scim:main')).toHaveLength(names.length);
  });

  it('keeps the resources across a restart on the same database, and applies writes after it', async () => {
    const created = await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'kept@example.com', externalId: 'kept-1' });
    await fixture.restart({ providers: () => ({ main: providerConfig({ guard: { enabled: false } }) }) });
    const after = await scim().request('GET', `/Users?filter=${encodeURIComponent('externalId eq "kept-1"')}`);
    expect(after.body.Resources?.map(resource => resource.id)).toEqual([created.body.id]);
    await scim().request('PATCH', `/Users/${created.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Kept After Restart' }],
    });
    await until('the user written after the restart', async () => {
      const entity = await fixture.catalog.byName('User', 'default', 'kept');
      const profile = entity?.spec?.profile;
      return profile && typeof profile === 'object' && 'displayName' in profile && profile.displayName === 'Kept After Restart';
    });
  });
});
