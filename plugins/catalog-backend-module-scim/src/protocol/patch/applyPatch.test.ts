import { ScimError } from '../base/errors';
import type { JsonObject } from '../base/json';
import { groupResourceType, userResourceType } from '../schemas/resourceTypes';
import { applyPatch } from './applyPatch';
import { parsePatchRequest } from './patchRequest';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The user Entra ID's guide creates (POST /Users), as stored. */
const entraUser = (): JsonObject => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '48af03ac28ad4fb88478',
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
  active: true,
  emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
  meta: { resourceType: 'User', created: '2018-03-27T19:59:26.000Z', lastModified: '2018-03-27T19:59:26.000Z' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
  [ENTERPRISE]: { department: 'Tour Operations' },
});

/** The group Okta's guide creates, with one member. */
const oktaGroup = (): JsonObject => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Test SCIMv2',
  members: [{ value: 'b1c794f24f4c49f4b5d503a4cb2686ea', display: 'SCIM 2 Group A' }],
  meta: { resourceType: 'Group' },
});

function patch(resource: JsonObject, operations: unknown[], type = userResourceType): JsonObject {
  return applyPatch(resource, parsePatchRequest({ schemas: [PATCH_OP], Operations: operations }), type);
}

function refusal(resource: JsonObject, operations: unknown[], type = userResourceType): ScimError {
  try {
    patch(resource, operations, type);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('applied');
}

describe('applyPatch: Entra ID', () => {
  it('updates multi-valued and single-valued properties', () => {
    const user = patch(entraUser(), [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
    ]);
    expect(user.emails).toEqual([{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }]);
    expect(user.name).toEqual({ formatted: 'givenName familyName', familyName: 'updatedFamilyName', givenName: 'givenName' });
    expect(user.userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
  });

  it('disables a user with a boolean or with the string "False"', () => {
    expect(patch(entraUser(), [{ op: 'Replace', path: 'active', value: false }]).active).toBe(false);
    expect(patch(entraUser(), [{ op: 'Replace', path: 'active', value: 'False' }]).active).toBe(false);
    expect(patch(entraUser(), [{ op: 'Add', value: { active: 'True' } }]).active).toBe(true);
  });

  it('adds a work email through its filtered path when the user has none', () => {
    const user = patch({ ...entraUser(), emails: [] }, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'ryan@contoso.com' }]);
    expect(user.emails).toEqual([{ type: 'work', value: 'ryan@contoso.com' }]);
  });

  it("sets the enterprise extension's manager and department through URN-prefixed paths", () => {
    const user = patch(entraUser(), [
      { op: 'Add', path: `${ENTERPRISE}:manager`, value: '2819c223-7f76-453a-919d-413861904646' },
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
    ]);
    expect(user[ENTERPRISE]).toEqual({ department: 'Sales', manager: { value: '2819c223-7f76-453a-919d-413861904646' } });
    const removed = patch(user, [
      { op: 'Remove', path: `${ENTERPRISE}:manager` },
      { op: 'Remove', path: `${ENTERPRISE}:department` },
    ]);
    expect(removed[ENTERPRISE]).toBeUndefined();
    expect(removed.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
  });

  it('takes a path naming the whole enterprise extension', () => {
    const user = patch(entraUser(), [{ op: 'replace', path: ENTERPRISE, value: { costCenter: '4130' } }]);
    expect(user[ENTERPRISE]).toEqual({ department: 'Tour Operations', costCenter: '4130' });
  });

  it('creates the extension object and lists its schema when the first extension attribute arrives', () => {
    const { [ENTERPRISE]: _extension, ...plain } = entraUser();
    const user = patch({ ...plain, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] }, [
      { op: 'add', value: { [ENTERPRISE]: { employeeNumber: '701984' }, 'name.givenName': 'Barbara' } },
    ]);
    expect(user[ENTERPRISE]).toEqual({ employeeNumber: '701984' });
    expect(user.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
    expect(user.name).toMatchObject({ givenName: 'Barbara' });
  });

  it('adds attributes named by paths in a no-path value, filtered ones included', () => {
    const user = patch({ ...entraUser(), emails: [] }, [
      {
        op: 'add',
        value: {
          'name.givenName': 'John',
          'name.familyName': 'Doe',
          'emails[type eq "work"].value': 'john@contoso.com',
          'phoneNumbers[type eq "mobile"].value': '+1 555 0100',
        },
      },
    ]);
    expect(user).toMatchObject({
      name: { givenName: 'John', familyName: 'Doe' },
      emails: [{ type: 'work', value: 'john@contoso.com' }],
      phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
    });
  });

  it('renames a group and adds and removes members as value lists', () => {
    const renamed = patch(oktaGroup(), [{ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }], groupResourceType);
    expect(renamed.displayName).toBe('1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName');
    const added = patch(oktaGroup(), [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }], groupResourceType);
    expect(added.members).toEqual([
      { value: 'b1c794f24f4c49f4b5d503a4cb2686ea', display: 'SCIM 2 Group A' },
      { value: 'f648f8d5ea4e4cd38e9c' },
    ]);
    const removed = patch(added, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'b1c794f24f4c49f4b5d503a4cb2686ea' }] }], groupResourceType);
    expect(removed.members).toEqual([{ value: 'f648f8d5ea4e4cd38e9c' }]);
  });
});

