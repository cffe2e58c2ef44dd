import { vendors as officialVendors } from '@backstage/plugin-catalog-backend-module-ldap';
import { detectVendor, formatGuid, uuidFilter, VENDORS } from './vendors';

describe('vendors', () => {
  it('renders an AD objectGUID exactly as the official module does', () => {
    const bytes = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const official = officialVendors.activeDirectory.decodeStringAttribute({ dn: 'cn=x', objectGUID: bytes }, 'objectGUID');
    expect(formatGuid(bytes)).toBe(official[0]);
    expect(formatGuid(bytes)).toBe('33221100-5544-7766-8899-aabbccddeeff');
    // Re-reading by uuid asks for the bytes AD stores.
    expect(uuidFilter(VENDORS.activedirectory, formatGuid(bytes)).value).toEqual(bytes);
    expect(uuidFilter(VENDORS.openldap, 'a-b*')).toMatchObject({ attribute: 'entryUUID', value: 'a-b*' });
  });

  it('detects the vendor from the root DSE as the official module does', () => {
    expect(detectVendor({ dn: '', forestFunctionality: '7' })).toBe('activedirectory');
    expect(detectVendor({ dn: '', ipaDomainLevel: '1' })).toBe('freeipa');
    expect(detectVendor({ dn: '', aeRoot: 'x' })).toBe('aedir');
    expect(detectVendor({ dn: '', namingContexts: 'dc=example,dc=com' })).toBe('openldap');
  });

  it('knows disabled accounts per vendor', () => {
    const of = (values: Record<string, string[]>) => (name: string) => values[name] ?? [];
    expect(VENDORS.activedirectory.disabledReason(of({ userAccountControl: ['514'] }))).toBe('userAccountControl: 514 (ACCOUNTDISABLE)');
    expect(VENDORS.activedirectory.disabledReason(of({ userAccountControl: ['512'] }))).toBeUndefined();
    expect(VENDORS.freeipa.disabledReason(of({ nsAccountLock: ['TRUE'] }))).toBe('nsAccountLock: TRUE');
    expect(VENDORS.openldap.disabledReason(of({ pwdAccountLockedTime: ['000001010000Z'] }))).toBeDefined();
    // A lockout after failed binds ends by itself: not a leave.
    expect(VENDORS.openldap.disabledReason(of({ pwdAccountLockedTime: ['20261201120000Z'] }))).toBeUndefined();
    expect(VENDORS.aedir.disabledReason(of({ aeStatus: ['1'] }))).toBe('aeStatus: 1');
    expect(VENDORS.activedirectory.change.after('12345')).toBe('(uSNChanged>=12346)');
  });
});
