import { readResourceBody } from './resourceBody';
import { groupResourceType, userResourceType } from '../schemas/resourceTypes';
import { entraCreateGroup, entraCreateUser, oktaCreateUser } from '../../__testing__/guideRequests';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('readResourceBody', () => {
  it("reads Entra ID's create-user request", () => {
    const request = entraCreateUser();
    const user = readResourceBody(request, userResourceType);
    // The client's meta and the empty roles go; the enterprise URN goes too, as the body holds no enterprise attribute.
    const { meta: _meta, roles: _roles, ...kept } = request;
    expect(user).toEqual({ ...kept, schemas: [USER] });
  });

  it("reads Okta's create-user request, ignoring its read-only groups and not keeping its password", () => {
    const user = readResourceBody(oktaCreateUser(), userResourceType);
    expect(user).toMatchObject({ userName: 'test.user@okta.local', locale: 'en-US', active: true });
    expect(user).not.toHaveProperty('groups');
    expect(user).not.toHaveProperty('password');
  });

  it("reads Entra ID's create-group request, dropping the Microsoft schema URN", () => {
    const group = readResourceBody(entraCreateGroup(), groupResourceType);
    expect(group).toEqual({ schemas: [GROUP], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'displayName' });
  });

  it('ignores an id and meta the client sends: they are the service provider\'s', () => {
    const group = readResourceBody({ schemas: [GROUP], id: 'chosen-by-client', displayName: 'Tour Guides', meta: { created: '2000-01-01T00:00:00Z' } }, groupResourceType);
    expect(group).toEqual({ schemas: [GROUP], displayName: 'Tour Guides' });
  });

  it('keeps the enterprise extension and shapes values as the schema spells them', () => {
    const user = readResourceBody(
      { schemas: [USER, ENTERPRISE], USERNAME: 'bjensen', Active: 'False', [ENTERPRISE.toLowerCase()]: { Department: 'Tour Operations', manager: 'm1' } },
      userResourceType,
    );
    expect(user).toEqual({ schemas: [USER, ENTERPRISE], userName: 'bjensen', active: false, [ENTERPRISE]: { department: 'Tour Operations', manager: { value: 'm1' } } });
  });

  it.each<[string, unknown, string, string]>([
    ['a list', [], 'invalidSyntax', 'a User is a JSON object'],
    ['no schemas', { userName: 'a' }, 'invalidSyntax', `a User's schemas lists ${USER}`],
    ['an unknown attribute', { schemas: [USER], userName: 'a', favouriteColour: 'blue' }, 'invalidSyntax', 'User has no attribute "favouriteColour"'],
    ['an unknown extension attribute', { schemas: [USER], userName: 'a', [ENTERPRISE]: { badge: '1' } }, 'invalidSyntax', `${ENTERPRISE} has no attribute "badge"`],
    ['an unknown extension', { schemas: [USER], userName: 'a', 'urn:example:custom:2.0:User': { badge: '1' } }, 'invalidSyntax', 'User has no attribute "urn:example:custom:2.0:User"'],
    ['no userName', { schemas: [USER], displayName: 'Babs' }, 'invalidValue', 'a User needs a userName'],
    ['an empty userName', { schemas: [USER], userName: '' }, 'invalidValue', 'a User needs a userName'],
    ['a wrong type', { schemas: [USER], userName: 'a', active: 'yes' }, 'invalidValue', 'active takes a boolean value'],
  ])('refuses %s', (_case, body, scimType, detail) => {
    expect(() => readResourceBody(body, userResourceType)).toThrow(expect.objectContaining({ status: 400, scimType, detail }));
  });

  it('refuses a group without a displayName', () => {
    expect(() => readResourceBody({ schemas: [GROUP], members: [] }, groupResourceType)).toThrow(
      expect.objectContaining({ scimType: 'invalidValue', detail: 'a Group needs a displayName' }),
    );
  });
});
