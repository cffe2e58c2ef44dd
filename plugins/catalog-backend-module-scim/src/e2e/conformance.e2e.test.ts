import type { Entity } from '@backstage/catalog-model';
import { waitFor } from '@orgsync/test-utils';
import { noEmulator, providerConfig, scimClientFor, useScimFixture } from '../__testing__/harness';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** RFC 7644's list operations (§3.4.2) through the routes, and nested groups as the catalog's child groups. */
describe('SCIM provider: RFC 7644 lists and nested groups', () => {
  const fixture = useScimFixture({ emulator: noEmulator, providers: () => ({ main: providerConfig() }) });
  const scim = () => scimClientFor(fixture.catalog.baseUrl, 'main');
  const list = async (query: string) => (await scim().request('GET', `/Users?${query}`)).body;
  let startedAt = '';

  beforeAll(async () => {
    startedAt = new Date(Date.now() - 1000).toISOString();
    for (const [index, name] of ['amy', 'bob', 'cat', 'dan', 'eve'].entries()) {
      await scim().request('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: `${name}@example.com`,
        displayName: `${name.toUpperCase()} Person`,
        emails: [{ type: 'work', value: `${name}@work.example.com` }],
        ...(index % 2 === 0 ? { title: 'Engineer' } : {}),
      });
    }
  });

  it('pages with startIndex and count, and projects with attributes and excludedAttributes', async () => {
    const page = await list('startIndex=2&count=2');
    expect(page).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.Resources?.map(resource => resource.userName)).toEqual(['bob@example.com', 'cat@example.com']);
    const projected = await list(`attributes=userName&filter=${encodeURIComponent('userName eq "amy@example.com"')}`);
    expect(Object.keys(projected.Resources?.[0] ?? {}).sort()).toEqual(['id', 'schemas', 'userName']);
    const excluded = await list(`excludedAttributes=emails,meta&count=1`);
    expect(excluded.Resources?.[0]).not.toHaveProperty('emails');
    expect(excluded.Resources?.[0]).toHaveProperty('userName');
  });

  it('filters with and, or, not, pr, sw, co, a value path and meta.lastModified', async () => {
    const names = async (filter: string) => (await list(`filter=${encodeURIComponent(filter)}`)).Resources?.map(resource => String(resource.userName).split('@')[0]).sort();
    expect(await names('title pr and not (userName sw "a")')).toEqual(['cat', 'eve']);
    expect(await names('userName eq "bob@example.com" or displayName co "DAN"')).toEqual(['bob', 'dan']);
    expect(await names('emails[type eq "work" and value ew "eve@work.example.com"]')).toEqual(['eve']);
    expect(await names(`meta.lastModified gt "${startedAt}"`)).toHaveLength(5);
    expect(await names(`meta.lastModified lt "${startedAt}"`)).toEqual([]);
  });

  it('lands a group listed as a member of another group as its child group', async () => {
    const parent = await scim().request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Engineering' });
    const child = await scim().request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Platform' });
    const [amy] = (await list(`filter=${encodeURIComponent('userName eq "amy@example.com"')}`)).Resources ?? [];
    await scim().request('PUT', `/Groups/${child.body.id}`, { schemas: [GROUP_SCHEMA], displayName: 'Platform', members: [{ value: amy.id, type: 'User' }] });
    await scim().request('PUT', `/Groups/${parent.body.id}`, { schemas: [GROUP_SCHEMA], displayName: 'Engineering', members: [{ value: child.body.id, type: 'Group' }] });
    const platform = await waitFor(
      'Platform as the child of Engineering',
      async () => {
        const entity = await fixture.catalog.byName('Group', 'default', 'platform');
        return specOf(entity).parent === 'group:default/engineering' && entity;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(specOf(platform).members).toEqual(['user:default/amy']);
    expect(specOf(await fixture.catalog.byName('Group', 'default', 'engineering')).children).toEqual(['group:default/platform']);
  });
});

function specOf(entity: Entity | undefined | false): { parent?: unknown; members?: unknown; children?: unknown } {
  const spec = entity ? entity.spec : undefined;
  return spec ?? {};
}
