#!/usr/bin/env node
// `npm run pack-check` (a CI step): what an adopter gets from npm. Packs the engine, the modules and the UI plugin as
// `npm publish` would, checks each tarball, then installs them — side by side, npm waits mostly on the registry — into
// a scratch backend of each Backstage set (the one the repository pins and the newest published) and a scratch app of
// the pinned frontend set (packages/app's), and checks, one after another:
//   - npm nests no private @backstage/* copy under our packages,
//   - a backend adding every module and the READMEs' customisation examples compiles with `skipLibCheck: false`,
//   - the READMEs' config blocks pass strict config validation, and a wrong type fails it,
//   - the backend starts and syncs users and groups from the three emulated IdPs,
//   - an app with the UI plugin (the README's new-system example, and the legacy exports) compiles with
//     `skipLibCheck: false`.
// Needs `npm ci && npm run build` first (the emulators run from the build).
// Options: --set pinned|newest|app (one set only), --keep (keep the scratch directory).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { run } = require('./proc');
const { packAll, tarballProblems } = require('./pack');
const { backendModuleExamples } = require('./readme');
const { installScratchBackend, inspectTree } = require('./scratch');
const { writeBackendSources, typeErrors, importChains, emitBackend } = require('./typecheck');
const { startEmulators, startBackend, waitForSyncedCatalog, stopAll } = require('./sync');
const { frontendSet, installScratchApp, writeAppSources, appTypeErrors } = require('./frontend');
const { provisionOverScim } = require('./scim');

const REPO_ROOT = path.join(__dirname, '..', '..');
/** The Backstage packages that make a set: what an adopter's backend depends on directly. */
const SET_PACKAGES = [
  '@backstage/backend-defaults',
  '@backstage/plugin-catalog-backend',
  '@backstage/backend-plugin-api',
  '@backstage/plugin-catalog-node',
  '@backstage/catalog-model',
];
const WATCHED = [...SET_PACKAGES, '@backstage/config', '@backstage/integration'];

/** The set the repository's lockfile pins, and the newest published versions of the same packages. */
function backstageSets() {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
  const pinned = Object.fromEntries(SET_PACKAGES.map(name => [name, lock.packages[`node_modules/${name}`].version]));
  const newest = Object.fromEntries(SET_PACKAGES.map(name => [name, run('npm', ['view', `${name}@latest`, 'version']).trim()]));
  return [
    { id: 'pinned', title: 'the pinned set (package-lock.json)', packages: pinned },
    { id: 'newest', title: 'the newest published set', packages: newest },
  ];
}

