import { describeSlapd, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { annotation, ldapTestModule, providerConfig, startTestDirectory, UUID, type Harness, type TestDirectory } from '../__testing__/harness';

describeSlapd('LDAP over TLS with a private CA (ldaps:// and StartTLS); the bind secret in no log or error', () => {
  let dir: TestDirectory;
  let backend: CatalogTestBackend;
  let harness: Harness;

  beforeAll(async () => {
    dir = await startTestDirectory({ users: 40, groups: 5, seed: 41, hostileShare: 0.1, tls: true });
    const base = providerConfig(dir);
    const ca = dir.slapd.tls!.caPath;
    const test = ldapTestModule();
    harness = test.harness;
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: {
            ldapOrg: {
              ldaps: { ...base, target: dir.slapd.ldapsUrl, tls: { ca }, namespace: 'ldaps' },
              starttls: { ...base, target: dir.slapd.url, tls: { ca, startTls: true }, namespace: 'starttls' },
              untrusted: { ...base, target: dir.slapd.ldapsUrl, namespace: 'untrusted' },
              untrustedStartTls: { ...base, target: dir.slapd.url, tls: { startTls: true }, namespace: 'untrusted-starttls' },
              wrongSecret: { ...base, target: dir.slapd.ldapsUrl, tls: { ca }, bind: { dn: dir.slapd.rootDn, secret: 'not-the-secret-42' }, namespace: 'wrong' },
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

  const expected = () => dir.directory.people.filter(p => !p.disabled).length + dir.directory.groups.length;

  it.each(['ldaps', 'starttls'])('%s: the whole org, trusting only the configured CA', async id => {
    const result = await harness.provider(id).run();
    expect(result.error).toBeUndefined();
    expect(result.counts.users + result.counts.groups).toBe(expected());
    await waitFor(`${id} entities in the catalog`, async () => {
      const all = [...(await backend.catalog.query(`kind=user,metadata.namespace=${id}`)), ...(await backend.catalog.query(`kind=group,metadata.namespace=${id}`))];
      return all.filter(e => annotation(e, UUID)).length === expected();
    });
  });

  it('a server certificate from a CA the provider does not trust fails the run, over ldaps:// and StartTLS', async () => {
    for (const id of ['untrusted', 'untrustedStartTls']) {
      const result = await harness.provider(id).run();
      expect(result.outcome).toBe('read-failed');
      expect(result.error).toMatch(/self[- ]signed|unable to (get|verify)|certificate/i);
    }
  });

  it('a wrong secret fails with the bind DN named; no secret appears in any log line or error', async () => {
    const result = await harness.provider('wrongSecret').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toContain(`LDAP bind as ${dir.slapd.rootDn}`);
    expect(result.error).toMatch(/InvalidCredentials/);
    const logs = harness.logger.text();
    expect(logs).toContain('LdapOrgEntityProvider:wrongSecret');
    for (const secret of [dir.slapd.rootPassword, 'not-the-secret-42']) {
      expect(logs).not.toContain(secret);
      expect(result.error).not.toContain(secret);
    }
  });
});
