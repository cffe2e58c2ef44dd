import { formatAttributePath, knownSchemaNamed, parseAttributePath } from './attributePath';
import { ScimError } from './errors';

const invalid = (detail: string) => ScimError.badRequest('invalidPath', detail);

describe('parseAttributePath', () => {
  it('splits attribute and sub-attribute', () => {
    expect(parseAttributePath('userName', invalid)).toEqual({ attribute: 'userName' });
    expect(parseAttributePath('name.givenName', invalid)).toEqual({ attribute: 'name', subAttribute: 'givenName' });
    expect(parseAttributePath('members.$ref', invalid)).toEqual({ attribute: 'members', subAttribute: '$ref' });
  });

  it("separates a known schema's URN, whose version has a dot, in any case", () => {
    expect(parseAttributePath('URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager.value', invalid)).toEqual({
      schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      attribute: 'manager',
      subAttribute: 'value',
    });
    expect(parseAttributePath('urn:example:custom:2.0:User:badge', invalid)).toEqual({ schema: 'urn:example:custom:2.0:User', attribute: 'badge' });
  });

  it.each(['', 'a.b.c', '1abc', 'name.', 'user name', 'urn:ietf:params:scim:schemas:core:2.0:User:'])('refuses %j', text => {
    expect(() => parseAttributePath(text, invalid)).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
  });

  it('formats a path back', () => {
    const text = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value';
    expect(formatAttributePath(parseAttributePath(text, invalid))).toBe(text);
  });
});

describe('knownSchemaNamed', () => {
  it('names a whole schema only', () => {
    expect(knownSchemaNamed('urn:ietf:params:scim:schemas:extension:enterprise:2.0:user')).toBe('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
    expect(knownSchemaNamed('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department')).toBeUndefined();
  });
});
