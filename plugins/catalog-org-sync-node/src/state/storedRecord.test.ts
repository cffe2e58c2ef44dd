import { kindedRecordOf, recordKindOf, storedRecordOf } from './storedRecord';

describe('stored records read by kind', () => {
  it('reads a user row as a user record and a group row as a group record', () => {
    const user = storedRecordOf('user', JSON.stringify({ id: 'u1', login: 'ada', active: true }));
    const group = storedRecordOf('group', JSON.stringify({ id: 'g1', name: 'team', memberUserIds: ['u1'] }));
    expect(user.kind === 'user' && user.record?.login).toBe('ada');
    expect(group.kind === 'group' && group.record?.memberUserIds).toEqual(['u1']);
  });

  it('keeps a row without a record (carried over from an earlier release) without one', () => {
    const row = storedRecordOf('group', null);
    expect(row).toEqual({ kind: 'group', record: undefined });
    expect(kindedRecordOf(row)).toBeUndefined();
    expect(kindedRecordOf(storedRecordOf('user', '{"id":"u1","active":false}'))).toEqual({ kind: 'user', record: { id: 'u1', active: false } });
  });

  it('refuses a kind the store never writes, naming it', () => {
    expect(recordKindOf('user')).toBe('user');
    expect(() => recordKindOf('membership')).toThrow('unknown kind "membership"');
  });
});
