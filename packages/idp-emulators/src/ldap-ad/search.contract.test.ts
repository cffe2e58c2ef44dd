import { Client, EqualityFilter, InvalidCredentialsError, OperationsError, SizeLimitExceededError } from 'ldapts';
import { generateOrg } from '../core';
import { formatObjectGuid, startAdLdapEmulator, type AdLdapEmulator } from './index';

const GENERATE = { users: 240, groups: 20, seed: 7, hostileShare: 0.1 };

describe('AD LDAP emulator: binds and searches through the real ldapts client', () => {
  let ad: AdLdapEmulator;
  let client: Client;
  const people = generateOrg(GENERATE).people;

  beforeAll(async () => {
    ad = await startAdLdapEmulator({ generate: GENERATE, maxPageSize: 100 });
    client = new Client({ url: ad.url });
    await client.bind(ad.bindDn, ad.bindPassword);
  });

  afterAll(async () => {
    await client?.unbind();
    await ad?.stop();
  });

  it('refuses a wrong password with invalidCredentials (49) and searches without a bind with operationsError', async () => {
    const other = new Client({ url: ad.url });
    try {
      const failure = await other.bind(ad.bindDn, `${ad.bindPassword}x`).catch(e => e);
      expect(failure).toBeInstanceOf(InvalidCredentialsError);
      expect(failure.code).toBe(49);
      expect(failure.message).toContain('data 52e');
      expect(failure.message).not.toContain(ad.bindPassword);
      const unbound = await other.search(ad.baseDn, { scope: 'base' }).catch(e => e);
      expect(unbound).toBeInstanceOf(OperationsError);
      expect(unbound.message).toContain('successful bind must be completed');
    } finally {
      await other.unbind();
    }
  });

  it('pages through every person with the paged results control, one request per page', async () => {
    ad.resetCounters();
    const { searchEntries } = await client.search(ad.peopleDn, {
      scope: 'sub',
      filter: '(&(objectCategory=person)(objectClass=user))',
      attributes: ['sAMAccountName', 'displayName', 'mail', 'userAccountControl'],
      paged: { pageSize: 50 },
    });
    expect(searchEntries).toHaveLength(people.length);
    expect(ad.counters()).toMatchObject({ searches: 1, searchRequests: Math.ceil(people.length / 50), entries: people.length });
    // Only the requested attributes, in AD's spelling.
    expect(Object.keys(searchEntries[0]).sort()).toEqual(['displayName', 'dn', 'mail', 'sAMAccountName', 'userAccountControl'].sort());
    // Hostile names keep their UTF-8 in the DN and the attributes.
    const hostile = people.find(p => p.hostile && /[^ -~]/.test(p.displayName))!;
    expect(searchEntries.map(e => e.displayName)).toContain(hostile.displayName);
    const byName = await client.search(ad.peopleDn, { filter: new EqualityFilter({ attribute: 'displayName', value: hostile.displayName.toUpperCase() }), attributes: ['displayName'] });
    expect(byName.searchEntries.map(e => e.displayName)).toContain(hostile.displayName);
  });

  it('caps a page at MaxPageSize and answers a non-paged search over MaxPageSize with sizeLimitExceeded (4)', async () => {
    ad.resetCounters();
    const paged = await client.search(ad.peopleDn, { filter: '(objectClass=user)', attributes: ['cn'], paged: { pageSize: 500 } });
    expect(paged.searchEntries).toHaveLength(people.length);
    expect(ad.counters().searchRequests).toBe(Math.ceil(people.length / 100));
    const unpaged = await client.search(ad.peopleDn, { filter: '(objectClass=user)', attributes: ['cn'] }).catch(e => e);
    expect(unpaged).toBeInstanceOf(SizeLimitExceededError);
    // A client-side sizeLimit is honoured; ldapts then returns the partial result without an error.
    const limited = await client.search(ad.peopleDn, { filter: '(objectClass=user)', attributes: ['cn'], sizeLimit: 5 });
    expect(limited.searchEntries).toHaveLength(5);
    expect(ad.counters().byResult['4']).toBe(2);
  });

  it('serves objectGUID as 16 raw bytes and finds an object by its escaped binary value', async () => {
    const user = ad.admin.users().find(u => u.attributes.sAMAccountName[0] === people[3].login.replace(/[^\w.-]/g, '').slice(0, 20))!;
    const { searchEntries } = await client.search(user.dn, { scope: 'base', attributes: ['objectGUID', 'distinguishedName'], explicitBufferAttributes: ['objectGUID'] });
    const guid = searchEntries[0].objectGUID as Buffer;
    expect(Buffer.isBuffer(guid)).toBe(true);
    expect(guid).toHaveLength(16);
    expect(formatObjectGuid(guid)).toBe(user.id);
    expect(searchEntries[0].distinguishedName).toBe(user.dn);

    // ldapts turns a `\\xx` escape in a filter string into a character (sent as UTF-8), so binary values are asserted with a Buffer.
    const found = await client.search(ad.baseDn, { filter: new EqualityFilter({ attribute: 'objectGUID', value: guid }), attributes: ['sAMAccountName'], paged: true });
    expect(found.searchEntries.map(e => e.dn)).toEqual([user.dn]);
  });

  it('finds disabled accounts by the userAccountControl bit (0x2), not by equality', async () => {
    const enabled = await client.search(ad.peopleDn, {
      filter: '(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
      attributes: ['userAccountControl'],
      paged: true,
    });
    expect(enabled.searchEntries).toHaveLength(people.filter(p => p.status === 'active').length);
    const values = new Set(enabled.searchEntries.map(e => e.userAccountControl));
    expect(values).toEqual(new Set(['512', '66048']));
    const disabled = await client.search(ad.peopleDn, { filter: '(userAccountControl:1.2.840.113556.1.4.803:=2)', attributes: ['userAccountControl'], paged: true });
    expect(disabled.searchEntries).toHaveLength(people.length - enabled.searchEntries.length);
    expect(disabled.searchEntries.length).toBeGreaterThan(0);
  });

  it('evaluates RFC 4515 filters and base / one / sub scopes with AD matching', async () => {
    const one = await client.search(ad.peopleDn, { scope: 'one', attributes: ['ou'] });
    expect(one.searchEntries.length).toBeGreaterThan(0);
    expect(one.searchEntries.every(e => /^OU=[^,]+,OU=People,/.test(e.dn))).toBe(true);
    const base = await client.search(ad.groupsDn, { scope: 'base', attributes: ['ou', 'objectClass'] });
    expect(base.searchEntries).toEqual([{ dn: ad.groupsDn, ou: 'Groups', objectClass: ['top', 'organizationalUnit'] }]);

    const sub = await client.search(ad.peopleDn, { filter: '(&(objectClass=user)(|(sAMAccountName=ADA*)(displayName=*Hopper)))', attributes: ['sAMAccountName', 'displayName'], paged: true });
    expect(sub.searchEntries.length).toBeGreaterThan(0);
    expect(sub.searchEntries.every(e => /^ada/i.test(String(e.sAMAccountName)) || /Hopper$/.test(String(e.displayName)))).toBe(true);

    const group = ad.admin.groups().find(g => g.attributes.memberOf)!;
    const parent = group.attributes.memberOf[0];
    const direct = await client.search(ad.baseDn, { filter: `(memberOf=${parent.toUpperCase()})`, attributes: ['cn'], paged: true });
    expect(direct.searchEntries.map(e => e.dn)).toContain(group.dn);
    const chain = await client.search(ad.baseDn, { filter: `(memberOf:1.2.840.113556.1.4.1941:=${parent})`, attributes: ['cn'], paged: true });
    expect(chain.searchEntries.length).toBeGreaterThan(direct.searchEntries.length);
  });

  it('returns the three continuation references of a subtree search from the domain head, and a referral for a base outside it', async () => {
    const { searchReferences } = await client.search(ad.baseDn, { filter: '(sAMAccountName=svc-backstage)', paged: true });
    expect(searchReferences).toEqual([
      'ldap://ForestDnsZones.example.com/DC=ForestDnsZones,DC=example,DC=com',
      'ldap://DomainDnsZones.example.com/DC=DomainDnsZones,DC=example,DC=com',
      'ldap://example.com/CN=Configuration,DC=example,DC=com',
    ]);
    const outside = await client.search('DC=other,DC=org', { filter: '(objectClass=*)' }).catch(e => e);
    expect(outside.code).toBe(10);
  });

  it('bumps uSNChanged on every change so (uSNChanged>=N) finds exactly what changed; deleted objects vanish', async () => {
    const root = await client.search('', { scope: 'base', attributes: ['highestCommittedUSN', 'defaultNamingContext'] });
    expect(root.searchEntries[0].defaultNamingContext).toBe(ad.baseDn);
    const since = Number(root.searchEntries[0].highestCommittedUSN) + 1;
    expect(since).toBe(ad.admin.highestCommittedUsn() + 1);

    const users = ad.admin.users().filter(u => u.dn.endsWith(ad.peopleDn));
    const group = ad.admin.groups()[0];
    const joiner = users.find(u => !group.attributes.member?.includes(u.dn))!;
    ad.admin.disableUser(users[0].id);
    ad.admin.rename(users[1].id, 'Renamed, Person');
    ad.admin.addMember(group.id, joiner.id);
    ad.admin.delete(users[2].id);
    const changed = await client.search(ad.baseDn, { filter: `(uSNChanged>=${since})`, attributes: ['uSNChanged', 'userAccountControl', 'member'], paged: true });
    const renamedDn = ad.admin.find(users[1].id)!.dn;
    expect(renamedDn).toMatch(/^CN=Renamed\\, Person,OU=/);
    // The joiner's memberOf changed, but it is a back link: only the group takes a new USN, as on AD.
    const expected = [users[0].dn, renamedDn, group.dn, ...ad.admin.groups().filter(g => users[2].attributes.memberOf?.includes(g.dn)).map(g => g.dn)];
    expect(changed.searchEntries.map(e => e.dn).sort()).toEqual([...new Set(expected)].sort());
    expect(changed.searchEntries.every(e => Number(e.uSNChanged) >= since)).toBe(true);
    expect(await client.search(users[2].dn, { scope: 'base' }).catch(e => e.code)).toBe(32);
  });
});
