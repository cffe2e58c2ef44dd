import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateLdapDirectory } from '@orgsync/idp-emulators';
import { CatalogApi, freePort, isSlapdAvailable, REQUIRE_SLAPD_ENV, SLAPD_INSTALL_HINT, waitFor } from '@orgsync/test-utils';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** `npm start` without the build step: scripts/start-demo.js, on free ports so it can run beside a developer's demo. */
describe('the demo (npm start)', () => {
  it('syncs all three emulated IdPs (and an OpenLDAP directory of the same org when slapd is installed) into the catalog, prints how to query it, and a person deactivated as it shows leaves within seconds', async () => {
    const ports = { DEMO_BACKEND_PORT: await freePort(), DEMO_OKTA_PORT: await freePort(), DEMO_GRAPH_PORT: await freePort(), DEMO_GITHUB_PORT: await freePort() };
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start-demo.js')], {
      cwd: ROOT,
      env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    try {
      const token = await waitFor('the demo banner', async () => /Authorization: Bearer ([\w-]+)/.exec(output)?.[1], { timeoutMs: 120_000 });
      expect(output).toContain(`http://localhost:${ports.DEMO_BACKEND_PORT}/api/catalog/entities/by-query?filter=kind=user`);
      const catalog = new CatalogApi(`http://localhost:${ports.DEMO_BACKEND_PORT}`, `Bearer ${token}`);
      for (const namespace of ['okta', 'entra', 'github']) {
        await waitFor(
          `users in namespace ${namespace}`,
          async () => (await catalog.query(`kind=user,metadata.namespace=${namespace}`)).length > 250,
          { timeoutMs: 180_000 },
        );
      }
      expect(output).not.toMatch(/conflicting entityRef/);
      await expectLdapDirectory(catalog, () => output);

      // The printed walk-through: deactivate the named person in Okta, and the catalog drops them within seconds
      // (the Event Hook), long before the next scheduled list (every 2 minutes).
      const byName = await waitFor('the leaver walk-through', async () => /'(http[^']*\/by-name\/user\/okta\/[^']+)'/.exec(output)?.[1], { timeoutMs: 150_000 });
      const deactivate = /curl -X POST (\S+\/__admin\/okta\/users\/\S+\/deactivate)/.exec(output)![1];
      const name = new URL(byName).pathname.split('/').pop()!;
      expect(await catalog.byName('user', 'okta', name)).toBeDefined();
      const lists = (output.match(/okta:demo: sync started/g) ?? []).length;
      const started = Date.now();
      expect((await fetch(deactivate, { method: 'POST' })).ok).toBe(true);
      await waitFor(`user:okta/${name} gone`, async () => (await catalog.byName('user', 'okta', name)) === undefined, { timeoutMs: 30_000, intervalMs: 250 });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((output.match(/okta:demo: sync started/g) ?? []).length).toBe(lists); // no list read did it
      // Its token can delete entities: the demo answers on loopback only.
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find(address => address && address.family === 'IPv4' && !address.internal)?.address;
      if (external) expect(await connects(external, ports.DEMO_BACKEND_PORT)).toBe(false);
      expect(await connects('127.0.0.1', ports.DEMO_BACKEND_PORT)).toBe(true);
    } finally {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 300_000);
});

/**
 * With slapd installed, the demo's OpenLDAP directory (the same generated org) is synced into namespace ldap:
 * every enabled person (locked accounts are left out). Without it, the banner says how to add it.
 */
async function expectLdapDirectory(catalog: CatalogApi, output: () => string) {
  if (!isSlapdAvailable()) {
    if (process.env[REQUIRE_SLAPD_ENV]) throw new Error(`${REQUIRE_SLAPD_ENV} is set but slapd is not installed: ${SLAPD_INSTALL_HINT}`);
    expect(output()).toContain(`LDAP: slapd is not installed, so the demo has no LDAP directory; to add one: ${SLAPD_INSTALL_HINT}`);
    return;
  }
  expect(output()).toMatch(/LDAP: a real OpenLDAP slapd at ldap:\/\/127\.0\.0\.1:\d+/);
  const directory = generateLdapDirectory({ users: 300, groups: 30, seed: 7 });
  const enabled = directory.people.filter(p => !p.disabled);
  const users = await waitFor(
    'the LDAP users in namespace ldap',
    async () => {
      const found = await catalog.query('kind=user,metadata.namespace=ldap');
      return found.length >= enabled.length && found;
    },
    { timeoutMs: 180_000 },
  );
  expect(users).toHaveLength(enabled.length);
  const dns = new Set(users.map(u => u.metadata.annotations?.['backstage.io/ldap-dn']));
  for (const person of enabled.filter(p => !p.hostile)) expect(dns).toContain(person.dn);
  const groups = await catalog.query('kind=group,metadata.namespace=ldap');
  expect(groups).toHaveLength(directory.groups.length);
  // The bind secret is the demo's own (printed nowhere): the banner names the bind DN only.
  expect(output()).not.toMatch(/secret-[a-z0-9]{6,}/);
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