describe('applyPatch: Okta', () => {
  it('deactivates a user with a no-path replace', () => {
    expect(patch(entraUser(), [{ op: 'replace', value: { active: false } }]).active).toBe(false);
  });

  it('renames a group with a no-path replace that repeats its id', () => {
    const group = patch(oktaGroup(), [{ op: 'replace', value: { id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Test SCIMv3' } }], groupResourceType);
    expect(group).toMatchObject({ id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Test SCIMv3' });
  });

  it('adds, removes and replaces members', () => {
    const added = patch(oktaGroup(), [{ op: 'add', path: 'members', value: [{ value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }] }], groupResourceType);
    expect(added.members).toHaveLength(2);
    const again = patch(added, [{ op: 'add', path: 'members', value: [{ value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }] }], groupResourceType);
    expect(again.members).toEqual(added.members);
    const removed = patch(added, [{ op: 'remove', path: 'members[value eq "b1c794f24f4c49f4b5d503a4cb2686ea"]' }], groupResourceType);
    expect(removed.members).toEqual([{ value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }]);
    const replaced = patch(added, [{ op: 'replace', path: 'members', value: [{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'test.user@okta.local' }] }], groupResourceType);
    expect(replaced.members).toEqual([{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'test.user@okta.local' }]);
    const emptied = patch(removed, [{ op: 'remove', path: 'members[value eq "23a35c27-23d3-4c03-b4c5-6443c09e7173"]' }], groupResourceType);
    expect(emptied.members).toBeUndefined();
  });
});

describe('applyPatch: RFC 7644 §3.5.2', () => {
  it('keeps one primary value and removes a sub-attribute of filtered values', () => {
    const user = patch(entraUser(), [{ op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home', primary: true }] }]);
    expect(user.emails).toEqual([
      { primary: false, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ]);
    const withoutType = patch(user, [{ op: 'remove', path: 'emails[value ew "jensen.org"].type' }]);
    expect(withoutType.emails).toContainEqual({ value: 'babs@jensen.org', primary: true });
  });

  it('reads attribute names in any case and stores them as the schema spells them', () => {
    const user = patch({ ...entraUser(), Title: 'Guide' }, [
      { op: 'replace', path: 'ACTIVE', value: false },
      { op: 'replace', path: 'NAME.GIVENNAME', value: 'Barbara' },
      { op: 'replace', path: 'title', value: 'Tour Guide' },
      { op: 'add', path: 'EMAILS[TYPE EQ "WORK"].VALUE', value: 'babs@example.com' },
    ]);
    expect(user).toMatchObject({ active: false, title: 'Tour Guide', name: { givenName: 'Barbara' } });
    expect(user).not.toHaveProperty('Title');
    expect(user).not.toHaveProperty('ACTIVE');
    expect(user.emails).toEqual([{ primary: true, type: 'work', value: 'babs@example.com' }]);
  });

  it('merges a complex value and unassigns with null', () => {
    const user = patch(entraUser(), [
      { op: 'replace', path: 'name', value: { givenName: 'Barbara', formatted: null } },
      { op: 'replace', path: 'title', value: 'Tour Guide' },
      { op: 'replace', path: 'title', value: null },
    ]);
    expect(user.name).toEqual({ familyName: 'familyName', givenName: 'Barbara' });
    expect(user).not.toHaveProperty('title');
  });

  it('accepts a password and does not keep it', () => {
    const user = patch(entraUser(), [{ op: 'replace', path: 'password', value: 't1meMa$heen' }, { op: 'add', value: { password: 'other' } }]);
    expect(user).toEqual(entraUser());
  });

  it('applies 10,000 members in one request', () => {
    const members = Array.from({ length: 10_000 }, (_, i) => ({ value: `user-${i}`, display: `User ${i}` }));
    const group = patch(oktaGroup(), [{ op: 'add', path: 'members', value: members }], groupResourceType);
    expect(group.members).toHaveLength(10_001);
    const removed = patch(group, [{ op: 'remove', path: 'members', value: members }], groupResourceType);
    expect(removed.members).toEqual(oktaGroup().members);
  });

  it.each<[string, unknown[], string, string]>([
    ['an unknown attribute', [{ op: 'add', path: 'favouriteColour', value: 'blue' }], 'invalidPath', '"favouriteColour" is not an attribute of a User'],
    ['an unknown sub-attribute', [{ op: 'replace', path: 'name.nickname', value: 'x' }], 'invalidPath', '"name.nickname" is not an attribute of a User'],
    ['an unknown extension', [{ op: 'add', path: 'urn:example:custom:2.0:User:badge', value: '1' }], 'invalidPath', '"urn:example:custom:2.0:User:badge" is not an attribute of a User'],
    ['an unknown value sub-attribute', [{ op: 'replace', path: 'emails[type eq "work"].label', value: 'x' }], 'invalidPath', 'emails has no sub-attribute "label"'],
    ['a sub-attribute of a multi-valued attribute', [{ op: 'replace', path: 'emails.value', value: 'x' }], 'invalidPath', 'emails is multi-valued: select its values with a filter, e.g. emails[type eq "work"]'],
    ['a filter on a single value', [{ op: 'replace', path: 'name[givenName eq "a"]', value: {} }], 'invalidPath', 'name is not multi-valued: it takes no value filter'],
    ['a remove without a path', [{ op: 'remove' }], 'noTarget', 'a remove operation needs a path'],
    ['a replace whose filter matches nothing', [{ op: 'replace', path: 'emails[type eq "home"].value', value: 'x' }], 'noTarget', 'no value of emails matches the filter'],
    ['an add whose filter describes no value', [{ op: 'add', path: 'emails[type co "h"].value', value: 'x' }], 'noTarget', 'no value of emails matches the filter, and it does not describe one to add'],
    ['a changed id', [{ op: 'replace', path: 'id', value: 'mine' }], 'mutability', 'id is read-only'],
    ['a changed id in a no-path value', [{ op: 'replace', value: { id: 'mine' } }], 'mutability', 'id is read-only'],
    ['a removed meta', [{ op: 'remove', path: 'meta' }], 'mutability', 'meta is read-only'],
    ['a changed meta.lastModified', [{ op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' }], 'mutability', 'meta.lastModified is read-only'],
    ["a user's groups", [{ op: 'add', path: 'groups', value: [{ value: 'g' }] }], 'mutability', 'groups is read-only'],
    ['a removed userName', [{ op: 'remove', path: 'userName' }], 'mutability', 'userName is required'],
    ['a userName replaced by null', [{ op: 'replace', value: { userName: null } }], 'mutability', 'userName is required'],
    ['a boolean that is not one', [{ op: 'replace', path: 'active', value: 'maybe' }], 'invalidValue', 'active takes a boolean value'],
    ['a number for a string', [{ op: 'replace', path: 'userName', value: 42 }], 'invalidValue', 'userName takes a string value'],
    ['an unknown sub-attribute in a value', [{ op: 'add', path: 'emails', value: [{ value: 'a@b.c', colour: 'red' }] }], 'invalidValue', 'emails has no sub-attribute "colour"'],
    ['a no-path value that is not an object', [{ op: 'replace', value: false }], 'invalidValue', 'replace without a path takes an object of attributes'],
  ])('refuses %s', (_case, operations, scimType, detail) => {
    expect(refusal(entraUser(), operations)).toMatchObject({ status: 400, scimType, detail });
  });

  it("refuses to remove a group's displayName", () => {
    expect(refusal(oktaGroup(), [{ op: 'remove', path: 'displayName' }], groupResourceType)).toMatchObject({ scimType: 'mutability', detail: 'displayName is required' });
  });

  it('refuses an immutable member value change', () => {
    const operations = [{ op: 'replace', path: 'members[value eq "b1c794f24f4c49f4b5d503a4cb2686ea"].value', value: 'other' }];
    expect(refusal(oktaGroup(), operations, groupResourceType)).toMatchObject({ scimType: 'mutability' });
  });

  it('changes nothing when a later operation fails', () => {
    const user = entraUser();
    const before = structuredClone(user);
    expect(refusal(user, [{ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'id', value: 'x' }]).scimType).toBe('mutability');
    expect(user).toEqual(before);
  });
});
