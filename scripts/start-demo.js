// `npm start`: the local demo. Starts the three IdP emulators on fixed ports
// with a generated org, an OpenLDAP directory of the same org when slapd is
// installed, bundles the Backstage app (packages/app), then the backend with
// app-config.yaml + app-config.local.yaml (+ the LDAP provider's config), which
// serves the app too, and says where to look. The backend's log lines go to a
// file; the terminal shows the banner and the providers' run lines.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmulators, generateLdapDirectory } = require('@orgsync/idp-emulators');
const { OKTA_CHANGE_EVENT_TYPES } = require('@orgsync/plugin-catalog-backend-module-okta-org');
const { isPortOpen, isSlapdAvailable, slapdPaths, startSlapd, SLAPD_INSTALL_HINT } = require('@orgsync/test-utils');
const { appBannerLines, buildApp, pickGuest, waitForGuest } = require('./demo-app');
const { createDemoLogFile, routeBackendLogs } = require('./demo-logs');
const { devTlsEnv } = require('./dev-tls');

const ROOT = path.join(__dirname, '..');
const portFrom = (name, fallback) => Number(process.env[name] || fallback);
const PORTS = { okta: portFrom('DEMO_OKTA_PORT', 18081), graph: portFrom('DEMO_GRAPH_PORT', 18443), github: portFrom('DEMO_GITHUB_PORT', 18082) };
const BACKEND_PORT = portFrom('DEMO_BACKEND_PORT', 7007);
/** The demo org, the same in every emulated IdP and in the LDAP directory. */
const ORG = { users: 300, groups: 30, seed: 7 };

