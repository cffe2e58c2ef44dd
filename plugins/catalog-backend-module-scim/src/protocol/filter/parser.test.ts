import { ScimError } from '../base/errors';
import { MAX_FILTER_DEPTH, parseFilter } from './parser';

function filterError(text: string): ScimError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseFilter', () => {
  it('parses the lookups Entra ID and Okta send before creating a user or group', () => {
    expect(parseFilter('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"')).toEqual({
      kind: 'compare',
      path: { attribute: 'userName' },
      operator: 'eq',
      value: 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081',
    });
    expect(parseFilter('displayName eq "Test SCIMv2"')).toMatchObject({ path: { attribute: 'displayName' }, value: 'Test SCIMv2' });
    expect(parseFilter('externalId eq "00ujl29u0le5T6Aj10h7"')).toMatchObject({ path: { attribute: 'externalId' } });
  });

  it('reads operators, keywords and literals in any case', () => {
    expect(parseFilter('UserName EQ "a" AND active Eq TRUE Or title PR')).toEqual({
      kind: 'or',
      filters: [
        {
          kind: 'and',
          filters: [
            { kind: 'compare', path: { attribute: 'UserName' }, operator: 'eq', value: 'a' },
            { kind: 'compare', path: { attribute: 'active' }, operator: 'eq', value: true },
          ],
        },
        { kind: 'present', path: { attribute: 'title' } },
      ],
    });
  });

  it('binds and tighter than or, keeps chains flat and honours grouping and not', () => {
    const filter = parseFilter('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")');
    expect(filter).toEqual({
      kind: 'and',
      filters: [
        { kind: 'compare', path: { attribute: 'userType' }, operator: 'ne', value: 'Employee' },
        {
          kind: 'not',
          filter: {
            kind: 'or',
            filters: [
              { kind: 'compare', path: { attribute: 'emails' }, operator: 'co', value: 'example.com' },
              { kind: 'compare', path: { attribute: 'emails', subAttribute: 'value' }, operator: 'co', value: 'example.org' },
            ],
          },
        },
      ],
    });
    expect(parseFilter('a eq 1 and b eq 2 and c eq 3')).toMatchObject({ kind: 'and', filters: [{}, {}, {}] });
  });

  it('parses value paths, sub-attributes and schema-qualified attributes', () => {
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toEqual(workEmailWhose('co', '@example.com'));
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName co "O\'Malley"')).toMatchObject({
      path: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'name', subAttribute: 'familyName' },
    });
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"')).toMatchObject({
      path: { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attribute: 'employeeNumber' },
    });
  });

  it('reads Entra ID\'s emails[type eq "work"].value eq … as one value filter', () => {
    expect(parseFilter('emails[type eq "work"].value eq "ryan@contoso.com"')).toEqual(workEmailWhose('eq', 'ryan@contoso.com'));
  });

  it('reads strings with escapes, numbers, booleans and null', () => {
    expect(parseFilter('displayName eq "say \\"hi\\" \\u00e9\\\\"')).toMatchObject({ value: 'say "hi" é\\' });
    expect(parseFilter('count ge -1.5e2')).toMatchObject({ operator: 'ge', value: -150 });
    expect(parseFilter('active eq false')).toMatchObject({ value: false });
    expect(parseFilter('title eq null')).toMatchObject({ value: null });
  });

  it.each([
    ['', 'expected an attribute at the end'],
    ['userName', 'expected an operator after "userName" at the end'],
    ['userName eq', 'expected a value at the end'],
    ['userName xx "a"', 'expected an operator after "userName" at position 10'],
    ['userName eq "a', 'unexpected """ at position 13'],
    ['userName eq "\\q"', 'malformed string at position 13'],
    ['(userName eq "a"', 'expected ")" at the end'],
    ['userName eq "a")', 'unexpected input at position 16'],
    ['not userName eq "a"', 'expected "(" at position 5'],
    ['emails[type eq "work"', 'expected "]" at the end'],
    ['emails[addresses[type eq "a"]]', 'a value filter cannot contain another'],
    ['active gt true', '"gt" does not compare booleans'],
    ['title lt null', '"lt" does not compare null'],
    ['user#name eq "a"', 'unexpected "#" at position 5'],
    ['1abc eq "a"', 'expected an attribute at position 1'],
  ])('refuses %j with invalidFilter (%s)', (text, detail) => {
    const error = filterError(text);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter', detail });
  });

  it('refuses a filter nested 1,000 deep without overflowing the stack', () => {
    const deep = `${'('.repeat(1000)}userName eq "a"${')'.repeat(1000)}`;
    expect(filterError(deep)).toMatchObject({ scimType: 'invalidFilter', detail: `a filter nests at most ${MAX_FILTER_DEPTH} levels` });
    const nots = `${'not ('.repeat(1000)}userName eq "a"${')'.repeat(1000)}`;
    expect(filterError(nots).scimType).toBe('invalidFilter');
    const allowed = `${'('.repeat(MAX_FILTER_DEPTH - 1)}userName eq "a"${')'.repeat(MAX_FILTER_DEPTH - 1)}`;
    expect(parseFilter(allowed)).toMatchObject({ kind: 'compare' });
  });

  it('refuses an oversized filter before reading it', () => {
    expect(filterError(`userName eq "${'a'.repeat(5000)}"`).detail).toBe('a filter is at most 4096 characters');
  });
});

/** The value filter `emails[type eq "work" and value <operator> "<value>"]` as the parser gives it. */
function workEmailWhose(operator: string, value: string) {
  return {
    kind: 'valuePath',
    path: { attribute: 'emails' },
    filter: {
      kind: 'and',
      filters: [
        { kind: 'compare', path: { attribute: 'type' }, operator: 'eq', value: 'work' },
        { kind: 'compare', path: { attribute: 'value' }, operator, value },
      ],
    },
  };
}
