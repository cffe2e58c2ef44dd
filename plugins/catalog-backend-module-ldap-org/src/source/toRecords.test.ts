import { ConfigReader } from '@backstage/config';
import { readLdapProviderConfig } from '../config';
import { VENDORS } from '../vendors';
import { buildRecords } from './toRecords';
import type { RawLdapEntry } from './rawEntry';

const config = (groupMap: Record<string, string> = {}) =>
  readLdapProviderConfig(
    new ConfigReader({ target: 'ldap://127.0.0.1', users: { dn: 'ou=people,dc=x' }, groups: { dn: 'ou=groups,dc=x', map: groupMap } }),
    'main',
    'catalog.providers.ldapOrg.main',
  );
const person = (uid: string, extra: Record<string, string[]> = {}): RawLdapEntry => ({
  dn: `uid=${uid},ou=people,dc=x`,
  attributes: { uid: [uid], cn: [uid.toUpperCase()], entryUUID: [`u-${uid}`], entryDN: [`uid=${uid},ou=people,dc=x`], ...extra },
});
const group = (cn: string, dnValue: string, extra: Record<string, string[]> = {}): RawLdapEntry => ({
  dn: `cn=${dnValue},ou=groups,dc=x`,
  attributes: { cn: [cn], entryUUID: [`g-${cn}`], ...extra },
});

describe('buildRecords', () => {
  it('resolves members written as DNs in another form, as uuids, as memberUid values, and users’ and groups’ memberOf', () => {
    const users = [person('ada', { memberOf: ['CN=Ops\\2C Infra,OU=Groups,DC=X'] }), person('alan'), person('grace')];
    const groups = [
      group('Ops, Infra', 'Ops\\, Infra', { member: ['UID=Alan, OU=People, DC=X', ''] }),
      group('Eng', 'Eng', { member: ['u-grace', 'cn=Ops\\2c infra,ou=groups,dc=x'] }),
      group('Posix', 'Posix', { memberUid: ['ada', 'nobody'], memberOf: ['cn=Eng,ou=groups,dc=x'] }),
    ];
    const built = buildRecords(config(), VENDORS.openldap, users.map(entry => ({ query: 0, entry })), groups.map(entry => ({ query: 0, entry })));
    const byName = new Map(built.groups.map(g => [g.name, g]));
    expect(byName.get('Ops, Infra')!.memberUserIds!.sort()).toEqual(['u-ada', 'u-alan']);
    expect(byName.get('Eng')).toMatchObject({ memberUserIds: ['u-grace'], memberGroupIds: ['g-Ops, Infra', 'g-Posix'] });
    const posix = buildRecords(config({ members: 'memberUid' }), VENDORS.openldap, users.map(entry => ({ query: 0, entry })), groups.map(entry => ({ query: 0, entry })));
    expect(posix.groups.find(g => g.name === 'Posix')!.memberUserIds).toEqual(['u-ada']);
    expect(built.users.find(u => u.id === 'u-ada')).toMatchObject({ login: 'ada', displayName: 'ADA', active: true, annotations: { 'backstage.io/ldap-rdn': 'ada', 'backstage.io/ldap-uuid': 'u-ada' } });
  });

  it('ignores a stored entry’s memberOf about a group read again (an AD back-link that did not change with the group)', () => {
    const ada = person('ada', { memberOf: ['cn=Eng,ou=groups,dc=x'] });
    const eng = group('Eng', 'Eng', { member: [] });
    const entries = { users: [{ query: 0, entry: ada }], groups: [{ query: 0, entry: eng }] };
    expect(buildRecords(config(), VENDORS.openldap, entries.users, entries.groups).groups[0].memberUserIds).toEqual(['u-ada']);
    const stale = { storedEntries: new Set([ada]), rereadGroupIds: new Set(['g-Eng']) };
    expect(buildRecords(config(), VENDORS.openldap, entries.users, entries.groups, { stale }).groups[0].memberUserIds).toEqual([]);
  });

  it('marks disabled accounts inactive with the reason, unless includeDisabledUsers', () => {
    const locked = person('ada', { pwdAccountLockedTime: ['000001010000Z'] });
    const [user] = buildRecords(config(), VENDORS.openldap, [{ query: 0, entry: locked }], []).users;
    expect(user).toMatchObject({ active: false, inactiveReason: 'pwdAccountLockedTime: 000001010000Z' });
  });
});