async function main() {
  for (const [name, port] of [...Object.entries(PORTS), ['backend', BACKEND_PORT]]) {
    if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} (${name}) is already in use; stop whatever listens there first`);
  }
  await buildApp({ log: line => console.log(line) });
  const tlsEnv = await devTlsEnv();
  const emulators = await startEmulators({
    ports: PORTS,
    generate: ORG,
    // The accounts linking must cope with: contractor-1/-2, <org>-ci-bot, and <login>-personal (a refused conflict).
    githubConversion: { linkingExtras: true },
    tlsDir: tlsEnv.IDP_EMULATORS_TLS_DIR,
  });
  const ldap = await startLdapDirectory().catch(error => {
    console.error(`LDAP: slapd is installed but could not start (${error.message}); the demo runs without an LDAP directory.`);
    return undefined;
  });
  const info = emulators.info();
  const guest = pickGuest(emulators);
  const catalogToken = crypto.randomBytes(18).toString('base64url');
  // Secrets of this run for the change signals: the Okta Event Hook's Authorization header, Graph's clientState, the GitHub webhook's secret.
  const secrets = {
    oktaHook: crypto.randomBytes(24).toString('base64url'),
    graphClientState: crypto.randomBytes(24).toString('base64url'),
    githubWebhook: crypto.randomBytes(24).toString('base64url'),
    scim: crypto.randomBytes(24).toString('base64url'),
  };
  const env = {
    ...process.env,
    ...tlsEnv,
    DEMO_BACKEND_PORT: String(BACKEND_PORT),
    DEMO_CATALOG_TOKEN: catalogToken,
    DEMO_OKTA_URL: info.okta.orgUrl,
    DEMO_OKTA_TOKEN: info.okta.token,
    DEMO_GRAPH_URL: info.graph.url,
    DEMO_GRAPH_TENANT_ID: info.graph.tenantId,
    DEMO_GRAPH_CLIENT_ID: info.graph.clientId,
    DEMO_GRAPH_CLIENT_SECRET: info.graph.clientSecret,
    DEMO_GITHUB_URL: info.github.url,
    DEMO_GITHUB_HOST: new URL(info.github.url).host,
    DEMO_GITHUB_ORG: info.github.org,
    DEMO_GITHUB_TOKEN: info.github.token,
    DEMO_OKTA_HOOK_SECRET: secrets.oktaHook,
    DEMO_GRAPH_CLIENT_STATE: secrets.graphClientState,
    DEMO_GITHUB_WEBHOOK_SECRET: secrets.githubWebhook,
    DEMO_SCIM_TOKEN: secrets.scim,
    DEMO_GUEST_USER: guest.entityRef,
  };
  const logFile = createDemoLogFile();
  const backend = spawn(
    process.execPath,
    [
      path.join(ROOT, 'packages', 'backend'),
      '--config', 'app-config.yaml',
      '--config', 'app-config.local.yaml',
      ...(ldap ? ['--config', ldap.configPath] : []),
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  routeBackendLogs(backend, { logFile });
  console.log(` The backend's log lines go to ${logFile}; its providers' run lines and errors show here too.`);
  const closeIdps = async () => {
    await emulators.close();
    await ldap?.stop();
  };
  let stopping = false;
  const stop = async code => {
    if (stopping) return;
    stopping = true;
    await stopBackend(backend);
    await closeIdps();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  backend.on('exit', code => {
    if (stopping) return;
    stopping = true;
    closeIdps().then(() => process.exit(code ?? 1));
  });

  const deadline = Date.now() + 120_000;
  while (!(await isPortOpen('127.0.0.1', BACKEND_PORT))) {
    if (Date.now() > deadline) {
      console.error(`The backend did not start listening on port ${BACKEND_PORT} within 2 minutes.`);
      return stop(1);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const backendUrl = `http://localhost:${BACKEND_PORT}`;
  await registerPushSignals(info, backendUrl, secrets);
  console.log('\n Waiting for the first syncs: Okta first, then the providers linked to it (Entra ID, GitHub, LDAP)...\n');
  const person = await pickLinkedPerson(emulators, backendUrl, catalogToken, guest);
  const guestFound = await waitForGuest(backendUrl, catalogToken, guest);
  const extras = githubLinkingExtras(emulators, info.github.org);
  const curl = url => `curl -H "Authorization: Bearer ${catalogToken}" '${backendUrl}${url}'`;
  const GITHUB_PROVIDER = 'GithubMultiOrgEntityProvider:demo';
  console.log(`
================================================================================
 Demo running. The Backstage app: ${backendUrl}/org-sync (its pages are listed at the end).
 Emulated IdPs: Okta ${info.okta.url}, Microsoft Graph ${info.graph.url}, GitHub ${info.github.url}
 The backend lists each IdP every 2 minutes. Between those runs, changes arrive as events:
 Okta Event Hooks, Graph change notifications and GitHub webhooks are pushed to the
 backend (and Okta's System Log and Graph's delta are polled every 10 s as the fallback).
${
  ldap
    ? ` LDAP: a real OpenLDAP slapd at ${ldap.url} (bind ${ldap.bindDn}) holds the same org, listed
 every 2 minutes and polled for changed entries (entryCSN) every 10 s.`
    : isSlapdAvailable()
      ? ' LDAP: slapd could not start (see the error above), so the demo has no LDAP directory.'
      : ` LDAP: slapd is not installed, so the demo has no LDAP directory; to add one: ${SLAPD_INSTALL_HINT}`
}

 The demo is linked: one person, one User. Okta is the people source, so each person is one
 User in namespace okta. Entra ID, GitHub${ldap ? ' and LDAP are' : ' are'} linked to it (linkTo: okta.demo): a person's
 accounts there add their identities (graph.microsoft.com/user-id, github.com/user-login,
 backstage.io/ldap-dn, ...) to that User, and Entra groups, GitHub teams${ldap ? ' and LDAP groups' : ''} (namespaces
 entra, github${ldap ? ', ldap' : ''}) list user:okta/... members. Only accounts that match nobody in Okta
 (contractors, bots) or that linking refused (two accounts claiming one person, one email
 naming two people) are Users of their own IdP's namespace.

 Read the catalog (token valid for this run only):
   ${curl('/api/catalog/entities/by-query?filter=kind=user,metadata.namespace=okta&limit=20')}
   ${curl('/api/catalog/entities/by-query?filter=kind=user,metadata.namespace=github')}   # only the accounts that are nobody in Okta
   ${curl('/api/catalog/org-sync/providers')}   # sync status of every provider
${
  person
    ? `
 ${person.name} is one User, user:okta/${person.entityName}, carrying their GitHub login ${person.githubLogin}:
   ${curl(`/api/catalog/entities/by-query?filter=kind=user,metadata.annotations.github.com/user-login=${encodeURIComponent(person.githubLogin)}`)}
 (a GitHub sign-in resolving by github.com/user-login finds exactly this User). Their GitHub team lists them as user:okta/${person.entityName}:
   ${curl(`/api/catalog/entities/by-name/group/github/${person.githubTeam}`)}
   ${curl(`/api/catalog/org-sync/explain?q=${encodeURIComponent(`user:okta/${person.entityName}`)}`)}   # where is this person?`
    : `
 A person's GitHub login finds their Okta User:
   ${curl('/api/catalog/entities/by-query?filter=kind=user,metadata.annotations.github.com/user-login=<login>')}`
}
 What GitHub's last run linked, and what it did not (links.unmatched: ${extras.unmatched.join(', ')};
 links.conflicts: ${extras.conflict.length ? `${extras.conflict.join(' and ')} claim one person, and accounts whose SAML NameID names two people of Okta` : 'accounts whose claims name two people of Okta'}):
   ${curl(`/api/catalog/org-sync/providers/${GITHUB_PROVIDER}/runs?limit=1`)}
