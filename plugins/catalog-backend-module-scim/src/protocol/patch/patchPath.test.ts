import { formatPatchPath, parsePatchPath } from './patchPath';

describe('parsePatchPath', () => {
  it('reads attribute paths, filtered paths and a sub-attribute after the filter', () => {
    expect(parsePatchPath('name.familyName')).toEqual({ attribute: { attribute: 'name', subAttribute: 'familyName' } });
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      attribute: { attribute: 'members' },
      valueFilter: { kind: 'compare', path: { attribute: 'value' }, operator: 'eq', value: '2819c223-7f76-453a-919d-413861904646' },
    });
    expect(parsePatchPath('addresses[type eq "work"].streetAddress')).toMatchObject({ valueSubAttribute: 'streetAddress' });
    expect(parsePatchPath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager')).toEqual({
      attribute: { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attribute: 'manager' },
    });
  });

  it.each([
    ['', '"" is not an attribute path'],
    ['"userName"', '""userName"" is not an attribute path'],
    ['userName eq "a"', 'unexpected input at position 10'],
    ['name.givenName[value eq "a"]', 'a value filter applies to a multi-valued attribute, not "name.givenName"'],
    ['emails[type eq "work"].value.x', '".value.x" is not a sub-attribute'],
    ['emails[type eq "work"] value', '"value" is not a sub-attribute'],
    ['emails[type eq "work"', 'expected "]" at the end'],
    ['emails[type]', 'expected an operator after "type" at position 12'],
    ['emails[type eq "work" or', 'expected an attribute at the end'],
    [`emails[${'('.repeat(100)}type eq "work"${')'.repeat(100)}]`, 'a filter nests at most 32 levels'],
  ])('refuses %j with invalidPath', (text, detail) => {
    expect(() => parsePatchPath(text)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath', detail }));
  });

  it('formats a path for error details without repeating the filter', () => {
    expect(formatPatchPath(parsePatchPath('emails[type eq "work"].value'))).toBe('emails[…].value');
    expect(formatPatchPath(parsePatchPath('members[value eq "a"]'))).toBe('members[…]');
    expect(formatPatchPath(parsePatchPath('name.givenName'))).toBe('name.givenName');
  });
});
