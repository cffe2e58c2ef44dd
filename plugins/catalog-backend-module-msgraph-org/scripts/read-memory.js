// Where a full read's memory goes: runs the built MsGraphOrgSource once against a
// Graph emulator in its own process and prints process.memoryUsage() at each stage
// and the peak RSS (VmHWM). Not published (outside `files`); the official figures
// come from `npm run bench`.
//
//   npm run build && node scripts/dev-tls.js   # (the bench makes .dev-certs too)
//   NODE_EXTRA_CA_CERTS=.dev-certs/ca.pem node --expose-gc \
//     plugins/catalog-backend-module-msgraph-org/scripts/read-memory.js [--users 50000] [--groups 5000] [--no-photos]
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '..', '..', '..');
const { values } = parseArgs({
  options: { users: { type: 'string', default: '50000' }, groups: { type: 'string', default: '5000' }, 'no-photos': { type: 'boolean' } },
});

const mb = n => Math.round(n / 1048576);
const vm = key => {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find(l => l.startsWith(key));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : NaN;
};
function sample(stage) {
  const m = process.memoryUsage();
  console.log(`${stage.padEnd(28)} rss ${mb(m.rss)} MB  heapUsed ${mb(m.heapUsed)} MB  external ${mb(m.external)} MB  arrayBuffers ${mb(m.arrayBuffers)} MB  peak ${vm('VmHWM:')} MB`);
}

async function startEmulator() {
  const child = spawn(
    process.execPath,
    [path.join(root, 'packages/idp-emulators/bin/idp-emulators.js'), '--graph', '0', '--users', values.users, '--groups', values.groups, '--seed', '8', '--tls-dir', path.join(root, '.dev-certs')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', code => reject(new Error(`emulator exited ${code}`)));
  });
  return { child, info: JSON.parse(line) };
}

async function main() {
  const { child, info } = await startEmulator();
  const graph = info.graph ?? info;
  try {
    const { MsGraphOrgSource } = require(path.join(root, 'plugins/catalog-backend-module-msgraph-org/dist/source/MsGraphOrgSource'));
    const { readMicrosoftGraphProviderConfig } = require(path.join(root, 'plugins/catalog-backend-module-msgraph-org/dist/config'));
    const { ConfigReader } = require('@backstage/config');
    const provider = {
      target: `${graph.url}/v1.0`,
      authority: graph.authorityHost,
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      user: { loadPhotos: !values['no-photos'] },
    };
    const config = readMicrosoftGraphProviderConfig('default', new ConfigReader(provider), 'catalog.providers.microsoftGraphOrg.default');
    const source = new MsGraphOrgSource({ config, logger: { info: console.log, warn: console.log } });
    globalThis.gc?.();
    sample('start');
    let last = '';
    const result = await source.read({
      signal: new globalThis.AbortController().signal,
      reportProgress: p => {
        if (p.stage !== last) {
          if (last) sample(`end of ${last}`);
          last = p.stage;
        }
      },
    });
    sample(`end of ${last} / read done`);
    globalThis.gc?.();
    sample('after gc (records held)');
    console.log(`records: ${result.users.length} users, ${result.groups.length} groups, ${result.users.filter(u => u.picture).length} pictures`);
    console.log(`records JSON: ${mb(Buffer.byteLength(JSON.stringify(result)))} MB`);
  } finally {
    child.kill();
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
