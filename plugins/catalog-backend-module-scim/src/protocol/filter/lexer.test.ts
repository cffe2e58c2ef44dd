import { tokenize } from './lexer';

describe('tokenize', () => {
  it('splits words, strings, numbers and brackets, dropping whitespace', () => {
    expect(tokenize('emails[type eq "work"].value\tge -1.5e3')).toEqual([
      { kind: 'word', text: 'emails', at: 0 },
      { kind: '[', at: 6 },
      { kind: 'word', text: 'type', at: 7 },
      { kind: 'word', text: 'eq', at: 12 },
      { kind: 'string', value: 'work', at: 15 },
      { kind: ']', at: 21 },
      { kind: 'word', text: '.value', at: 22 },
      { kind: 'word', text: 'ge', at: 29 },
      { kind: 'number', value: -1500, at: 32 },
    ]);
  });

  it('reads JSON string escapes and keeps URNs whole', () => {
    expect(tokenize('"a\\"b\\u0041" urn:ietf:params:scim:schemas:core:2.0:User:userName')).toEqual([
      { kind: 'string', value: 'a"bA', at: 0 },
      { kind: 'word', text: 'urn:ietf:params:scim:schemas:core:2.0:User:userName', at: 13 },
    ]);
  });

  it.each([
    ['userName eq "open', 'unexpected """ at position 13'],
    ['"\\x41"', 'malformed string at position 1'],
    ['a & b', 'unexpected "&" at position 3'],
  ])('refuses %j with invalidFilter', (text, detail) => {
    expect(() => tokenize(text)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidFilter', detail }));
  });
});