${
  person
    ? `
 Watch someone leave within seconds. ${person.name} is in the catalog:
   curl -s -o /dev/null -w '%{http_code}\\n' -H "Authorization: Bearer ${catalogToken}" '${backendUrl}/api/catalog/entities/by-name/user/okta/${person.entityName}'
 Deactivate them in Okta (the emulator's admin API):
   curl -X POST ${info.okta.url}/__admin/okta/users/${person.oktaId}/deactivate
 and ask again: the Event Hook has told the backend, which read ${person.name} from Okta
 again and removed them — 404 within a few seconds, not at the next scheduled run. They
 leave although their GitHub account ${person.githubLogin} is still in org ${info.github.org}: the Okta run
 that removed them lists it under stillLinked, for someone to remove it there:
   ${curl('/api/catalog/org-sync/providers/okta:demo/runs?limit=1')}
`
    : `
 Change the emulated org, e.g. deactivate an Okta user, and watch them leave within seconds:
   curl -X POST ${info.okta.url}/__admin/okta/users/<id>/deactivate
`
} GitHub's webhook works the same way: remove ${extras.unmatched[0] ?? '<login>'} from the org and user:github/${extras.unmatched[0] ?? '<login>'} is gone in seconds:
   curl -X DELETE ${info.github.url}/__admin/github/orgs/${info.github.org}/members/${extras.unmatched[0] ?? '<login>'}

 ${scimLines(backendUrl, secrets.scim, curl)}

${appBannerLines({ backendUrl, guest, guestFound, person, logFile })}

 Stop with Ctrl-C.
