import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA, type JsonObject } from '../protocol';

/**
 * The request bodies of the provisioning guides the tests replay: Microsoft's "Develop a SCIM endpoint" (Entra ID)
 * and Okta's "SCIM 2.0 protocol reference", as they print them. One copy for the protocol's unit tests and the
 * end-to-end tests; a test changes what it needs with `overrides`.
 */

/** The URN Entra ID lists when it creates a group, which the service provider does not know. */
export const MICROSOFT_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** Entra ID's create-user request. */
export function entraCreateUser(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
    active: true,
    emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
    ...overrides,
  };
}

/** Entra ID's create-group request. */
export function entraCreateGroup(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [GROUP_SCHEMA, MICROSOFT_GROUP_SCHEMA],
    externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    displayName: 'displayName',
    meta: { resourceType: 'Group' },
    ...overrides,
  };
}

/** Okta's create-user request (with the random password Okta sends). */
export function oktaCreateUser(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [USER_SCHEMA],
    userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
    ...overrides,
  };
}

/** A PatchOp request body with these operations. */
export function patchOp(...operations: JsonObject[]): JsonObject {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations };
}
