#!/usr/bin/env node
// Bundles the app with esbuild into dist/ (index.html, index.html.tmpl, static/, .config-schema.json), doing what
// Backstage's CLI does for an app without its webpack (@backstage/cli's jsdom peer conflicts with this repo's jest 30).
// A build is skipped when its inputs hash to the same value as the last one (dist/.build-hash).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const APP_DIR = __dirname;
const DIST_DIR = path.join(APP_DIR, 'dist');
const HASH_FILE = '.build-hash';
const REPO_ROOT = path.resolve(APP_DIR, '..', '..');

/**
 * Packages that must be one copy in the bundle, resolved from the app's directory whoever imports them: React and the
 * router (one React tree), Material UI (one theme context) and Backstage's packages (the app's 1.55.0 set, even where
 * npm hoisted a newer release line's copy next to a plugin).
 */
const SINGLE_COPY = /^(react|react-dom|react-router|react-router-dom|@material-ui\/[^/]+|@backstage\/[^/]+)(\/.*)?$/;

/** Files whose content decides the bundle: the app's sources and manifest, this script, the lockfile, the workspace plugin's build. */
function inputFiles() {
  const listed = dir =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .map(file => path.join(dir, file))
          .filter(file => fs.statSync(file).isFile())
      : [];
  const orgSyncDist = listed(path.join(REPO_ROOT, 'plugins', 'org-sync', 'dist')).filter(file => /\.js$/.test(file));
  return [
    ...listed(path.join(APP_DIR, 'src')),
    path.join(APP_DIR, 'package.json'),
    path.join(APP_DIR, 'node-globals.js'),
    path.join(APP_DIR, 'build.js'),
    path.join(REPO_ROOT, 'package-lock.json'),
    ...orgSyncDist,
  ].sort();
}

function inputHash() {
  const hash = crypto.createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * An esbuild plugin resolving SINGLE_COPY packages from the app's directory, and always to their ES module build:
 * a CommonJS require() (the org sync plugin's dist) would otherwise get the package's CommonJS build, a second copy
 * with React contexts of its own (react-router's, seen as "Cannot destructure property 'future'").
 */
const singleCopyPlugin = {
  name: 'single-copy',
  setup(build) {
    build.onResolve({ filter: SINGLE_COPY }, async args => {
      if (args.pluginData?.singleCopy) return undefined;
      const result = await build.resolve(args.path, { kind: 'import-statement', resolveDir: APP_DIR, pluginData: { singleCopy: true } });
      return result.errors.length ? undefined : result;
    });
  },
};

function indexHtml(publicPath, { js, css }) {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>orgsync demo</title>
    <link rel="stylesheet" href="${publicPath}/static/${css}" />
    <script type="module" src="${publicPath}/static/${js}"></script>
  </head>
  <body>
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

/** The serialized config schema of the app's packages: the app backend injects the config it makes frontend-visible. */
async function configSchema() {
  const { loadConfigSchema } = require('@backstage/config-loader');
  const schema = await loadConfigSchema({ dependencies: [require(path.join(APP_DIR, 'package.json')).name] });
  return schema.serialize();
}

async function bundle(outDir) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: APP_DIR,
    entryPoints: { index: 'src/index.tsx' },
    outdir: path.join(outDir, 'static'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    // The plugins' lazy loaders (dynamic imports) become chunks fetched when first used, so the first page parses and
    // runs less script.
    splitting: true,
    publicPath: '/static',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    metafile: true,
    logLevel: 'warning',
    // What Backstage's CLI defines: the mode, and the build-time config (none: the app backend injects it at runtime).
    define: {
      'process.env.NODE_ENV': '"production"',
      'process.env.APP_CONFIG': '[]',
      'process.env.BUILD_INFO': 'undefined',
      global: 'window',
    },
    inject: [path.join(APP_DIR, 'node-globals.js')],
    loader: {
      '.svg': 'file',
      '.png': 'file',
      '.jpg': 'file',
      '.jpeg': 'file',
      '.gif': 'file',
      '.webp': 'file',
      '.ico': 'file',
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.eot': 'file',
    },
    // csv-stringify (the catalog's CSV export) needs Node's stream: the browser build of Node's streams stands in.
    alias: { stream: 'readable-stream' },
    plugins: [singleCopyPlugin],
  });
  // With splitting, every dynamically imported module is an entry point of its own too: the page loads src/index.tsx's.
  const js = Object.entries(result.metafile.outputs)
    .filter(([file, output]) => output.entryPoint === 'src/index.tsx' && file.endsWith('.js'))
    .map(([file]) => path.basename(file))[0];
  const css = Object.keys(result.metafile.outputs)
    .map(file => path.basename(file))
    .find(file => file.startsWith('index-') && file.endsWith('.css'));
  if (!js || !css) throw new Error(`esbuild produced no entry bundle and stylesheet: ${Object.keys(result.metafile.outputs).join(', ')}`);
  return { js, css };
}

/** Puts a finished build in dist's place. Another process may have finished the same build first: then its dist stays. */
function replaceDist(outDir, hash) {
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  try {
    fs.renameSync(outDir, DIST_DIR);
  } catch (error) {
    const built = path.join(DIST_DIR, HASH_FILE);
    if (!(fs.existsSync(built) && fs.readFileSync(built, 'utf8') === hash)) throw error;
  }
}

/**
 * Builds the app into packages/app/dist unless its inputs are unchanged since the last build, and returns the dist directory.
 * The bundle is written to a temporary directory first and then takes dist's place, so a reader never sees half a build.
 * @param {{ force?: boolean; log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 */
async function buildApp(options = {}) {
  const log = options.log ?? (() => {});
  const hash = inputHash();
  const hashPath = path.join(DIST_DIR, HASH_FILE);
  if (!options.force && fs.existsSync(hashPath) && fs.readFileSync(hashPath, 'utf8') === hash) {
    log(`app: bundle up to date (${path.relative(REPO_ROOT, DIST_DIR)})`);
    return DIST_DIR;
  }
  const started = Date.now();
  const outDir = fs.mkdtempSync(path.join(APP_DIR, '.dist-'));
  try {
    const entry = await bundle(outDir);
    fs.writeFileSync(path.join(outDir, 'index.html'), indexHtml('', entry));
    // The app backend renders the template with the frontend-visible config injected (and publicPath from app.baseUrl).
    fs.writeFileSync(path.join(outDir, 'index.html.tmpl'), indexHtml('<%= publicPath %>', entry));
    fs.writeFileSync(path.join(outDir, '.config-schema.json'), JSON.stringify(await configSchema()));
    fs.writeFileSync(path.join(outDir, HASH_FILE), hash);
    replaceDist(outDir, hash);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  log(`app: bundled in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.relative(REPO_ROOT, DIST_DIR)})`);
  return DIST_DIR;
}

module.exports = { buildApp, APP_DIST_DIR: DIST_DIR };

if (require.main === module) {
  buildApp({ force: process.argv.includes('--force'), log: line => console.log(line) }).catch(error => {
    console.error(`app build failed: ${error.message}`);
    process.exit(1);
  });
}
