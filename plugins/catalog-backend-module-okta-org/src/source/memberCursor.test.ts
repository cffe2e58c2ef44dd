import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@orgsync/plugin-catalog-org-sync-node';
import { readOktaProviderConfig } from '../config';
import { membershipStamp, nextCursor, readConfigKey, unchangedMembers, usableCursor } from './memberCursor';

const config = (extra: Record<string, unknown> = {}) =>
  readOktaProviderConfig(new ConfigReader({ orgUrl: 'https://acme.okta.com', token: 't', ...extra }), 'main', 'catalog.providers.okta.main');

describe('the Okta member cursor', () => {
  const key = readConfigKey(config());
  const stamp = '2024-05-01T10:00:00.000Z';
  const saved = () => JSON.parse(JSON.stringify(nextCursor(key, [{ id: 'g1', lastMembershipUpdated: stamp, members: ['u1', 'u2'] }])));

  it('gives back the members of a group whose lastMembershipUpdated is unchanged, after a round trip through JSON', () => {
    expect(unchangedMembers(usableCursor(saved(), key), 'g1', stamp)).toEqual(['u1', 'u2']);
  });

  it('has the group read when it is new, its stamp changed or is missing, or its entry is malformed', () => {
    const cursor = usableCursor(saved(), key);
    expect(unchangedMembers(cursor, 'g2', stamp)).toBeUndefined();
    expect(unchangedMembers(cursor, 'g1', '2024-05-01T10:00:00.001Z')).toBeUndefined();
    expect(unchangedMembers(cursor, 'g1', undefined)).toBeUndefined();
    expect(unchangedMembers(cursor, 'constructor', stamp)).toBeUndefined();
    const broken = saved();
    broken.groups.g1.members = 'u1';
    expect(unchangedMembers(usableCursor(broken, key), 'g1', stamp)).toBeUndefined();
  });

  it('never reuses an empty member list for a group Okta counts members in (a `200 []` answer must not outlive its run)', () => {
    const cursor = usableCursor(JSON.parse(JSON.stringify(nextCursor(key, [{ id: 'g0', lastMembershipUpdated: stamp, members: [] }]))), key);
    expect(unchangedMembers(cursor, 'g0', stamp, 3)).toBeUndefined();
    expect(unchangedMembers(cursor, 'g0', stamp, 0)).toEqual([]);
    expect(unchangedMembers(cursor, 'g0', stamp, undefined)).toEqual([]);
    expect(unchangedMembers(usableCursor(saved(), key), 'g1', stamp, 2)).toEqual(['u1', 'u2']);
  });

  it('is unusable from another version, other settings, or when it is not a cursor at all', () => {
    expect(usableCursor({ ...saved(), version: 2 }, key)).toBeUndefined();
    expect(usableCursor(saved(), readConfigKey(config({ groups: { filter: 'type eq "OKTA_GROUP"' } })))).toBeUndefined();
    expect(usableCursor(saved(), readConfigKey(config({ users: { search: 'profile.department eq "R&D"' } })))).toBeUndefined();
    expect(usableCursor(saved(), readConfigKey(config({ orgUrl: 'https://other.okta.com' })))).toBeUndefined();
    const junk: JsonValue[] = [null, 'cursor', 3, [], { version: 1, configKey: key }, { version: 1, configKey: key, groups: [] }];
    for (const value of junk) {
      expect(usableCursor(value, key)).toBeUndefined();
    }
  });

  it('keys only the settings that shape what is read', () => {
    expect(readConfigKey(config({ concurrency: 30, profileAnnotations: ['title'], groups: { type: 'department' } }))).toBe(key);
  });

  it('leaves out groups without a stamp (they are read every run) and reads stamps from Dates or strings', () => {
    expect(nextCursor(key, [{ id: 'g', lastMembershipUpdated: undefined, members: ['u'] }]).groups).toEqual({});
    expect(membershipStamp(new Date(stamp))).toBe(stamp);
    expect(membershipStamp(stamp)).toBe(stamp);
    expect(membershipStamp(new Date('nonsense'))).toBeUndefined();
    expect(membershipStamp(undefined)).toBeUndefined();
  });
});
