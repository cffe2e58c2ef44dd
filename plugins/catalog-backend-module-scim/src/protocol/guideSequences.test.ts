import {
  applyPatch,
  groupResourceType,
  listResponse,
  matchesFilter,
  parseListQuery,
  parsePatchRequest,
  parseProjection,
  projectResource,
  readResourceBody,
  userResourceType,
  type JsonObject,
  type ResourceTypeDefinition,
} from './index';
import { entraCreateGroup, entraCreateUser, oktaCreateUser, patchOp } from '../__testing__/guideRequests';

/** The protocol core's part of each exchange, in order; resources are kept in maps here (the module keeps them in the engine's record store). */
class Exchange {
  private readonly stored = { User: new Map<string, JsonObject>(), Group: new Map<string, JsonObject>() };
  private nextId = 1;

  create(body: unknown, type: ResourceTypeDefinition): JsonObject {
    const id = `id-${this.nextId++}`;
    const resource = { ...readResourceBody(body, type), id, meta: { resourceType: type.name } };
    this.stored[type.name].set(id, resource);
    return projectResource(resource, {}, type);
  }

  list(query: Record<string, string>, type: ResourceTypeDefinition) {
    const { filter, startIndex, count, projection } = parseListQuery(query);
    const matching = [...this.stored[type.name].values()].filter(resource => !filter || matchesFilter(resource, filter));
    return listResponse(matching, { startIndex, count }, resource => projectResource(resource, projection, type));
  }

  get(id: string, query: Record<string, string>, type: ResourceTypeDefinition): JsonObject | undefined {
    const resource = this.stored[type.name].get(id);
    return resource && projectResource(resource, parseProjection(query), type);
  }

  patch(id: string, operations: JsonObject[], type: ResourceTypeDefinition): JsonObject {
    const resource = this.stored[type.name].get(id);
    if (!resource) throw new Error(`no ${type.name} ${id}`);
    const patched = applyPatch(resource, parsePatchRequest(patchOp(...operations)), type);
    this.stored[type.name].set(id, patched);
    return projectResource(patched, {}, type);
  }
}

describe("Okta's SCIM 2.0 sequence", () => {
  it('tests the connection, finds no user, creates, deactivates, pushes a group and its members', () => {
    const okta = new Exchange();
    expect(okta.list({ startIndex: '1', count: '2' }, userResourceType)).toMatchObject({ totalResults: 0, Resources: [] });
    expect(okta.list({ filter: 'userName eq "test.user@okta.local"', startIndex: '1', count: '100' }, userResourceType).totalResults).toBe(0);
    const user = okta.create(oktaCreateUser(), userResourceType);
    expect(user).not.toHaveProperty('password');
    expect(okta.list({ filter: 'userName eq "TEST.USER@okta.local"', startIndex: '1', count: '100' }, userResourceType).Resources).toEqual([user]);

    expect(okta.patch(String(user.id), [{ op: 'replace', value: { active: false } }], userResourceType).active).toBe(false);

    expect(okta.list({ filter: 'displayName eq "Test SCIMv2"', startIndex: '1', count: '100' }, groupResourceType).totalResults).toBe(0);
    const group = okta.create({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Test SCIMv2', members: [] }, groupResourceType);
    const groupId = String(group.id);
    okta.patch(groupId, [{ op: 'replace', value: { id: groupId, displayName: 'Test SCIMv2 renamed' } }], groupResourceType);
    okta.patch(groupId, [{ op: 'add', path: 'members', value: [{ value: user.id, display: 'test.user@okta.local' }] }], groupResourceType);
    expect(okta.list({ filter: `members.value eq "${user.id}"` }, groupResourceType).Resources).toMatchObject([{ displayName: 'Test SCIMv2 renamed' }]);
    const emptied = okta.patch(groupId, [{ op: 'remove', path: `members[value eq "${user.id}"]` }], groupResourceType);
    expect(emptied).not.toHaveProperty('members');
  });
});

describe("Entra ID's SCIM sequence", () => {
  it('creates a user and a group, looks them up, updates them and manages members', () => {
    const entra = new Exchange();
    const user = entra.create(entraCreateUser(), userResourceType);
    const userId = String(user.id);
    expect(entra.list({ filter: 'userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"' }, userResourceType).Resources).toEqual([user]);
    expect(entra.list({ filter: 'userName eq "non-existent user"' }, userResourceType)).toMatchObject({ totalResults: 0, itemsPerPage: 0 });
    expect(entra.list({ filter: 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"' }, userResourceType).totalResults).toBe(1);

    entra.patch(
      userId,
      [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
      userResourceType,
    );
    entra.patch(userId, [{ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }], userResourceType);
    const disabled = entra.patch(userId, [{ op: 'Replace', path: 'active', value: 'False' }], userResourceType);
    expect(disabled).toMatchObject({
      userName: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
      active: false,
      emails: [{ type: 'work', value: 'updatedEmail@microsoft.com' }],
      name: { familyName: 'updatedFamilyName' },
    });
    expect(entra.list({ filter: 'emails[type eq "work"].value eq "updatedEmail@microsoft.com"' }, userResourceType).totalResults).toBe(1);

    const group = entra.create(entraCreateGroup(), groupResourceType);
    const groupId = String(group.id);
    expect(entra.list({ excludedAttributes: 'members', filter: 'displayName eq "displayName"' }, groupResourceType).Resources).toEqual([group]);
    entra.patch(groupId, [{ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }], groupResourceType);
    entra.patch(groupId, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: userId }] }], groupResourceType);
    expect(entra.get(groupId, { excludedAttributes: 'members' }, groupResourceType)).not.toHaveProperty('members');
    expect(entra.get(groupId, {}, groupResourceType)).toMatchObject({ members: [{ value: userId }] });
    entra.patch(groupId, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: userId }] }], groupResourceType);
    expect(entra.get(groupId, {}, groupResourceType)).not.toHaveProperty('members');
  });
});
