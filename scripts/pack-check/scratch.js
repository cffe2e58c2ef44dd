// A scratch Backstage backend, as an adopter's would be: one Backstage set, our tarballs.
const fs = require('node:fs');
const path = require('node:path');
const { run, runAsync } = require('./proc');

/** Writes the scratch backend's package.json and installs it with npm (see installScratch). */
function installScratchBackend(dir, set, packed, repoRoot) {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const manifest = {
    name: 'pack-check-backend',
    version: '0.0.0',
    private: true,
    dependencies: {
      ...set.packages,
      ...Object.fromEntries(packed.map(pkg => [pkg.name, `file:${pkg.tarball}`])),
      // The version the repository built, so that its compiled binary can be copied in (installScratch).
      'better-sqlite3': packageVersion(repoRoot, 'better-sqlite3'),
    },
    devDependencies: {
      typescript: rootManifest.devDependencies.typescript,
      '@types/node': rootManifest.devDependencies['@types/node'],
    },
  };
  return installScratch(dir, manifest, repoRoot);
}

/**
 * Installs a scratch project. Install scripts do not run: they would compile SQLite from source for every scratch
 * directory (no prebuilt binary can be downloaded here), minutes each, and two installs side by side would build into
 * one directory. The repository's own build of each native package is copied in instead; a native package of another
 * version is rebuilt on its own.
 */
async function installScratch(dir, manifest, repoRoot) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await runAsync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], { cwd: dir });
  for (const name of NATIVE_PACKAGES) await provideNativeBuild(dir, name, repoRoot);
}

/** Packages whose install script compiles a binary the scratch projects need. */
const NATIVE_PACKAGES = ['better-sqlite3'];

function versionAt(packageDir) {
  return JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
}

function packageVersion(root, name) {
  return versionAt(path.join(root, 'node_modules', name));
}

async function provideNativeBuild(dir, name, repoRoot) {
  const built = path.join(repoRoot, 'node_modules', name, 'build');
  const version = packageVersion(repoRoot, name);
  for (const installed of installedCopies(path.join(dir, 'node_modules'), name)) {
    if (versionAt(installed) !== version || !fs.existsSync(built)) {
      await runAsync('npm', ['rebuild', name, '--loglevel=error'], { cwd: dir });
      return;
    }
    fs.cpSync(built, path.join(installed, 'build'), { recursive: true });
  }
}

/** Every installed copy of a package under a node_modules folder, nested ones included. */
function installedCopies(nodeModules, name) {
  if (!fs.existsSync(nodeModules)) return [];
  const copies = fs.existsSync(path.join(nodeModules, name, 'package.json')) ? [path.join(nodeModules, name)] : [];
  for (const entry of fs.readdirSync(nodeModules)) {
    const scoped = entry.startsWith('@') ? fs.readdirSync(path.join(nodeModules, entry)).map(child => path.join(entry, child)) : [entry];
    for (const pkg of scoped) copies.push(...installedCopies(path.join(nodeModules, pkg, 'node_modules'), name));
  }
  return copies;
}

/** Walks `npm ls --all --json --long` and yields every node with its path in the tree. */
function* treeNodes(node) {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    yield { name, ...child };
    yield* treeNodes(child);
  }
}

/**
 * What `npm ls` says about the installed tree: `nested` = @backstage/* packages installed
 * under one of ours (a private copy next to the app's), `copies` = versions per package
 * for the packages that matter to us, `problems` = npm ls problems that name our packages.
 */
function inspectTree(dir, ourNames, watchedPackages) {
  const result = run('npm', ['ls', '--all', '--json', '--long'], { cwd: dir, allowFailure: true });
  const tree = JSON.parse(result.stdout);
  const nested = [];
  const copies = Object.fromEntries(watchedPackages.map(name => [name, new Set()]));
  for (const node of treeNodes(tree)) {
    if (!node.path || node.missing) continue;
    const relative = path.relative(dir, node.path).split(path.sep).join('/');
    if (copies[node.name]) copies[node.name].add(`${node.version} (${relative})`);
    const underOurs = ourNames.some(name => relative.startsWith(`node_modules/${name}/node_modules/`));
    if (underOurs && node.name.startsWith('@backstage/')) nested.push(`${node.name}@${node.version} at ${relative}`);
  }
  const problems = (tree.problems ?? []).filter(problem => ourNames.some(name => problem.includes(name)));
  return {
    nested: [...new Set(nested)],
    copies: Object.fromEntries(Object.entries(copies).map(([name, set]) => [name, [...set]])),
    problems,
  };
}

module.exports = { installScratchBackend, installScratch, inspectTree };
