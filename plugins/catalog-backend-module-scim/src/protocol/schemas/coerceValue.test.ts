import { definitionNamed } from './resolveAttribute';
import { enterpriseUserSchema } from './enterpriseUserSchema';
import { groupSchema } from './groupSchema';
import { userSchema } from './userSchema';
import { coerceValue } from './coerceValue';

const attribute = (name: string) => {
  const definition = definitionNamed([...userSchema.attributes, ...groupSchema.attributes, ...enterpriseUserSchema.attributes], name);
  if (!definition) throw new Error(`no attribute ${name}`);
  return definition;
};

describe('coerceValue', () => {
  it('reads booleans sent as strings in any case', () => {
    expect(coerceValue(attribute('active'), 'False')).toBe(false);
    expect(coerceValue(attribute('active'), 'TRUE')).toBe(true);
    expect(coerceValue(attribute('emails'), [{ value: 'a@b.c', primary: 'True' }])).toEqual([{ value: 'a@b.c', primary: true }]);
  });

  it('wraps a single value of a multi-valued attribute and a bare value of a complex one', () => {
    expect(coerceValue(attribute('members'), { value: 'u1' })).toEqual([{ value: 'u1' }]);
    expect(coerceValue(attribute('members'), { value: 'u1' }, true)).toEqual({ value: 'u1' });
    expect(coerceValue(attribute('manager'), '2819c223')).toEqual({ value: '2819c223' });
    expect(coerceValue(attribute('members'), ['u1', 'u2'])).toEqual([{ value: 'u1' }, { value: 'u2' }]);
  });

  it("spells sub-attributes as the schema does and keeps null to unassign", () => {
    expect(coerceValue(attribute('name'), { GivenName: 'Barbara', middleName: null })).toEqual({ givenName: 'Barbara', middleName: null });
    expect(coerceValue(attribute('members'), [{ $ref: null, Value: 'u1' }])).toEqual([{ $ref: null, value: 'u1' }]);
    expect(coerceValue(attribute('title'), null)).toBeNull();
  });

  it.each([
    ['active', 'no', 'active takes a boolean value'],
    ['userName', 42, 'userName takes a string value'],
    ['userName', { value: 'a' }, 'userName takes a string value'],
    ['name', 'Barbara', 'name takes an object'],
    ['addresses', [{ street: 'Main St' }], 'addresses has no sub-attribute "street"'],
    ['emails', [['a@b.c']], 'emails takes an object'],
  ])('refuses %s = %j with invalidValue', (name, value, detail) => {
    expect(() => coerceValue(attribute(name), value)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue', detail }));
  });
});
