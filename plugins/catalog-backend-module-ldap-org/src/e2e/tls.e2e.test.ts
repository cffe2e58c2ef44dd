import { describeSlapd, waitFor } from '@orgsync/test-utils';
import { annotation, processEverySecond, providerConfig, startTestDirectory, useLdapFixture, UUID } from '../__testing__/harness';

describeSlapd('LDAP over TLS with a private CA (ldaps:// and StartTLS); the bind secret in no log or error', () => {
  const fixture = useLdapFixture({
    emulator: () => startTestDirectory({ users: 40, groups: 5, seed: 41, hostileShare: 0.1, tls: true }),
    providers: dir => {
      const base = providerConfig(dir);
      const ca = dir.slapd.tls!.caPath;
      return {
        ldaps: { ...base, target: dir.slapd.ldapsUrl, tls: { ca }, namespace: 'ldaps' },
        starttls: { ...base, target: dir.slapd.url, tls: { ca, startTls: true }, namespace: 'starttls' },
        untrusted: { ...base, target: dir.slapd.ldapsUrl, namespace: 'untrusted' },
        untrustedStartTls: { ...base, target: dir.slapd.url, tls: { startTls: true }, namespace: 'untrusted-starttls' },
        wrongSecret: { ...base, target: dir.slapd.ldapsUrl, tls: { ca }, bind: { dn: dir.slapd.rootDn, secret: 'not-the-secret-42' }, namespace: 'wrong' },
      };
    },
    config: processEverySecond,
  });

  const expected = () => fixture.emulator.directory.people.filter(p => !p.disabled).length + fixture.emulator.directory.groups.length;

  it.each(['ldaps', 'starttls'])('%s: the whole org, trusting only the configured CA', async id => {
    const result = await fixture.provider(id).run();
    expect(result.error).toBeUndefined();
    expect(result.counts.users + result.counts.groups).toBe(expected());
    await waitFor(`${id} entities in the catalog`, async () => {
      const all = [...(await fixture.catalog.query(`kind=user,metadata.namespace=${id}`)), ...(await fixture.catalog.query(`kind=group,metadata.namespace=${id}`))];
      return all.filter(e => annotation(e, UUID)).length === expected();
    });
  });

  it('a server certificate from a CA the provider does not trust fails the run, over ldaps:// and StartTLS', async () => {
    for (const id of ['untrusted', 'untrustedStartTls']) {
      const result = await fixture.provider(id).run();
      expect(result.outcome).toBe('read-failed');
      expect(result.error).toMatch(/self[- ]signed|unable to (get|verify)|certificate/i);
    }
  });

  it('a wrong secret fails with the bind DN named; no secret appears in any log line or error', async () => {
    const result = await fixture.provider('wrongSecret').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toContain(`LDAP bind as ${fixture.emulator.slapd.rootDn}`);
    expect(result.error).toMatch(/InvalidCredentials/);
    const logs = fixture.logger.text();
    expect(logs).toContain('LdapOrgEntityProvider:wrongSecret');
    for (const secret of [fixture.emulator.slapd.rootPassword, 'not-the-secret-42']) {
      expect(logs).not.toContain(secret);
      expect(result.error).not.toContain(secret);
    }
  });
});
