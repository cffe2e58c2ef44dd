import { describeSlapd, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { annotation, ldapTestModule, manualSchedule, specOf, startTestDirectory, UUID, type Harness, type TestDirectory } from '../__testing__/harness';

describeSlapd('LDAP options on a real slapd: several queries, posixGroup memberUid, set, naming', () => {
  let dir: TestDirectory;
  let backend: CatalogTestBackend;
  let harness: Harness;
  const contractorsDn = () => `ou=contractors,${dir.directory.suffix}`;
  const posixDn = () => `ou=posix,${dir.directory.suffix}`;

  beforeAll(async () => {
    dir = await startTestDirectory({ users: 30, groups: 3, seed: 71, hostileShare: 0 });
    const admin = await dir.admin();
    await admin.add(contractorsDn(), { objectClass: 'organizationalUnit', ou: 'contractors' });
    await admin.add(`uid=cora,${contractorsDn()}`, { objectClass: 'inetOrgPerson', uid: 'cora', cn: 'Cora Contractor', sn: 'Contractor', mail: 'cora@partner.example' });
    await admin.add(posixDn(), { objectClass: 'organizationalUnit', ou: 'posix' });
    const [first, second] = dir.directory.people.filter(p => !p.disabled);
    await admin.add(`cn=wheel,${posixDn()}`, { objectClass: 'posixGroup', cn: 'wheel', gidNumber: '10', memberUid: [first.uid, second.uid, 'cora', 'nobody'] });
    const test = ldapTestModule();
    harness = test.harness;
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: {
            ldapOrg: {
              main: {
                target: dir.slapd.url,
                bind: { dn: dir.slapd.rootDn, secret: dir.slapd.rootPassword },
                users: [
                  { dn: dir.directory.peopleDn, options: { filter: '(objectClass=inetOrgPerson)', paged: { pageSize: 7 } } },
                  { dn: contractorsDn(), options: { filter: '(objectClass=inetOrgPerson)', paged: false }, set: { 'metadata.labels.contractor': 'true' } },
                ],
                groups: [
                  { dn: dir.directory.groupsDn, options: { filter: '(objectClass=groupOfNames)' } },
                  { dn: posixDn(), options: { filter: '(objectClass=posixGroup)' }, map: { members: 'memberUid', description: 'gidNumber' }, set: { 'spec.type': 'unix' } },
                ],
                naming: { users: 'strip-domain-email' },
                schedule: manualSchedule,
              },
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await dir?.stop();
  });

  it('reads every query (paged in pages of 7 and unpaged), resolves memberUid, applies set per query and the naming strategy', async () => {
    const result = await harness.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.counts.users).toBe(dir.directory.people.filter(p => !p.disabled).length + 1);
    const cora = await waitFor('the contractor', async () => backend.catalog.byName('user', 'default', 'cora'));
    expect(cora.metadata.labels).toEqual({ contractor: 'true' });
    expect(annotation(cora, UUID)).toBeDefined();
    const [first] = dir.directory.people.filter(p => !p.disabled);
    const named = await backend.catalog.byName('user', 'default', first.mails[0].split('@')[0]);
    expect(named?.metadata.labels).toBeUndefined();
    const wheel = await waitFor('the posix group', async () => backend.catalog.byName('group', 'default', 'wheel'));
    expect(wheel.metadata.description).toBe('10');
    expect(specOf<{ type: string; members: string[] }>(wheel).type).toBe('unix');
    expect(specOf<{ members: string[] }>(wheel).members).toHaveLength(3);
    expect(specOf<{ members: string[] }>(wheel).members).toContain('user:default/cora');
  });
});
