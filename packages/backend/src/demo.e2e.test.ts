import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { generateLdapDirectory } from '@orgsync/idp-emulators';
import { CatalogApi, freePort, isSlapdAvailable, REQUIRE_SLAPD_ENV, SLAPD_INSTALL_HINT, waitFor } from '@orgsync/test-utils';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** What `GET /api/catalog/org-sync/providers/:name/runs` answers per run (the fields this test reads). */
interface StoredRun {
  trigger: string;
  readMode: string;
  outcome: string;
  links?: {
    peopleSource: string;
    linked: number;
    unmatched: Array<{ account: string }>;
    conflicts: Array<{ account: string }>;
    departed: Array<{ account: string; where: string }>;
  };
  stillLinked?: Array<{ person: string; account: string; where: string }>;
}

const GITHUB_PROVIDER = 'GithubMultiOrgEntityProvider:demo';
const ENTRA_PROVIDER = 'MicrosoftGraphOrgEntityProvider:demo';
const LDAP_PROVIDER = 'LdapOrgEntityProvider:demo';

/** `npm start` without the build step: scripts/start-demo.js, on free ports so it can run beside a developer's demo. */
describe('the demo (npm start)', () => {
  it('serves the Backstage app at its URL (index.html with the runtime config, its bundle, guest sign-in as a person of the demo org), prints that URL and its pages, and keeps the backend\'s log lines in the file the banner names, the terminal showing the providers\' run lines only; runs linked: one User per person in namespace okta carrying their Entra, GitHub (and LDAP) identities, GitHub teams listing them, the linked namespaces holding only the accounts linking left out; prints how to query it; a person deactivated as it shows leaves within seconds and is reported as still holding their GitHub account', async () => {
    const ports = { DEMO_BACKEND_PORT: await freePort(), DEMO_OKTA_PORT: await freePort(), DEMO_GRAPH_PORT: await freePort(), DEMO_GITHUB_PORT: await freePort() };
    const launched = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start-demo.js')], {
      cwd: ROOT,
      env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    try {
      // The banner waits for the first syncs: Okta's, then those of the providers linked to it.
      const token = await waitFor('the demo banner', async () => /Authorization: Bearer ([\w-]+)/.exec(output)?.[1], { timeoutMs: 420_000, intervalMs: 1000 });
      // A figure for the README (scripts/readmeTimes.js reads it from the CI log), not an assertion.
      process.stdout.write(`demo: banner after ${((Date.now() - launched) / 1000).toFixed(1)} s\n`);
      const backend = `http://localhost:${ports.DEMO_BACKEND_PORT}`;
      expect(output).toContain(`${backend}/api/catalog/entities/by-query?filter=kind=user`);
      const catalog = new CatalogApi(backend, `Bearer ${token}`);
      await expectAppServed(backend, catalog, output);
      await expectLogFile(output);
      await waitFor('the people in namespace okta', async () => (await catalog.query('kind=user,metadata.namespace=okta')).length > 250, { timeoutMs: 180_000, intervalMs: 1000 });

      // GitHub: its namespace holds the accounts that are nobody in Okta and the refused ones, no one else.
      const github = await linkedNamespace(catalog, GITHUB_PROVIDER, 'github');
      expect(github.links.peopleSource).toBe('okta.demo');
      expect(github.links.linked).toBeGreaterThan(250);
      expect(github.users.length).toBeLessThan(30);
      expect(github.links.unmatched.map(u => u.account).sort()).toEqual(['acme-ci-bot', 'contractor-1', 'contractor-2']);
      const personal = github.links.conflicts.map(c => c.account).find(account => account.endsWith('-personal'));
      expect(personal).toBeDefined();
      const githubNames = github.users.map(u => u.metadata.name);
      expect(githubNames).toEqual(expect.arrayContaining(['acme-ci-bot', 'contractor-1', 'contractor-2', personal!, personal!.replace(/-personal$/, '')]));
      const entra = await linkedNamespace(catalog, ENTRA_PROVIDER, 'entra');
      expect(entra.links.linked).toBeGreaterThan(250);
      expect(entra.users.length).toBeLessThan(30);
      expect(output).not.toMatch(/conflicting entityRef/);
      expect(await logFileText(output)).not.toMatch(/conflicting entityRef/);

      // GitHub teams list the people's Okta Users.
      const teamUrl = /'(http[^']*\/by-name\/group\/github\/[^']+)'/.exec(output)![1];
      const team = await catalog.byName('group', 'github', new URL(teamUrl).pathname.split('/').pop()!);
      const teamMembers = (team?.spec?.members ?? []) as string[];
      expect(teamMembers.filter(ref => ref.startsWith('user:okta/')).length).toBeGreaterThan(teamMembers.length / 2);
      const githubTeams = await catalog.query('kind=group,metadata.namespace=github');
      expect(githubTeams.flatMap(g => (g.spec?.members ?? []) as string[]).filter(ref => ref.startsWith('user:okta/')).length).toBeGreaterThan(250);

      // A GitHub login finds exactly one User: the person's, in namespace okta (what a GitHub sign-in resolver looks up).
      const byLogin = /'(http[^']*\/by-query\?filter=kind=user,metadata\.annotations\.github\.com\/user-login=[^']+)'/.exec(output)![1];
      const login = decodeURIComponent(byLogin.split('=').pop()!);
      const byName = await waitFor('the leaver walk-through', async () => /'(http[^']*\/by-name\/user\/okta\/[^']+)'/.exec(output)?.[1]);
      const name = new URL(byName).pathname.split('/').pop()!;
      const found = (await (await fetch(byLogin, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Entity[] };
      expect(found.items.map(e => `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`)).toEqual([`User:okta/${name}`]);
      // One User per GitHub account: no login is on two Users.
      const logins = (await catalog.query('kind=user,metadata.annotations.github.com/user-login')).map(e => e.metadata.annotations!['github.com/user-login']);
      expect(new Set(logins.map(l => l.toLowerCase())).size).toBe(logins.length);
      await expectLdapDirectory(catalog, () => output);

      // The printed walk-through: deactivate the named person in Okta, and the catalog drops them within seconds
      // (the Event Hook), long before the next scheduled list (every 2 minutes).
      const deactivate = /curl -X POST (\S+\/__admin\/okta\/users\/\S+\/deactivate)/.exec(output)![1];
      expect(await catalog.byName('user', 'okta', name)).toBeDefined();
      const lists = (output.match(/okta:demo: sync started/g) ?? []).length;
      const started = Date.now();
      expect((await fetch(deactivate, { method: 'POST' })).ok).toBe(true);
      await waitFor(`user:okta/${name} gone`, async () => (await catalog.byName('user', 'okta', name)) === undefined, { timeoutMs: 30_000, intervalMs: 250 });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((output.match(/okta:demo: sync started/g) ?? []).length).toBe(lists); // no list read did it
      // They left although still in GitHub: the Okta run that removed them says so.
      const stillLinked = { person: `user:okta/${name}`, account: login, where: 'GitHub org acme' };
      await waitFor(
        `the Okta run's report to list ${login} under stillLinked`,
        async () => (await runs(catalog, 'okta:demo')).some(run => run.stillLinked?.some(s => JSON.stringify(s) === JSON.stringify(stillLinked))),
        { timeoutMs: 30_000 },
      );
      await expectScimWalkThrough(catalog, output);
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
  }, 900_000);
});

/**
 * The app the banner points at: its page (any app route) is index.html with the frontend config injected for this
 * backend's URL, linking a bundle and a stylesheet that are served; guest sign-in gives a token for the banner's
 * guest, a User of the demo org that the catalog answers for with that token.
 */
async function expectAppServed(backend: string, catalog: CatalogApi, output: string): Promise<void> {
  expect(output).toContain(`Demo running. The Backstage app: ${backend}/org-sync`);
  const guestRef = new RegExp(`The Backstage app: ${backend}/org-sync  \\(sign in as Guest: you are [^,]+, (user:okta/[\\w.-]+)\\)`).exec(output)?.[1];
  expect(guestRef).toBeDefined();
  for (const page of ['/org-sync', '/catalog', `/catalog/okta/user/${guestRef!.split('/')[1]}`]) expect(output).toContain(`${backend}${page}`);

  const index = await fetch(`${backend}/org-sync/explain?q=anyone`);
  expect(index.status).toBe(200);
  expect(index.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await index.text();
  const config = JSON.parse(/<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(html)![1]) as Array<{ data: { app?: { baseUrl?: string }; backend?: { baseUrl?: string } } }>;
  expect(config.map(c => c.data.backend?.baseUrl)).toContain(backend);
  expect(config.map(c => c.data.app?.baseUrl)).toContain(backend);
  expect(JSON.stringify(config)).not.toContain(/Authorization: Bearer ([\w-]+)/.exec(output)![1]); // no secret of the backend's config
  const script = /<script type="module" src="(\/static\/index-\w+\.js)"><\/script>/.exec(html)![1];
  const bundle = await fetch(`${backend}${script}`);
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  // The entry script and the chunks it imports (the bundle is split: lazily loaded parts come later).
  const entry = await bundle.text();
  const chunks = [...new Set([...entry.matchAll(/from"\/static\/(chunk-\w+\.js)"|import"\/static\/(chunk-\w+\.js)"/g)].map(match => match[1] ?? match[2]))];
  const code = [entry, ...(await Promise.all(chunks.map(async chunk => (await fetch(`${backend}/static/${chunk}`)).text())))].join('\n');
  expect(code.length).toBeGreaterThan(1_000_000);
  expect(code).toContain('org-sync'); // the org sync plugin is in it
  const stylesheet = await fetch(`${backend}${/<link rel="stylesheet" href="(\/static\/index-\w+\.css)"/.exec(html)![1]}`);
  expect(stylesheet.status).toBe(200);
  expect(stylesheet.headers.get('content-type')).toMatch(/text\/css/);

  // What the sign-in page's Guest button asks the auth backend.
  const signIn = await fetch(`${backend}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  expect(signIn.status).toBe(200);
  const { backstageIdentity } = (await signIn.json()) as { backstageIdentity: { token: string; identity: { userEntityRef: string; ownershipEntityRefs: string[] } } };
  expect(backstageIdentity.identity.userEntityRef).toBe(guestRef);
  expect(backstageIdentity.identity.ownershipEntityRefs).toContain(guestRef);
  const [, namespace, name] = /^user:([^/]+)\/(.+)$/.exec(guestRef!)!;
  const asGuest = await fetch(`${backend}/api/catalog/entities/by-name/user/${namespace}/${name}`, { headers: { authorization: `Bearer ${backstageIdentity.token}` } });
  expect(asGuest.status).toBe(200);
  expect(await catalog.byName('user', namespace, name)).toBeDefined();
}

/** The log file the banner names: where the backend's lines went, request and audit lines included, which the terminal does not show. */
async function logFileText(output: string): Promise<string> {
  const logFile = /The backend's log \(requests, audit events, \.\.\.\): (\S+)/.exec(output)![1];
  return fs.promises.readFile(logFile, 'utf8');
}

async function expectLogFile(output: string): Promise<void> {
  const log = await logFileText(output);
  expect(log).toContain('Serving static app content from');
  expect(log).toMatch(/okta:demo: sync started/);
  const requestLines = log.split('\n').filter(line => line.includes('rootHttpRouter'));
  expect(requestLines.length).toBeGreaterThan(10);
  expect(output).not.toContain('rootHttpRouter');
  expect(output).toMatch(/okta:demo: sync started/);
}

/** The banner's SCIM lines, run as printed: the person provisioned is a User within seconds, and gone once deprovisioned. */
async function expectScimWalkThrough(catalog: CatalogApi, output: string): Promise<void> {
  const scimRequest = (method: string) => new RegExp(`curl -X ${method} -H "Authorization: Bearer ([\\w-]+)" -H 'Content-Type: application/scim\\+json' '([^']+)'(?: -d '([^']+)')?`).exec(output)!;
  const send = (match: RegExpExecArray, id?: string) =>
    fetch(id ? match[2].replace('<id>', id) : match[2], {
      method: match[0].split(' ')[2],
      headers: { authorization: `Bearer ${match[1]}`, 'content-type': 'application/scim+json' },
      body: match[3],
    });
  const created = await send(scimRequest('POST'));
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const entity = await waitFor('the SCIM person in the catalog', () => catalog.byName('user', 'scim', 'scim.person'), { timeoutMs: 30_000, intervalMs: 250 });
  expect(entity.metadata.annotations?.['scim.orgsync.dev/id']).toBe(id);
  expect((await send(scimRequest('PATCH'), id)).status).toBe(200);
  await waitFor('the deprovisioned SCIM person gone', async () => (await catalog.byName('user', 'scim', 'scim.person')) === undefined, { timeoutMs: 30_000, intervalMs: 250 });
}

async function runs(catalog: CatalogApi, provider: string): Promise<StoredRun[]> {
  return (await catalog.json<{ items: StoredRun[] }>(`/org-sync/providers/${encodeURIComponent(provider)}/runs?limit=20`)).items;
}

/**
 * A linked provider's namespace once it holds exactly the accounts its last full run did not link to a person
 * (unmatched and refused), with that run's link report.
 */
async function linkedNamespace(catalog: CatalogApi, provider: string, namespace: string) {
  return waitFor(
    `namespace ${namespace} to hold only the accounts ${provider} did not link`,
    async () => {
      const full = (await runs(catalog, provider)).find(run => run.outcome === 'applied' && run.readMode === 'full' && run.links);
      if (!full) throw new Error(`${provider} has applied no full run with a link report yet`);
      const links = full.links!;
      const users = await catalog.query(`kind=user,metadata.namespace=${namespace}`);
      const left = links.unmatched.length + links.conflicts.length;
      if (users.length !== left) throw new Error(`namespace ${namespace} has ${users.length} Users, ${provider}'s last full run left ${left} accounts unlinked`);
      return { links, users };
    },
    { timeoutMs: 240_000, intervalMs: 1000 },
  );
}

/**
 * With slapd installed, the demo's OpenLDAP directory (the same generated org) is linked to Okta: every enabled
 * person (locked accounts are left out) is either an Okta User carrying their DN or, when linking left them out,
 * a User of namespace ldap; the directory's groups are in namespace ldap. Without slapd, the banner says how to add it.
 */
async function expectLdapDirectory(catalog: CatalogApi, output: () => string) {
  if (!isSlapdAvailable()) {
    if (process.env[REQUIRE_SLAPD_ENV]) throw new Error(`${REQUIRE_SLAPD_ENV} is set but slapd is not installed: ${SLAPD_INSTALL_HINT}`);
    expect(output()).toContain(`LDAP: slapd is not installed, so the demo has no LDAP directory; to add one: ${SLAPD_INSTALL_HINT}`);
    return;
  }
  expect(output()).toMatch(/LDAP: a real OpenLDAP slapd at ldap:\/\/127\.0\.0\.1:\d+/);
  const directory = generateLdapDirectory({ users: 300, groups: 30, seed: 7 });
  const ldap = await linkedNamespace(catalog, LDAP_PROVIDER, 'ldap');
  expect(ldap.links.linked).toBeGreaterThan(250);
  const departed = new Set(ldap.links.departed.map(d => d.account));
  const expected = directory.people.filter(p => !p.disabled && !p.hostile && !departed.has(p.uid)).map(p => p.dn);
  // The catalog processor adds the DNs to the people's Users: 200 right after the run, the rest at the processing interval.
  await waitFor(
    'every enabled person of the directory on an Okta User (or in namespace ldap)',
    async () => {
      const users = await catalog.query('kind=user,metadata.annotations.backstage.io/ldap-dn');
      const dns = new Set(users.filter(u => ['okta', 'ldap'].includes(u.metadata.namespace!)).map(u => u.metadata.annotations!['backstage.io/ldap-dn']));
      const missing = expected.filter(dn => !dns.has(dn));
      if (missing.length) throw new Error(`${missing.length} DNs on no User, e.g. ${missing.slice(0, 3).join('; ')}`);
      return true;
    },
    { timeoutMs: 240_000, intervalMs: 2000 },
  );
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
