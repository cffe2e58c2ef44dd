import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../base/urns';
import { resolveAttribute } from './resolveAttribute';
import { groupResourceType, userResourceType } from './resourceTypes';

describe('resolveAttribute', () => {
  it('finds core, common and sub-attributes whatever their case', () => {
    expect(resolveAttribute(userResourceType, { attribute: 'USERNAME' })?.definition.name).toBe('userName');
    expect(resolveAttribute(userResourceType, { attribute: 'id' })?.definition.mutability).toBe('readOnly');
    expect(resolveAttribute(userResourceType, { schema: USER_SCHEMA, attribute: 'name', subAttribute: 'givenname' })?.subDefinition?.name).toBe(
      'givenName',
    );
    expect(resolveAttribute(groupResourceType, { attribute: 'members', subAttribute: 'value' })?.subDefinition?.mutability).toBe('immutable');
  });

  it("finds the enterprise extension's attributes only under its URN", () => {
    expect(resolveAttribute(userResourceType, { schema: ENTERPRISE_USER_SCHEMA.toUpperCase(), attribute: 'department' })).toEqual({
      extension: ENTERPRISE_USER_SCHEMA,
      definition: expect.objectContaining({ name: 'department' }),
    });
    expect(resolveAttribute(userResourceType, { attribute: 'department' })).toBeUndefined();
    expect(resolveAttribute(groupResourceType, { schema: ENTERPRISE_USER_SCHEMA, attribute: 'department' })).toBeUndefined();
  });

  it('knows nothing else', () => {
    expect(resolveAttribute(userResourceType, { attribute: 'favouriteColour' })).toBeUndefined();
    expect(resolveAttribute(userResourceType, { attribute: 'name', subAttribute: 'nickname' })).toBeUndefined();
    expect(resolveAttribute(userResourceType, { schema: 'urn:example:unknown', attribute: 'userName' })).toBeUndefined();
  });
});
