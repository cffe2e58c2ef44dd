import type { JsonObject } from '../base/json';
import { matchesFilter } from './evaluate';
import { parseFilter } from './parser';

/** The full user of RFC 7643 §8.2, trimmed, with the enterprise extension. */
const barbara: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: '701984',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: "O'Malley", givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  userType: 'Employee',
  title: 'Tour Guide',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
  },
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z', version: 'W/"3694e05e9dff591"' },
};

const group: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'Tour Guides',
  members: [{ value: '2819c223-7f76-453a-919d-413861904646', display: 'Babs Jensen' }],
};

const matches = (resource: JsonObject, filter: string) => matchesFilter(resource, parseFilter(filter));

describe('matchesFilter', () => {
  it.each([
    'userName eq "bjensen@example.com"',
    'USERNAME eq "BJensen@Example.com"',
    'externalId eq "701984"',
    'id eq "2819c223-7f76-453a-919d-413861904646"',
    'displayName eq "Babs Jensen"',
    'emails.value eq "babs@jensen.org"',
    'emails co "example.com"',
    'emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work"].value eq "bjensen@example.com"',
    'name.familyName co "O\'Malley"',
    'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName co "O\'Malley"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userName sw "bjen"',
    'userName ew "@example.com"',
    'title pr and userType eq "Employee"',
    'name pr',
    'emails pr',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr',
    'title pr or userType eq "Intern"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Intern" and not (emails co "example.net")',
    'active eq true',
    'nickName eq null',
    'nickName ne "Babs"',
    'meta.lastModified gt "2011-05-13T04:42:33Z"',
    'meta.lastModified gt "2011-05-13T06:42:33+02:01"',
    'meta.lastModified ge "2011-05-13T04:42:34.000Z"',
    'meta.lastModified eq "2011-05-13T06:42:34+02:00"',
    'meta.created lt "2011-01-01T00:00:00Z"',
    'meta.created le "2010-01-23T04:56:22"',
  ])('%s matches Barbara', filter => {
    expect(matches(barbara, filter)).toBe(true);
  });

  it.each([
    'userName eq "someone@example.com"',
    'externalId eq "701984 "',
    'id eq "2819C223-7F76-453A-919D-413861904646"',
    'emails[type eq "home" and value co "@example.com"]',
    'emails[type eq "work"].value eq "babs@jensen.org"',
    'nickName pr',
    'title eq null',
    'userName ne "BJENSEN@example.com"',
    'active eq false',
    'active eq "true"',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified lt "2011-05-13T06:42:34+02:00"',
    'meta.created gt "2010-01-23T04:56:22Z"',
    'not (userName pr)',
    'nickName co "a"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
  ])('%s does not match Barbara', filter => {
    expect(matches(barbara, filter)).toBe(false);
  });

  it('counts a complex value present when any of its sub-attributes is', () => {
    expect(matches({ name: { givenName: '' }, emails: [{ type: 'work' }] }, 'name pr')).toBe(false);
    expect(matches({ name: { givenName: '' }, emails: [{ type: 'work' }] }, 'emails pr')).toBe(true);
    expect(matches({ emails: [{ type: 'work' }] }, 'emails.value pr')).toBe(false);
  });

  it('finds a group by a member', () => {
    expect(matches(group, 'members.value eq "2819c223-7f76-453a-919d-413861904646"')).toBe(true);
    expect(matches(group, 'members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toBe(true);
    expect(matches(group, 'members.value eq "902c246b-6245-4190-8e05-00816be7344a"')).toBe(false);
    expect(matches({ ...group, members: [] }, 'members pr')).toBe(false);
  });

  it('orders strings and numbers', () => {
    expect(matches({ userName: 'b', count: 3 }, 'userName gt "A" and userName lt "c" and count ge 3 and count lt 3.5')).toBe(true);
    expect(matches({ userName: 'b', count: 3 }, 'count gt 3')).toBe(false);
    expect(matches({ count: '3' }, 'count eq 3')).toBe(false);
  });
});
