import { mergeObject, unionValues, withoutNulls, withoutValues } from './multiValues';

describe('unionValues', () => {
  it('adds new values and updates ones with the same value instead of repeating them', () => {
    expect(unionValues([{ value: 'u1', display: 'Old' }], [{ value: 'u1', display: 'New' }, { value: 'u2' }])).toEqual([
      { value: 'u1', display: 'New' },
      { value: 'u2' },
    ]);
    expect(unionValues(['a'], ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('leaves one value primary: the last one added as primary', () => {
    const emails = unionValues([{ value: 'a', primary: true }], [{ value: 'b', primary: true }, { value: 'c' }]);
    expect(emails).toEqual([{ value: 'a', primary: false }, { value: 'b', primary: true }, { value: 'c' }]);
  });

  it('drops null sub-attributes of added values', () => {
    expect(unionValues([], [{ $ref: null, value: 'u1' }])).toEqual([{ value: 'u1' }]);
  });

  it('merges 100,000 values in linear time', () => {
    const existing = Array.from({ length: 100_000 }, (_, i) => ({ value: `u${i}` }));
    const added = Array.from({ length: 100_000 }, (_, i) => ({ value: `u${i + 50_000}` }));
    expect(unionValues(existing, added)).toHaveLength(150_000);
  });
});

describe('withoutValues', () => {
  it('removes the values named by their value', () => {
    expect(withoutValues([{ value: 'u1', display: 'A' }, { value: 'u2' }], [{ value: 'u1' }])).toEqual([{ value: 'u2' }]);
    expect(withoutValues(['a', 'b'], ['b', 'c'])).toEqual(['a']);
  });
});

describe('mergeObject', () => {
  it('sets sub-attributes in the given spelling and removes those set to null', () => {
    expect(mergeObject({ GivenName: 'Babs', familyName: 'Jensen' }, { givenName: 'Barbara', familyName: null })).toEqual({ givenName: 'Barbara' });
  });

  it('withoutNulls drops unassigned sub-attributes', () => {
    expect(withoutNulls({ a: null, b: 'x' })).toEqual({ b: 'x' });
  });
});
