// A scratch Backstage backend, as an adopter's would be: one Backstage set, our tarballs.
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./proc');

/** Writes the scratch backend's package.json and installs it with npm. */
function installScratchBackend(dir, set, packed, repoRoot) {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const manifest = {
    name: 'pack-check-backend',
    version: '0.0.0',
    private: true,
    dependencies: {
      ...set.packages,
      ...Object.fromEntries(packed.map(pkg => [pkg.name, `file:${pkg.tarball}`])),
      // The repository's build of the SQLite driver, linked: npm would otherwise compile
      // SQLite again for every scratch backend when no prebuilt binary can be downloaded.
      'better-sqlite3': `file:${path.join(repoRoot, 'node_modules', 'better-sqlite3')}`,
    },
    devDependencies: {
      typescript: rootManifest.devDependencies.typescript,
      '@types/node': rootManifest.devDependencies['@types/node'],
    },
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
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

module.exports = { installScratchBackend, inspectTree };
