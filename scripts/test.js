// `npm test`: runs jest over every workspace with the dev certificate trusted
// and, when a PostgreSQL server answers on 127.0.0.1:5432, the PostgreSQL tests on; says whether the slapd tests run.
// `npm run test:report` (--report): the same run, then docs/testing.md written from its results.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { devTlsEnv } = require('./dev-tls');
const { isPortOpen, isSlapdAvailable, POSTGRES_ENV, SLAPD_INSTALL_HINT } = require('@orgsync/test-utils');

/**
 * Test files run side by side in this many jest workers: most of a suite's time is spent waiting (for a backend, the
 * catalog's processing loop, an emulator), so one worker keeps less than one CPU busy. ORGSYNC_TEST_WORKERS overrides.
 */
const WORKERS = Number(process.env.ORGSYNC_TEST_WORKERS) || Math.max(2, os.availableParallelism());

async function main() {
  const env = { ...process.env, ...(await devTlsEnv()) };
  if (!env[POSTGRES_ENV] && (await isPortOpen('127.0.0.1', 5432))) {
    env[POSTGRES_ENV] = 'postgresql://postgres@127.0.0.1:5432';
  }
  console.log(env[POSTGRES_ENV] ? `PostgreSQL tests: on (${POSTGRES_ENV})` : 'PostgreSQL tests: skipped (no server on 127.0.0.1:5432)');
  console.log(isSlapdAvailable() ? 'LDAP (slapd) tests: on' : `LDAP (slapd) tests: skipped (slapd not installed; ${SLAPD_INSTALL_HINT})`);
  const jest = args => spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], { stdio: 'inherit', env }).status ?? 1;
  const args = process.argv.slice(2);
  const report = args[0] === '--report';
  if (args.length && !report) process.exit(jest(args));

  const results = report ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-test-results-')), 'results.json') : undefined;
  const started = Date.now();
  console.log(`jest: ${WORKERS} workers`);
  const status = jest([`--maxWorkers=${WORKERS}`, ...(results ? ['--json', `--outputFile=${results}`] : [])]);
  if (results) {
    const wall = ((Date.now() - started) / 1000).toFixed(0);
    spawnSync(process.execPath, [path.join(__dirname, 'testing-report.js'), results, '--wall-seconds', wall, '--workers', String(WORKERS)], { stdio: 'inherit' });
  }
  process.exit(status);
}

main();
