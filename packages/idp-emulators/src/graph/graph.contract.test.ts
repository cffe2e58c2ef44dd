import { GraphError as SdkGraphError } from '@microsoft/microsoft-graph-client';
import type { Client } from '@microsoft/microsoft-graph-client';
import { generateOrg } from '../core';
import { graphFixtureFromGeneratedOrg, startGraphEmulator, type GraphEmulator, type GraphFixture } from '.';
import { collectAll, graphClient } from './__fixtures__/clients';

// The Graph JS client v3 + @azure/identity against a generated 3,000-person tenant.
const GENERATE = { seed: 7, users: 3000, groups: 300 };

let emulator: GraphEmulator;
let fixture: GraphFixture;
let client: Client;

beforeAll(async () => {
  fixture = graphFixtureFromGeneratedOrg(generateOrg(GENERATE), { seed: GENERATE.seed });
  emulator = await startGraphEmulator({ fixture });
  client = graphClient(emulator.info);
});

afterAll(() => emulator.close());

async function graphFailure(promise: Promise<unknown>): Promise<SdkGraphError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkGraphError;
  }
  throw new Error('expected the request to fail');
}

describe('listing', () => {
  test('every user, in pages of 999 with absolute https nextLinks', async () => {
    const first = await client.api('/users').select('id,displayName,accountEnabled,userType,mail,userPrincipalName').top(999).get();
    expect(first.value).toHaveLength(999);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${emulator.info.graphBaseUrl}/users\\?.*\\$skiptoken=`));
    expect(first['@odata.context']).toBe(`${emulator.info.graphBaseUrl}/$metadata#users(id,displayName,accountEnabled,userType,mail,userPrincipalName)`);
    const users = await collectAll<{ id: string; accountEnabled: boolean; userType: string; mail: string | null }>(client, first);
    expect(users.map(u => u.id)).toEqual(fixture.users.map(u => u.id));
    expect(users.filter(u => !u.accountEnabled).length).toBe(fixture.users.filter(u => !u.accountEnabled).length);
    expect(users.some(u => u.userType === 'Guest')).toBe(true);
    expect(users.some(u => u.mail === null)).toBe(true);
    expect(Object.keys(users[0]).sort()).toEqual(['accountEnabled', 'displayName', 'id', 'mail', 'userPrincipalName', 'userType']);
  });

  test('default page size is 100 and $top above 999 is refused', async () => {
    const page = await client.api('/users').get();
    expect(page.value).toHaveLength(100);
    expect(Object.keys(page.value[0])).toContain('userPrincipalName');
    expect(Object.keys(page.value[0])).not.toContain('accountEnabled');
    const error = await graphFailure(client.api('/users').top(1000).get());
    expect(error.statusCode).toBe(400);
  });

  test('every group, with securityEnabled / mailEnabled / mail', async () => {
    const groups = await collectAll<Record<string, unknown>>(client, await client.api('/groups').top(999).get());
    expect(groups).toHaveLength(300);
    expect(new Set(groups.map(g => g.id))).toEqual(new Set(fixture.groups.map(g => g.id)));
    for (const group of groups) {
      expect(typeof group.securityEnabled).toBe('boolean');
      expect(typeof group.mailEnabled).toBe('boolean');
      expect(group.mail === null).toBe(!group.mailEnabled);
    }
  });

  test('members of every group through $batch (20 per batch) match the fixture', async () => {
    const ids = fixture.groups.map(g => g.id);
    const seen: Record<string, string[]> = {};
    for (let i = 0; i < ids.length; i += 20) {
      const requests = ids.slice(i, i + 20).map(id => ({ id, method: 'GET', url: `/groups/${id}/members?$select=id&$top=999` }));
      const { responses } = await client.api('/$batch').post({ requests });
      expect(responses).toHaveLength(requests.length);
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(response.body['@odata.nextLink']).toBeUndefined();
        seen[response.id] = response.body.value.map((m: { id: string; '@odata.type': string }) => {
          expect(['#microsoft.graph.user', '#microsoft.graph.group']).toContain(m['@odata.type']);
          return m.id;
        });
      }
    }
    expect(seen).toEqual(fixture.members);
    const counters = emulator.server.counters();
    expect(counters.innerByRoute['GET /v1.0/groups/:id/members']).toBe(300);
  });

  test('a batch of more than 20 requests is refused', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' }));
    const error = await graphFailure(client.api('/$batch').post({ requests }));
    expect(error.statusCode).toBe(400);
  });

  test('nested groups: members include groups, transitiveMembers reach their users, casts split them', async () => {
    const parentId = Object.keys(fixture.members).find(id =>
      fixture.members[id].some(m => fixture.groups.some(g => g.id === m)),
    )!;
    const childIds = fixture.members[parentId].filter(m => fixture.groups.some(g => g.id === m));
    const members = await collectAll<{ id: string; '@odata.type': string }>(client, await client.api(`/groups/${parentId}/members`).get());
    expect(members.filter(m => m['@odata.type'] === '#microsoft.graph.group').map(m => m.id)).toEqual(childIds);
    const users = await client.api(`/groups/${parentId}/members/microsoft.graph.user`).select('id').top(999).get();
    expect(users.value.every((u: { '@odata.type': string }) => u['@odata.type'] === '#microsoft.graph.user')).toBe(true);
    const groups = await client.api(`/groups/${parentId}/members/microsoft.graph.group`).get();
    expect(groups.value.map((g: { id: string }) => g.id)).toEqual(childIds);

    const transitive = await collectAll<{ id: string }>(client, await client.api(`/groups/${parentId}/transitiveMembers`).select('id').top(999).get());
    const expected = new Set<string>();
    const walk = (id: string) => {
      for (const m of fixture.members[id] ?? []) {
        if (expected.has(m)) continue;
        expected.add(m);
        walk(m);
      }
    };
    walk(parentId);
    expect(new Set(transitive.map(t => t.id))).toEqual(expected);
  });
});