/** Runs one named check; a thrown error or returned problems make it fail. */
async function check(results, set, name, body) {
  const started = Date.now();
  process.stdout.write(`[${set}] ${name} … `);
  let problems;
  try {
    problems = (await body()) ?? [];
  } catch (error) {
    problems = [error.message];
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(problems.length ? `FAIL (${seconds} s)` : `ok (${seconds} s)`);
  for (const problem of problems) console.log(`    - ${problem.split('\n').join('\n      ')}`);
  results.push({ set, name, ok: problems.length === 0 });
  return problems.length === 0;
}

/**
 * Starts a scratch install now and returns a function that waits for it: the installs of every set run side by side
 * (they wait mostly on the registry), while the checks that need the CPU run one after another.
 */
function startInstall(install) {
  const outcome = install().then(() => undefined, error => error);
  return async () => {
    const error = await outcome;
    if (error) throw error;
  };
}

async function checkSet(set, packed, dir, installed, results) {
  const ourNames = packed.map(pkg => pkg.name);
  const modules = packed.filter(pkg => pkg.isModule);
  console.log(`\n${set.title}: ${Object.entries(set.packages).map(([n, v]) => `${n.replace('@backstage/', '')} ${v}`).join(', ')}`);
  if (!(await check(results, set.id, 'install the tarballs into a scratch backend', installed))) return;
  await check(results, set.id, 'npm ls: no @backstage/* copy nested under our packages', () => {
    const tree = inspectTree(dir, ourNames, WATCHED);
    const versions = Object.entries(tree.copies).map(([name, copies]) => `${name.replace('@backstage/', '')} ${[...new Set(copies.map(c => c.split(' ')[0]))].join(' + ')}`);
    console.log(`\n    installed: ${versions.join('; ')}`);
    return [...tree.nested.map(n => `nested: ${n}`), ...tree.problems.map(p => `npm ls: ${p}`)];
  });
  const examples = modules.flatMap(pkg =>
    backendModuleExamples(fs.readFileSync(path.join(pkg.unpacked, 'README.md'), 'utf8')).map(code => ({ from: pkg.name, code })),
  );
  await check(results, set.id, `tsc (skipLibCheck: false): every module + ${examples.length} README examples`, async () => {
    const missing = modules.filter(pkg => !examples.some(e => e.from === pkg.name)).map(pkg => `${pkg.name}: README has no backend module example`);
    writeBackendSources(dir, modules.map(pkg => pkg.name), examples);
    const { ours } = await typeErrors(dir);
    if (ours.length === 0) return missing;
    const { entries, example } = importChains(dir, ours, ourNames);
    return [
      ...missing,
      ...ours.map(line => line.split(dir).join('<scratch>')),
      ...entries.map(entry => `these files are read because of ${entry}`),
      ...(example ? [`for example: ${example}`] : []),
    ];
  });
  await check(results, set.id, 'config:check --strict of the READMEs\' config blocks', () => {
    const readmes = modules.map(pkg => path.join(pkg.unpacked, 'README.md'));
    const output = run(process.execPath, [path.join(__dirname, 'configCheck.js'), ...readmes], { cwd: dir });
    const result = JSON.parse(output.trim().split('\n').pop());
    console.log(`\n    accepted: ${result.accepted.join('; ')}`);
    for (const rejected of result.rejected) console.log(`    rejected as it should: ${rejected}`);
    return result.failures;
  });
  await check(results, set.id, 'the backend starts, syncs the three emulated IdPs and takes people and a team over SCIM', async () => {
    emitBackend(dir);
    const emulators = await startEmulators(REPO_ROOT, path.join(dir, 'emulators.log'));
    let backend;
    try {
      backend = await startBackend(dir, emulators.info, path.join(dir, 'backend.log'));
      const counts = { ...(await waitForSyncedCatalog(backend, path.join(dir, 'backend.log'))), scim: await provisionOverScim(backend) };
      console.log(`\n    ${Object.entries(counts).map(([ns, c]) => `${ns}: ${c.users} users, ${c.groups} groups`).join('; ')}`);
    } finally {
      await backend?.stop();
      await emulators.stop();
    }
  });
}

async function checkApp(set, packed, dir, installed, results) {
  const frontend = packed.filter(pkg => pkg.isFrontend);
  console.log(`\n${set.title}: ${Object.entries(set.packages).map(([n, v]) => `${n.replace('@backstage/', '')} ${v}`).join(', ')}`);
  if (!(await check(results, set.id, 'install the UI plugin into a scratch app', installed))) return;
  await check(results, set.id, 'npm ls: no @backstage/* copy nested under our packages', () => {
    const tree = inspectTree(dir, frontend.map(pkg => pkg.name), []);
    return [...tree.nested.map(n => `nested: ${n}`), ...tree.problems.map(p => `npm ls: ${p}`)];
  });
  await check(results, set.id, "tsc (skipLibCheck: false): the README's new-system app and a legacy app", async () => {
    writeAppSources(dir, fs.readFileSync(path.join(frontend[0].unpacked, 'README.md'), 'utf8'));
    return appTypeErrors(dir);
  });
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopAll().then(() => process.exit(130)));
  const { values } = parseArgs({ options: { set: { type: 'string' }, keep: { type: 'boolean' } } });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-pack-check-'));
  const results = [];
  const sets = values.set === 'app' ? [] : backstageSets().filter(set => !values.set || set.id === values.set);
  let packed = [];
  await check(results, 'pack', 'npm pack: each tarball holds what an adopter needs, and nothing else', async () => {
    packed = await packAll(REPO_ROOT, path.join(workDir, 'tarballs'));
    return packed.flatMap(pkg => tarballProblems(pkg).map(problem => `${pkg.name}: ${problem}`));
  });
  if (packed.length) {
    const backendPackages = packed.filter(pkg => !pkg.isFrontend);
    const installs = sets.map(set => {
      const dir = path.join(workDir, set.id);
      return { set, dir, installed: startInstall(() => installScratchBackend(dir, set, backendPackages, REPO_ROOT)) };
    });
    const app = values.set && values.set !== 'app' ? undefined : frontendSet(REPO_ROOT);
    const appDir = path.join(workDir, 'app');
    const appInstalled = app && startInstall(() => installScratchApp(appDir, app, packed, REPO_ROOT));
    for (const { set, dir, installed } of installs) await checkSet(set, backendPackages, dir, installed, results);
    if (app) await checkApp(app, packed, appDir, appInstalled, results);
  }
  const failed = results.filter(r => !r.ok);
  console.log(`\npack-check: ${results.length - failed.length} of ${results.length} checks passed${failed.length ? `; failed: ${failed.map(r => `[${r.set}] ${r.name}`).join('; ')}` : ''}`);
  if (failed.length || values.keep) console.log(`scratch backends and logs kept in ${workDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  process.exit(failed.length ? 1 : 0);
}

main().catch(error => {
  console.error(`pack-check: ${error.stack ?? error}`);
  process.exit(1);
});
