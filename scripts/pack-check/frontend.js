// A scratch Backstage app, as an adopter's would be: the frontend packages the demo app (packages/app) pins, our UI
// plugin's tarball. Checks that it installs without a private @backstage/* copy, and that an app using the README's
// new-system example and the legacy exports compiles with `skipLibCheck: false`.
const fs = require('node:fs');
const path = require('node:path');
const { runAsync } = require('./proc');
const { installScratch } = require('./scratch');
const { BACKSTAGE_APP_OPTIONS } = require('./typecheck');

const APP_DIR = 'packages/app';

/** The pinned frontend set: the Backstage and React packages the demo app depends on, at the versions it pins. */
function frontendSet(repoRoot) {
  const app = JSON.parse(fs.readFileSync(path.join(repoRoot, APP_DIR, 'package.json'), 'utf8'));
  const isFrontendSet = name => name.startsWith('@backstage/') || /^react(-dom|-router-dom)?$/.test(name);
  const packages = Object.fromEntries(Object.entries(app.dependencies).filter(([name]) => isFrontendSet(name)));
  return { id: 'app', title: `a scratch app of the pinned frontend set (${APP_DIR}/package.json)`, packages };
}

/** Writes the scratch app's package.json, with the npm overrides the plugin's README asks adopters for, and installs it. */
function installScratchApp(dir, set, packed, repoRoot) {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const frontend = packed.filter(pkg => pkg.isFrontend);
  const manifest = {
    name: 'pack-check-app',
    version: '0.0.0',
    private: true,
    dependencies: {
      ...set.packages,
      // The legacy system's routes: an app on it has core-app-api already.
      '@backstage/core-app-api': set.packages['@backstage/core-app-api'] ?? lockVersion(repoRoot, '@backstage/core-app-api'),
      ...Object.fromEntries(frontend.map(pkg => [pkg.name, `file:${pkg.tarball}`])),
    },
    devDependencies: {
      typescript: rootManifest.devDependencies.typescript,
      '@types/react': '^18.3.0',
      '@types/react-dom': '^18.3.0',
    },
    overrides: rootManifest.overrides,
  };
  return installScratch(dir, manifest, repoRoot);
}

/** The version the repository's lockfile installs at the top of node_modules. */
function lockVersion(repoRoot, name) {
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
  return lock.packages[`node_modules/${name}`].version;
}

/** The README's new-system example (the tsx block that calls createApp), and a legacy app using every exported view. */
function writeAppSources(dir, readme) {
  const blocks = [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map(match => match[1]);
  const newSystem = blocks.find(code => code.includes('createApp('));
  if (!newSystem) throw new Error('README.md has no tsx block that calls createApp (the new frontend system example)');
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'App.tsx'), `// From the README of @orgsync/plugin-org-sync\n${newSystem}`);
  fs.writeFileSync(path.join(dir, 'src', 'LegacyApp.tsx'), LEGACY_APP);
  fs.writeFileSync(path.join(dir, 'src', 'index.tsx'), "import app from './App';\nimport { LegacyApp } from './LegacyApp';\n\nexport { app, LegacyApp };\n");
  const compilerOptions = { ...BACKSTAGE_APP_OPTIONS, jsx: 'react-jsx', types: [] };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
}

const LEGACY_APP = `// A legacy-system app with the plugin's page and both entity cards, as the README's legacy section shows.
import { FlatRoutes } from '@backstage/core-app-api';
import { Route } from 'react-router-dom';
import { EntityOrgSyncIdentitiesCard, EntityOrgSyncOwnerLeftCard, OrgSyncPage, orgSyncPlugin } from '@orgsync/plugin-org-sync';

export const plugins = [orgSyncPlugin];

export function LegacyApp() {
  return (
    <FlatRoutes>
      <Route path="/org-sync" element={<OrgSyncPage />} />
      <Route path="/cards" element={<><EntityOrgSyncOwnerLeftCard /><EntityOrgSyncIdentitiesCard /></>} />
    </FlatRoutes>
  );
}
`;

/** Type errors in the scratch app (each a tsc line). */
async function appTypeErrors(dir) {
  const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await runAsync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, allowFailure: true });
  return `${result.stdout}${result.stderr}`.split('\n').filter(line => / error TS\d+:/.test(line)).map(line => line.split(dir).join('<scratch>'));
}

module.exports = { frontendSet, installScratchApp, writeAppSources, appTypeErrors };
