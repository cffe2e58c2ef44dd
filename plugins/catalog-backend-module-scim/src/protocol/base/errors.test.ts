import { quoted, ScimError } from './errors';

describe('ScimError', () => {
  it('answers in the Error schema with the status as a string', () => {
    expect(ScimError.badRequest('invalidFilter', 'expected a value at the end').toBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail: 'expected a value at the end',
    });
    expect(new ScimError(404, undefined, 'Resource 2819c223 not found').toBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'Resource 2819c223 not found',
    });
  });
});

describe('quoted', () => {
  it('quotes client input, cut after 64 characters', () => {
    expect(quoted('favouriteColour')).toBe('"favouriteColour"');
    expect(quoted('x'.repeat(4000))).toBe(`"${'x'.repeat(64)}…"`);
  });
});