describe('query options', () => {
  test('$filter on accountEnabled, userType, startswith, combined with and', async () => {
    const disabled = await collectAll<{ accountEnabled: boolean }>(
      client,
      await client.api('/users').filter('accountEnabled eq false').select('id,accountEnabled').top(999).get(),
    );
    expect(disabled.length).toBe(fixture.users.filter(u => !u.accountEnabled).length);
    const guests = await client.api('/users').filter("userType eq 'Guest' and accountEnabled eq true").top(999).get();
    expect(guests.value.length).toBe(fixture.users.filter(u => u.userType === 'Guest' && u.accountEnabled).length);
    const ada = await client.api('/users').filter("startswith(displayName,'ada')").top(999).get();
    expect(ada.value.length).toBe(fixture.users.filter(u => u.displayName!.toLowerCase().startsWith('ada')).length);
    expect(ada.value.length).toBeGreaterThan(0);
    const security = await client.api('/groups').filter('securityEnabled eq true and mailEnabled eq false').top(999).get();
    expect(security.value.length).toBe(fixture.groups.filter(g => g.securityEnabled && !g.mailEnabled).length);
  });

  test('$search needs ConsistencyLevel: eventual, then matches words of displayName; $count adds @odata.count', async () => {
    const refused = await graphFailure(client.api('/users').search('"displayName:hopper"').get());
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe('Request_UnsupportedQuery');

    const found = await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .search('"displayName:hopper"')
      .count(true)
      .top(999)
      .get();
    const expected = fixture.users.filter(u => /(^|\s)hopper/i.test(u.displayName ?? ''));
    expect(found['@odata.count']).toBe(expected.length);
    expect(found.value.map((u: { id: string }) => u.id)).toEqual(expected.map(u => u.id));
  });

  test('/users/{id} by id and by userPrincipalName; unknown id is 404 Request_ResourceNotFound', async () => {
    const user = fixture.users[5];
    expect((await client.api(`/users/${user.id}`).get()).userPrincipalName).toBe(user.userPrincipalName);
    expect((await client.api(`/users/${encodeURIComponent(user.userPrincipalName)}`).select('id').get()).id).toBe(user.id);
    const error = await graphFailure(client.api('/users/00000000-0000-4000-8000-000000000000').get());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('Request_ResourceNotFound');
  });

  test('photos: bytes for users that have one, 404 ImageNotFound otherwise', async () => {
    const withPhoto = fixture.users.find(u => fixture.photos?.[u.id])!;
    const without = fixture.users.find(u => !fixture.photos?.[u.id])!;
    const bytes: ArrayBuffer = await client.api(`/users/${withPhoto.id}/photo/$value`).responseType('arraybuffer' as never).get();
    expect(Buffer.from(bytes).subarray(1, 4).toString()).toBe('PNG');
    const error = await graphFailure(client.api(`/users/${without.id}/photo/$value`).get());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('ImageNotFound');
  });

  test('/organization names the tenant', async () => {
    const org = await client.api('/organization').get();
    expect(org.value[0].id).toBe(emulator.info.tenantId);
  });
});
