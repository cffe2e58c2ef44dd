import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeSlapd } from './availability';
import { startSlapd, type SlapdServer } from './slapdServer';

const run = promisify(execFile);
const LDIF = [
  'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n',
  'dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n',
  'dn: uid=ada,ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: ada\ncn: Ada Lovelace\nsn: Lovelace\n',
].join('\n');

async function search(server: SlapdServer, url: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await run('ldapsearch', ['-LLL', '-x', '-H', url, '-D', server.rootDn, '-w', server.rootPassword, '-b', 'ou=people,dc=example,dc=com', '(uid=ada)', 'cn', ...extra], {
    env: { ...process.env, ...env },
  });
  return stdout;
}

describeSlapd('a throw-away slapd', () => {
  let server: SlapdServer;
  afterEach(async () => server?.stop());

  it('answers searches on a free port, counts them, survives a kill and a start, and offers ldaps and StartTLS with its private CA', async () => {
    server = await startSlapd({ ldif: LDIF, tls: true });
    expect(await search(server, server.url)).toContain('cn: Ada Lovelace');
    expect(await server.settledOperations()).toMatchObject({ binds: 1, searches: 1, entries: 1 });
    await server.kill();
    await expect(search(server, server.url)).rejects.toThrow();
    await server.start();
    expect(await search(server, server.url)).toContain('cn: Ada Lovelace');
    const trusted = { LDAPTLS_CACERT: server.tls!.caPath, LDAPTLS_REQCERT: 'demand' };
    expect(await search(server, server.ldapsUrl!, [], trusted)).toContain('cn: Ada Lovelace');
    expect(await run('ldapsearch', ['-ZZ', '-LLL', '-x', '-H', server.url, '-b', '', '-s', 'base', '(objectClass=*)'], { env: { ...process.env, ...trusted } })).toBeDefined();
    // An untrusted client refuses the certificate.
    await expect(search(server, server.ldapsUrl!, [], { LDAPTLS_CACERT: '/dev/null', LDAPTLS_REQCERT: 'demand' })).rejects.toThrow();
  });

  it('says what slapadd refused', async () => {
    await expect(startSlapd({ ldif: 'dn: dc=other,dc=org\nobjectClass: dcObject\ndc: other\n' })).rejects.toThrow(/slapadd could not load the LDIF/);
  });
});
