// Starts the emulators (with the repository's `idp-emulators` command) and the scratch
// backend against them, and reads what the catalog holds through its REST API.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { freePort, isListening, waitFor, localEnv } = require('./proc');
const { scimProvider } = require('./scim');

/** Each IdP syncs into its own namespace: the emulators serve the same people to all three. */
const NAMESPACES = { okta: 'okta', graph: 'entra', github: 'github' };

/** Children still running, so that an interrupted check leaves no emulator or backend behind. */
const running = new Set();

function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function stopAll() {
  return Promise.all([...running].map(child => stopChild(child)));
}

function stopChild(child) {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs `idp-emulators` on free ports; resolves with its printed connection info and a stop function. */
async function startEmulators(repoRoot, logFile) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'idp-emulators');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npm ci && npm run build\` first`);
  const args = ['--okta', '0', '--graph', '0', '--github', '0', '--users', '40', '--groups', '6', '--seed', '5'];
  const child = track(spawn(bin, args, { env: localEnv(), stdio: ['ignore', 'pipe', fs.openSync(logFile, 'a')] }));
  const firstLine = new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', code => reject(new Error(`idp-emulators exited with ${code} before printing its info (see ${logFile})`)));
  });
  const info = JSON.parse(await firstLine);
  return { info, stop: () => stopChild(child) };
}

function appConfig(port, token, scim, info) {
  const schedule = { frequency: { minutes: 30 }, timeout: { minutes: 2 }, initialDelay: { seconds: 1 } };
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: { externalAccess: [{ type: 'static', options: { token, subject: 'pack-check' } }] },
    },
    catalog: {
      locations: [],
      providers: {
        okta: { packcheck: { orgUrl: info.okta.orgUrl, token: info.okta.token, namespace: NAMESPACES.okta, schedule } },
        microsoftGraphOrg: {
          packcheck: {
            target: info.graph.graphBaseUrl,
            authority: info.graph.authorityHost,
            tenantId: info.graph.tenantId,
            clientId: info.graph.clientId,
            clientSecret: info.graph.clientSecret,
            namespace: NAMESPACES.graph,
            schedule,
          },
        },
        githubOrg: { id: 'packcheck', githubUrl: info.github.url, orgs: [info.github.org], namespace: NAMESPACES.github, schedule },
        scim: { [scim.id]: { token: scim.token, namespace: 'scim', schedule } },
      },
    },
    integrations: { github: [{ host: new URL(info.github.url).host, apiBaseUrl: info.github.apiBaseUrl, token: info.github.token }] },
  };
}

/** Starts dist/index.js of the scratch backend; resolves once it listens. */
async function startBackend(dir, info, logFile) {
  const port = await freePort();
  const token = crypto.randomBytes(18).toString('base64url');
  const scim = scimProvider();
  // JSON is YAML: the backend reads this file as app-config.
  fs.writeFileSync(path.join(dir, 'app-config.yaml'), JSON.stringify(appConfig(port, token, scim, info), null, 2));
  const log = fs.openSync(logFile, 'a');
  const child = track(spawn(process.execPath, ['dist/index.js', '--config', 'app-config.yaml'], {
    cwd: dir,
    env: localEnv({ NODE_EXTRA_CA_CERTS: info.graph.caPath, NODE_ENV: 'production' }),
    stdio: ['ignore', log, log],
  }));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`the backend exited with ${child.exitCode} (see ${logFile})`);
    return isListening(port);
  }, 120_000, `the backend to listen on port ${port} (see ${logFile})`);
  return { port, token, scim, stop: () => stopChild(child) };
}

/**
 * How the catalog is asked for each IdP's entities: by the annotations the module sets,
 * not by namespace (a README's transformer example may choose its own), and how the
 * engine names the provider in its "applied N users, M groups" log line.
 */
const IDPS = {
  okta: { provider: 'okta:packcheck', users: ['okta.com/user-id'], groups: ['okta.com/group-id'] },
  graph: {
    provider: 'MicrosoftGraphOrgEntityProvider:packcheck',
    users: ['graph.microsoft.com/user-id'],
    groups: ['graph.microsoft.com/group-id', 'graph.microsoft.com/tenant-id'],
  },
  github: { provider: 'GithubMultiOrgEntityProvider:packcheck', users: ['github.com/user-login'], groups: ['github.com/team-slug'] },
};

async function countEntities({ port, token }, kind, annotations) {
  const filters = annotations.map(annotation => `filter=kind=${kind},metadata.annotations.${annotation}`).join('&');
  const url = `http://127.0.0.1:${port}/api/catalog/entities/by-query?${filters}&limit=1`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()).totalItems;
}

/** What each provider's last run applied, from the engine's log line. */
function appliedCounts(log, provider) {
  const lines = [...log.matchAll(new RegExp(`${provider}: applied (\\d+) users, (\\d+) groups`, 'g'))];
  const last = lines[lines.length - 1];
  return last ? { users: Number(last[1]), groups: Number(last[2]) } : undefined;
}

/** The first error the backend logged about one of our providers or the plugin's start, if any. */
function firstProviderError(log) {
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const ours = Object.values(IDPS).some(({ provider }) => `${entry.provider ?? ''} ${entry.message}`.includes(provider));
    if (entry.level === 'error' && (ours || /startup failed/i.test(entry.message))) return entry.message;
  }
  return undefined;
}

/**
 * The engine reads the catalog's own tables (`refresh_state`, `refresh_state_references`: state/catalogHoldings.ts) to
 * see what the catalog holds for each provider; when a catalog release changes them, runs fall back to a full mutation
 * and warn. The fallback keeps syncing correct, so the sync alone would not notice: this names the warnings.
 */
const CATALOG_TABLE_WARNINGS = [/cannot see what the catalog holds/, /cannot read what the catalog holds/, /cannot check what the catalog took/];

function catalogTableWarnings(log) {
  return log.split('\n').filter(line => CATALOG_TABLE_WARNINGS.some(pattern => pattern.test(line)));
}

/**
 * Waits until every provider has applied a run and the catalog serves exactly the users
 * and groups it applied (the catalog processes applied entities in its own loop).
 */
async function waitForSyncedCatalog(backend, logFile) {
  return waitFor(async () => {
    const log = fs.readFileSync(logFile, 'utf8');
    const failure = firstProviderError(log);
    if (failure) throw new Error(`the backend logged an error: ${failure} (see ${logFile})`);
    const counts = {};
    for (const [idp, { provider, users, groups }] of Object.entries(IDPS)) {
      const applied = appliedCounts(log, provider);
      if (!applied || applied.users === 0 || applied.groups === 0) return undefined;
      const served = { users: await countEntities(backend, 'user', users), groups: await countEntities(backend, 'group', groups) };
      if (served.users !== applied.users || served.groups !== applied.groups) return undefined;
      counts[idp] = served;
    }
    const fallbacks = catalogTableWarnings(fs.readFileSync(logFile, 'utf8'));
    if (fallbacks.length) throw new Error(`the engine could not read the catalog's tables and fell back to full mutations:\n${fallbacks.slice(0, 3).join('\n')}`);
    return counts;
  }, 180_000, `every provider's applied users and groups in the catalog (see ${logFile})`);
}

module.exports = { startEmulators, startBackend, waitForSyncedCatalog, stopAll };
