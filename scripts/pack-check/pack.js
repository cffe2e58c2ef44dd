// Packs the publishable packages as `npm publish` would, and checks each tarball holds
// what an adopter needs and nothing else.
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { run, runAsync } = require('./proc');
const { relativeLinks } = require('./readme');

/** The published packages, the engine first (the modules' prepack builds against its types). */
const PUBLISHED = [
  { dir: 'plugins/catalog-org-sync-node', isModule: false },
  { dir: 'plugins/catalog-backend-module-okta-org', isModule: true },
  { dir: 'plugins/catalog-backend-module-msgraph-org', isModule: true },
  { dir: 'plugins/catalog-backend-module-github-org', isModule: true },
  { dir: 'plugins/catalog-backend-module-ldap-org', isModule: true },
  { dir: 'plugins/catalog-backend-module-scim', isModule: true },
  { dir: 'plugins/org-sync', isModule: false, isFrontend: true },
];

const FORBIDDEN_FILES = [
  [/\.test\./, 'a test'],
  [/(^|\/)(__testing__|__fixtures__|e2e)\//, 'a test harness or fixture'],
  [/\.map$/, 'a source map (src is not shipped)'],
  [/^src\//, 'a source file'],
  [/tsbuildinfo$/, 'a build cache'],
];
const DEV_ONLY_IMPORTS = ['@orgsync/idp-emulators', '@orgsync/test-utils', '@backstage/backend-test-utils', 'jest', '@jest/globals'];

/**
 * Packs every published package into `destDir`; resolves with { name, dir, isModule, tarball, unpacked } each, in
 * PUBLISHED's order. Each pack compiles its package (prepack): the engine first, as the others build against its
 * types, then the rest two at a time.
 */
async function packAll(repoRoot, destDir) {
  fs.mkdirSync(destDir, { recursive: true });
  const [engine, ...rest] = PUBLISHED;
  const packed = [await packOne(repoRoot, destDir, engine)];
  const queue = [...rest];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) packed.push(await packOne(repoRoot, destDir, pkg));
  };
  await Promise.all([worker(), worker()]);
  return PUBLISHED.map(pkg => packed.find(p => p.dir === pkg.dir));
}

async function packOne(repoRoot, destDir, pkg) {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, pkg.dir, 'package.json'), 'utf8'));
  await runAsync('npm', ['pack', '--silent', '--pack-destination', destDir, '-w', pkg.dir], { cwd: repoRoot });
  const tarball = path.join(destDir, `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`npm pack -w ${pkg.dir} did not write ${tarball}`);
  const unpacked = path.join(destDir, 'unpacked', path.basename(pkg.dir));
  fs.mkdirSync(unpacked, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  return { ...pkg, name: manifest.name, tarball, unpacked };
}

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** Problems with one packed package, as sentences; none means it is fit to publish. */
function tarballProblems(pkg) {
  const files = listFiles(pkg.unpacked);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg.unpacked, 'package.json'), 'utf8'));
  const problems = [];
  const required = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', ...(pkg.isModule ? ['config.d.ts'] : [])];
  for (const file of required) if (!files.includes(file)) problems.push(`${file} is missing`);
  for (const file of files) {
    const hit = FORBIDDEN_FILES.find(([pattern]) => pattern.test(file));
    if (hit) problems.push(`${file} is ${hit[1]}`);
  }
  problems.push(...manifestProblems(manifest));
  for (const link of relativeLinks(fs.readFileSync(path.join(pkg.unpacked, 'README.md'), 'utf8'))) {
    problems.push(`README.md links to "${link}", which does not exist on npm (use an absolute https link)`);
  }
  problems.push(...importProblems(pkg.unpacked, files, manifest));
  return problems;
}

function manifestProblems(manifest) {
  const problems = [];
  if (manifest.license !== 'Apache-2.0') problems.push(`license is ${manifest.license}, not Apache-2.0`);
  if (!manifest.repository?.url) problems.push('repository is missing');
  if (!manifest.homepage) problems.push('homepage is missing');
  if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public" (a scoped package publishes restricted)');
  if (!manifest.engines?.node) problems.push('engines.node is missing');
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (/^(@backstage|@orgsync)\//.test(name) && /^\d/.test(range)) {
      problems.push(`dependency ${name} is pinned to ${range}: adopters get a private nested copy (use a caret range)`);
    }
  }
  return problems;
}

/** The .d.ts files an adopter's compiler reads: dist/index.d.ts and what it imports, transitively. */
function publicTypeFiles(root) {
  const seen = new Set();
  const visit = file => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from\s|import\()\s*['"](\.[^'"]+)['"]/g)) {
      const base = path.posix.join(path.posix.dirname(file), specifier.replace(/\.js$/, ''));
      const target = [`${base}.d.ts`, `${base}/index.d.ts`].find(candidate => fs.existsSync(path.join(root, candidate)));
      if (target) visit(target);
    }
  };
  visit('dist/index.d.ts');
  return [...seen];
}

function importedSpecifiers(text) {
  return [...text.matchAll(/(?:require\(|import\(|from\s)\s*['"]([^'"]+)['"]/g)].map(match => match[1]);
}

/**
 * Every package the built code requires, or the public types import, must be a declared
 * dependency (it is then installed wherever npm or pnpm puts it), never a dev-only one,
 * and never reached by a path into the build machine's node_modules.
 */
function importProblems(root, files, manifest) {
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const read = [...files.filter(f => /^dist\/.*\.js$/.test(f)), ...(files.includes('dist/index.d.ts') ? publicTypeFiles(root) : [])];
  const problems = new Set();
  for (const file of read) {
    for (const specifier of importedSpecifiers(fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (specifier.includes('node_modules/')) problems.add(`${file} imports "${specifier}", a path on the machine that built it`);
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
      if (DEV_ONLY_IMPORTS.includes(name)) problems.add(`${file} imports ${name}, a development-only package`);
      else if (!declared.has(name)) problems.add(`${file} imports ${name}, which is not a declared dependency`);
    }
  }
  return [...problems];
}

module.exports = { PUBLISHED, packAll, tarballProblems };
