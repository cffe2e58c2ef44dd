import { findKey, isJsonObject, isUnassigned, jsonEquals, readKey } from './json';

describe('json helpers', () => {
  it('find keys case-insensitively, preferring the exact spelling', () => {
    expect(findKey({ UserName: 'a' }, 'username')).toBe('UserName');
    expect(findKey({ username: 'a', userName: 'b' }, 'userName')).toBe('userName');
    expect(readKey({ Active: false }, 'active')).toBe(false);
    expect(readKey({}, 'active')).toBeUndefined();
  });

  it('tell objects, unassigned values and equal values', () => {
    expect([isJsonObject({}), isJsonObject([]), isJsonObject(null)]).toEqual([true, false, false]);
    expect([isUnassigned(undefined), isUnassigned(null), isUnassigned([]), isUnassigned(''), isUnassigned(false)]).toEqual([true, true, true, false, false]);
    expect(jsonEquals({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] })).toBe(true);
    expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
  });
});
