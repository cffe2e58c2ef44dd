import { describeSlapd, waitFor } from '@orgsync/test-utils';
import { annotation, manualSchedule, processEverySecond, specOf, startTestDirectory, useLdapFixture, UUID, type TestDirectory } from '../__testing__/harness';

const contractorsDn = (dir: TestDirectory) => `ou=contractors,${dir.directory.suffix}`;
const posixDn = (dir: TestDirectory) => `ou=posix,${dir.directory.suffix}`;

describeSlapd('LDAP options on a real slapd: several queries, posixGroup memberUid, set, naming', () => {
  const fixture = useLdapFixture({
    emulator: async () => {
      const dir = await startTestDirectory({ users: 30, groups: 3, seed: 71, hostileShare: 0 });
      const admin = await dir.admin();
      await admin.add(contractorsDn(dir), { objectClass: 'organizationalUnit', ou: 'contractors' });
      await admin.add(`uid=cora,${contractorsDn(dir)}`, { objectClass: 'inetOrgPerson', uid: 'cora', cn: 'Cora Contractor', sn: 'Contractor', mail: 'cora@partner.example' });
      await admin.add(posixDn(dir), { objectClass: 'organizationalUnit', ou: 'posix' });
      const [first, second] = dir.directory.people.filter(p => !p.disabled);
      await admin.add(`cn=wheel,${posixDn(dir)}`, { objectClass: 'posixGroup', cn: 'wheel', gidNumber: '10', memberUid: [first.uid, second.uid, 'cora', 'nobody'] });
      return dir;
    },
    providers: dir => ({
      main: {
        target: dir.slapd.url,
        bind: { dn: dir.slapd.rootDn, secret: dir.slapd.rootPassword },
        users: [
          { dn: dir.directory.peopleDn, options: { filter: '(objectClass=inetOrgPerson)', paged: { pageSize: 7 } } },
          { dn: contractorsDn(dir), options: { filter: '(objectClass=inetOrgPerson)', paged: false }, set: { 'metadata.labels.contractor': 'true' } },
        ],
        groups: [
          { dn: dir.directory.groupsDn, options: { filter: '(objectClass=groupOfNames)' } },
          { dn: posixDn(dir), options: { filter: '(objectClass=posixGroup)' }, map: { members: 'memberUid', description: 'gidNumber' }, set: { 'spec.type': 'unix' } },
        ],
        naming: { users: 'strip-domain-email' },
        schedule: manualSchedule,
      },
    }),
    config: processEverySecond,
  });

  it('reads every query (paged in pages of 7 and unpaged), resolves memberUid, applies set per query and the naming strategy', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.counts.users).toBe(fixture.emulator.directory.people.filter(p => !p.disabled).length + 1);
    const cora = await waitFor('the contractor', async () => fixture.catalog.byName('user', 'default', 'cora'));
    expect(cora.metadata.labels).toEqual({ contractor: 'true' });
    expect(annotation(cora, UUID)).toBeDefined();
    const [first] = fixture.emulator.directory.people.filter(p => !p.disabled);
    const named = await fixture.catalog.byName('user', 'default', first.mails[0].split('@')[0]);
    expect(named?.metadata.labels).toBeUndefined();
    const wheel = await waitFor('the posix group', async () => fixture.catalog.byName('group', 'default', 'wheel'));
    expect(wheel.metadata.description).toBe('10');
    expect(specOf<{ type: string; members: string[] }>(wheel).type).toBe('unix');
    expect(specOf<{ members: string[] }>(wheel).members).toHaveLength(3);
    expect(specOf<{ members: string[] }>(wheel).members).toContain('user:default/cora');
  });
});
