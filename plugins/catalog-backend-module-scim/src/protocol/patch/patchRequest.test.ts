import { ScimError } from '../base/errors';
import { MAX_PATCH_OPERATIONS, MAX_PATCH_VALUES, parsePatchRequest } from './patchRequest';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function refusal(body: unknown): ScimError {
  try {
    parsePatchRequest(body);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parsePatchRequest', () => {
  it("reads Entra ID's capitalised operations and filtered paths", () => {
    const operations = parsePatchRequest({
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    });
    expect(operations).toEqual([
      {
        op: 'replace',
        path: {
          attribute: { attribute: 'emails' },
          valueFilter: { kind: 'compare', path: { attribute: 'type' }, operator: 'eq', value: 'work' },
          valueSubAttribute: 'value',
        },
        value: 'updatedEmail@microsoft.com',
      },
      { op: 'replace', path: { attribute: { attribute: 'name', subAttribute: 'familyName' } }, value: 'updatedFamilyName' },
    ]);
  });

  it("reads Okta's no-path replace and member removal by filter", () => {
    expect(
      parsePatchRequest({
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', value: { active: false } },
          { op: 'remove', path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
        ],
      }),
    ).toEqual([
      { op: 'replace', value: { active: false } },
      {
        op: 'remove',
        path: {
          attribute: { attribute: 'members' },
          valueFilter: { kind: 'compare', path: { attribute: 'value' }, operator: 'eq', value: '89bb1940-b905-4575-9e7f-6f887cfb368e' },
        },
      },
    ]);
  });

  it.each([
    ['a list', [], 'invalidSyntax', "a PATCH body is a PatchOp object"],
    ['no PatchOp schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax', `a PATCH body's schemas lists ${PATCH_OP}`],
    ['no operations', { schemas: [PATCH_OP], Operations: [] }, 'invalidSyntax', 'a PATCH body has a non-empty Operations list'],
    ['an unknown op', { schemas: [PATCH_OP], Operations: [{ op: 'move', path: 'userName' }] }, 'invalidSyntax', 'operation 1: op is add, remove or replace'],
    ['add without a value', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title' }] }, 'invalidSyntax', 'operation 1: add needs a value'],
    ['a numeric path', { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 3 }] }, 'invalidPath', 'operation 1: path is a string'],
    ['a malformed path', { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members[value eq ]' }] }, 'invalidPath', 'expected a value at position 18'],
    ['a path ending oddly', { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'emails[type eq "work"]value' }] }, 'invalidPath', '"value" is not a sub-attribute'],
  ])('refuses %s', (_case, body, scimType, detail) => {
    expect(refusal(body)).toMatchObject({ status: 400, scimType, detail });
  });

  it(`takes ${MAX_PATCH_VALUES} members in one request and refuses more with 413`, () => {
    const members = (count: number) => Array.from({ length: count }, (_, i) => ({ value: `user-${i}` }));
    const body = (count: number) => ({ schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: members(count) }] });
    expect(parsePatchRequest(body(MAX_PATCH_VALUES))[0].value).toHaveLength(MAX_PATCH_VALUES);
    expect(refusal(body(MAX_PATCH_VALUES + 1))).toMatchObject({ status: 413, detail: 'a PATCH request carries at most 10000 values' });
    const split = { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members(6000) }, { op: 'add', path: 'members', value: members(6000) }] };
    expect(refusal(split).status).toBe(413);
  });

  it(`refuses more than ${MAX_PATCH_OPERATIONS} operations with 413`, () => {
    const operations = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'remove', path: 'title' }));
    expect(refusal({ schemas: [PATCH_OP], Operations: operations })).toMatchObject({ status: 413 });
  });
});
