import { ENTERPRISE_USER_SCHEMA, type JsonObject } from '../protocol';
import { ANNOTATION_SCIM_EXTERNAL_ID, ANNOTATION_SCIM_ID, ANNOTATION_SCIM_USER_NAME } from '../annotations';
import { groupRecordOf, memberIds, userRecordOf } from './toRecords';

describe('userRecordOf', () => {
  it('reads the attributes Entra ID and Okta send into the record, with the SCIM annotations', () => {
    const record = userRecordOf({
      id: 'u1',
      externalId: 'ext-1',
      userName: 'ada@example.com',
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      emails: [{ value: 'other@example.com' }, { value: 'ada@example.com', primary: true }],
      photos: [{ value: 'https://example.com/ada.png' }],
      [ENTERPRISE_USER_SCHEMA]: { department: 'Engines', employeeNumber: '42', manager: { value: 'u0' } },
    });
    expect(record).toMatchObject({
      id: 'u1',
      login: 'ada@example.com',
      email: 'ada@example.com',
      displayName: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      picture: 'https://example.com/ada.png',
      active: true,
      employeeId: '42',
      attributes: { department: 'Engines', managerId: 'u0' },
      annotations: { [ANNOTATION_SCIM_ID]: 'u1', [ANNOTATION_SCIM_EXTERNAL_ID]: 'ext-1', [ANNOTATION_SCIM_USER_NAME]: 'ada@example.com' },
    });
  });

  it('makes a user with active false inactive, saying why, and leaves out annotations it has no value for', () => {
    const record = userRecordOf({ id: 'u2', userName: 'gone@example.com', active: false });
    expect(record).toMatchObject({ active: false, inactiveReason: expect.stringContaining('active: false') });
    expect(record.annotations).not.toHaveProperty(ANNOTATION_SCIM_EXTERNAL_ID);
  });
});

describe('groupRecordOf', () => {
  it('splits members into users and nested groups by what the provider holds', () => {
    const group: JsonObject = { id: 'g1', displayName: 'Platform', members: [{ value: 'u1' }, { value: 'g2' }, { display: 'no value' }] };
    expect(memberIds(group)).toEqual(['u1', 'g2']);
    expect(groupRecordOf(group, id => id === 'g2')).toMatchObject({
      id: 'g1',
      name: 'Platform',
      displayName: 'Platform',
      memberUserIds: ['u1'],
      memberGroupIds: ['g2'],
      annotations: { [ANNOTATION_SCIM_ID]: 'g1' },
    });
  });
});