================================================================================
`);
}

/** The banner's SCIM walk-through: provision a person as an IdP would (POST /Users), see them, deprovision them. */
function scimLines(backendUrl, token, curl) {
  const scim = `${backendUrl}/api/catalog/org-sync/scim/demo`;
  const send = (method, url, body) =>
    `curl -X ${method} -H "Authorization: Bearer ${token}" -H 'Content-Type: application/scim+json' '${scim}${url}'${body ? ` -d '${JSON.stringify(body)}'` : ''}`;
  return `SCIM: any IdP can provision people here (Entra ID, Okta, OneLogin...; token valid for this run only). Provision someone:
   ${send('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scim.person@example.com', displayName: 'SCIM Person', emails: [{ value: 'scim.person@example.com', primary: true }] })}
 and within seconds they are a User (scim.orgsync.dev/id is the id the answer gave):
   ${curl('/api/catalog/entities/by-name/user/scim/scim.person')}
 Deprovision them as Okta does (Entra ID sends {"op":"Replace","path":"active","value":"False"}), or DELETE them:
   ${send('PATCH', '/Users/<id>', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] })}
   ${send('DELETE', '/Users/<id>')}
 and the User is gone (404) within seconds.`;
}

/**
 * Stops the backend and waits until it has exited, so no backend outlives the demo. After one SIGTERM it can take
 * a minute to exit (it was seen answering the events bus's long polls first); a second SIGTERM ends it at once.
 */
async function stopBackend(backend) {
  if (backend.exitCode !== null || backend.signalCode !== null) return;
  const exited = new Promise(resolve => backend.once('exit', resolve));
  backend.kill('SIGTERM');
  const again = setTimeout(() => backend.kill('SIGTERM'), 5_000);
  const kill = setTimeout(() => backend.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(again);
  clearTimeout(kill);
}

/**
 * The demo org in a throw-away OpenLDAP slapd (a child process with its own config and database) and the
 * ldap-org provider's config for it in a temp file, or undefined when slapd is not installed.
 */
async function startLdapDirectory() {
  if (!isSlapdAvailable()) return undefined;
  const directory = generateLdapDirectory(ORG);
  const ppolicy = fs.existsSync(path.join(slapdPaths.modules, 'ppolicy.la'));
  const slapd = await startSlapd({ ldif: directory.ldif({ ppolicy }), suffix: directory.suffix, ppolicy });
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-demo-ldap-'));
  const configPath = path.join(configDir, 'app-config.ldap.json');
  // JSON is YAML: the config loader reads it as a config file; mode 0600, it holds the bind secret.
  const config = {
    catalog: {
      providers: {
        ldapOrg: {
          demo: {
            target: slapd.url,
            bind: { dn: slapd.rootDn, secret: slapd.rootPassword },
            users: { dn: directory.peopleDn, options: { filter: '(objectClass=inetOrgPerson)' } },
            groups: { dn: directory.groupsDn, options: { filter: '(objectClass=groupOfNames)' } },
            namespace: 'ldap',
            linkTo: { peopleSource: 'okta.demo' },
            schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 }, initialDelay: { seconds: 1 } },
            events: { poll: { enabled: true, interval: { seconds: 10 } } },
          },
        },
      },
    },
  };
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  return {
    url: slapd.url,
    bindDn: slapd.rootDn,
    configPath,
    async stop() {
      await slapd.stop();
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Registers what the IdPs push to: an Okta Event Hook (verified) and a GitHub org webhook. Graph's subscriptions the provider creates itself. */
async function registerPushSignals(info, backendUrl, secrets) {
  const okta = (path, body) =>
    fetchJson(`${info.okta.orgUrl}${path}`, { method: 'POST', headers: { Authorization: `SSWS ${info.okta.token}` }, body });
  const hook = await retry('registering the Okta Event Hook', () =>
    okta('/api/v1/eventHooks', {
      name: 'Backstage org sync (demo)',
      events: { type: 'EVENT_TYPE', items: [...OKTA_CHANGE_EVENT_TYPES] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: { uri: `${backendUrl}/api/catalog/org-sync/okta/demo`, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: secrets.oktaHook } },
      },
    }),
  );
  // Verification calls the backend's route: retried until the module has mounted it.
  await retry('verifying the Okta Event Hook', () => okta(`/api/v1/eventHooks/${hook.id}/lifecycle/verify`));
  await retry('creating the GitHub org webhook', () =>
    fetchJson(`${info.github.url}/api/v3/orgs/${info.github.org}/hooks`, {
      method: 'POST',
      headers: { Authorization: `token ${info.github.token}` },
      body: {
        name: 'web',
        active: true,
        events: ['organization', 'team', 'membership'],
        config: { url: `${backendUrl}/api/events/http/github`, content_type: 'json', secret: secrets.githubWebhook },
      },
    }),
  );
}


/**
 * A person to show: an active Okta user with a plain name whose User, once the syncs have run, carries the
 * GitHub login of a linked account and is a member of a GitHub team, other than the app's guest. Undefined when none shows up in time
 * (the linked providers' first runs wait for Okta's first applied run).
 */
async function pickLinkedPerson(emulators, backendUrl, token, guest) {
  // Plain names only (the generated org also holds hostile records, with names of a few kilobytes); not the app's guest.
  const candidates = emulators.okta.org
    .users()
    .filter(u => u.status === 'ACTIVE' && u.id !== guest.oktaId && /^[A-Za-z][A-Za-z .'-]{2,40}$/.test(u.profile.displayName ?? ''));
  const url = `${backendUrl}/api/catalog/entities/by-query?filter=kind=user,metadata.namespace=okta,metadata.annotations.github.com/user-login&limit=500`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const answer = await fetchJson(url, { headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    const byOktaId = new Map((answer?.items ?? []).map(entity => [entity.metadata.annotations?.['okta.com/user-id'], entity]));
    for (const user of candidates) {
      const entity = byOktaId.get(user.id);
      const team = entity?.relations?.find(r => r.type === 'memberOf' && r.targetRef.startsWith('group:github/'));
      if (!team) continue;
      return {
        oktaId: user.id,
        name: user.profile.displayName,
        entityName: entity.metadata.name,
        githubLogin: entity.metadata.annotations['github.com/user-login'],
        githubTeam: team.targetRef.slice('group:github/'.length),
      };
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  return undefined;
}

/** The GitHub emulator's linking extras (conversion.linkingExtras): accounts that match nobody, and the two that claim one person. */
function githubLinkingExtras(emulators, org) {
  const users = emulators.github.org.snapshot().users;
  const logins = new Set(users.map(u => u.login));
  const unmatched = ['contractor-1', 'contractor-2', `${org.toLowerCase()}-ci-bot`].filter(login => logins.has(login));
  const personal = users.find(u => u.login.endsWith('-personal') && u.verified_emails.length);
  const main = personal && users.find(u => u !== personal && u.verified_emails.includes(personal.verified_emails[0]));
  return { unmatched, conflict: main ? [main.login, personal.login] : [] };
}

async function fetchJson(url, { method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function retry(what, task, attempts = 30) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts) throw new Error(`${what} failed: ${error.message}`);
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}

main().catch(error => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
