import type { JsonObject } from '../base/json';
import { parseAttributeList, projectResource } from './projection';
import { groupResourceType, userResourceType } from '../schemas/resourceTypes';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const user: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223',
  userName: 'bjensen@example.com',
  password: 't1meMa$heen',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'Tour Operations', employeeNumber: '701984' },
  meta: { resourceType: 'User', lastModified: '2011-05-13T04:42:34Z' },
};

const group: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'e9e30dba',
  displayName: 'Tour Guides',
  members: [{ value: '2819c223', display: 'Babs Jensen' }],
};

const project = (resource: JsonObject, attributes?: string, excludedAttributes?: string, type = userResourceType) =>
  projectResource(
    resource,
    {
      ...(attributes === undefined ? {} : { attributes: parseAttributeList(attributes) }),
      ...(excludedAttributes === undefined ? {} : { excludedAttributes: parseAttributeList(excludedAttributes) }),
    },
    type,
  );

describe('projectResource', () => {
  it('never returns the password, and everything else by default', () => {
    const { password: _password, ...shown } = user;
    expect(project(user)).toEqual(shown);
  });

  it('returns only the attributes asked for, with id and schemas, in any case', () => {
    expect(project(user, 'USERNAME,name.givenName,emails.value')).toEqual({
      schemas: user.schemas,
      id: '2819c223',
      userName: 'bjensen@example.com',
      name: { givenName: 'Barbara' },
      emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }],
    });
    expect(project(user, 'id')).toEqual({ schemas: user.schemas, id: '2819c223' });
    expect(project(user, 'password')).toEqual({ schemas: user.schemas, id: '2819c223' });
  });

  it('selects extension attributes by their URN, or the whole extension', () => {
    expect(project(user, `${ENTERPRISE}:department, meta.lastModified`)).toEqual({
      schemas: user.schemas,
      id: '2819c223',
      [ENTERPRISE]: { department: 'Tour Operations' },
      meta: { lastModified: '2011-05-13T04:42:34Z' },
    });
    expect(project(user, ENTERPRISE.toLowerCase())).toEqual({ schemas: user.schemas, id: '2819c223', [ENTERPRISE]: user[ENTERPRISE] });
    expect(project(user, 'urn:ietf:params:scim:schemas:core:2.0:User:userName')).toMatchObject({ userName: 'bjensen@example.com' });
  });

  it("leaves out excluded attributes, as Entra ID asks for groups without members, but never the id", () => {
    const { members: _members, ...withoutMembers } = group;
    expect(project(group, undefined, 'members', groupResourceType)).toEqual(withoutMembers);
    expect(project(user, undefined, `id,emails.type,name,${ENTERPRISE}:employeeNumber`)).toEqual({
      schemas: user.schemas,
      id: '2819c223',
      userName: 'bjensen@example.com',
      emails: [{ value: 'bjensen@example.com', primary: true }, { value: 'babs@jensen.org' }],
      [ENTERPRISE]: { department: 'Tour Operations' },
      meta: user.meta,
    });
    expect(project(user, undefined, ENTERPRISE)).not.toHaveProperty(ENTERPRISE);
  });

  it('refuses a malformed attribute list with invalidValue', () => {
    expect(() => parseAttributeList('userName,na me')).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
  });
});

describe('projectResource and odd keys', () => {
  it('copies a __proto__ key as data, never as the prototype', () => {
    const hostile: JsonObject = JSON.parse('{"id":"1","__proto__":{"polluted":true},"userName":"a"}');
    const shown = project(hostile);
    expect(Object.getPrototypeOf(shown)).toBe(Object.prototype);
    expect(Object.hasOwn(shown, '__proto__')).toBe(true);
    expect(shown.userName).toBe('a');
  });
});
