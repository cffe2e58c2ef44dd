#!/usr/bin/env node
/**
 * API reports (issue #29): for every published package (plugins/* not marked private), API Extractor reads the
 * built `dist/index.d.ts` and writes the package's public API, release tags included, to `<package>/report.api.md`
 * (and `report-<subpath>.api.md` for each subpath export, as `./alpha`).
 * A change to a package's exports shows in review as a change to its report.
 *
 *   npm run api-reports                 # build, then write every report
 *   npm run api-reports -- --check      # build, then fail naming each package whose API differs from its report
 *   node scripts/apiReports.js [--check] [plugins/<name> …]   # from an existing build; only these packages
 *
 * Warnings (a missing release tag, a type used by the API but not exported) are written into the report, as
 * Backstage's reports carry them, so they are reviewed with the API rather than lost in a log.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const ROOT = path.resolve(__dirname, '..');
const REPORT_NAME = 'report';

function publishedPackages() {
  const plugins = path.join(ROOT, 'plugins');
  return fs
    .readdirSync(plugins)
    .map(name => path.join(plugins, name))
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .filter(dir => !JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).private);
}

/**
 * The package's entry points as Backstage names their reports: `.` → `report.api.md`, a subpath export such as
 * `./alpha` → `report-alpha.api.md`, each read from the `.d.ts` its `types` names.
 */
function entryPoints(packageDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const entries = [{ reportName: REPORT_NAME, types: manifest.types ?? 'dist/index.d.ts' }];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (subpath === '.' || subpath === './package.json' || typeof target !== 'object' || !target.types) continue;
    entries.push({ reportName: `${REPORT_NAME}-${subpath.slice(2).replace(/\//g, '-')}`, types: target.types });
  }
  return entries.map(entry => ({ ...entry, types: path.join(packageDir, entry.types) }));
}

const tempFolder = packageDir => path.join(os.tmpdir(), 'orgsync-api-reports', path.basename(packageDir));

function extractorConfig(packageDir, { reportName, types }) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: packageDir,
      mainEntryPointFilePath: types,
      // Only the declarations: the program is the built .d.ts files, not the sources and tests.
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            jsx: 'react-jsx',
            skipLibCheck: true,
            types: ['node'],
          },
          files: [types],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: reportName,
        reportFolder: packageDir,
        reportTempFolder: tempFolder(packageDir),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // The report marks undocumented items itself; the message would add a source line number that churns.
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        },
        // Our comments are prose, not TSDoc markup; only the release tags matter here.
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(packageDir, 'package.json'),
  });
}

/** Runs API Extractor on one entry point of a package; `check` compares instead of writing. */
function report(packageDir, entry, check) {
  if (!fs.existsSync(entry.types)) return { errors: [`${path.relative(ROOT, entry.types)} is missing: build first (npm run build)`], warnings: 0 };
  const errors = [];
  const config = extractorConfig(packageDir, entry);
  const hadReport = fs.existsSync(path.join(packageDir, `${entry.reportName}.api.md`));
  const result = Extractor.invoke(config, {
    localBuild: !check,
    messageCallback: message => {
      message.handled = true;
      if (message.logLevel === 'error') errors.push(message.formatMessageWithoutLocation());
    },
  });
  // API Extractor writes the fresh report to the temp folder in both modes.
  const fresh = path.join(tempFolder(packageDir), `${entry.reportName}.api.md`);
  const warnings = fs.existsSync(fresh) ? fs.readFileSync(fresh, 'utf8').split('\n').filter(line => line.startsWith('// Warning:')).length : 0;
  return { errors, warnings, changed: result.apiReportChanged, hadReport };
}

function main(args) {
  const check = args.includes('--check');
  const only = args.filter(arg => !arg.startsWith('--')).map(arg => path.resolve(ROOT, arg));
  const packages = only.length ? only : publishedPackages();
  const stale = [];
  let failed = false;
  for (const dir of packages) {
    for (const entry of entryPoints(dir)) {
      const started = Date.now();
      const name = path.relative(ROOT, path.join(dir, `${entry.reportName}.api.md`));
      const { errors, warnings, changed, hadReport } = report(dir, entry, check);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const state = errors.length ? 'FAILED' : check ? (!hadReport ? 'MISSING' : changed ? 'API CHANGED' : 'matches') : changed ? 'written' : 'unchanged';
      console.log(`${name}: ${state}${errors.length ? '' : ` (${warnings} warning(s) in the report, ${seconds} s)`}`);
      for (const error of errors) console.log(`  ${error}`);
      if (errors.length) failed = true;
      if (check && changed) stale.push(path.relative(ROOT, dir));
    }
  }
  if (stale.length) {
    console.log(`\nThe public API of ${[...new Set(stale)].join(', ')} changed without its report. Run \`npm run api-reports\` and commit the report(s).`);
  }
  process.exitCode = failed || stale.length ? 1 : 0;
}

main(process.argv.slice(2));
