// `npm test`: runs jest over every workspace with the dev certificate trusted
// and, when a PostgreSQL server answers on 127.0.0.1:5432, the PostgreSQL tests on; says whether the slapd tests run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { devTlsEnv } = require('./dev-tls');
const { isPortOpen, isSlapdAvailable, POSTGRES_ENV, SLAPD_INSTALL_HINT } = require('@orgsync/test-utils');

const SHARDS = 3;

async function main() {
  const env = { ...process.env, ...(await devTlsEnv()) };
  if (!env[POSTGRES_ENV] && (await isPortOpen('127.0.0.1', 5432))) {
    env[POSTGRES_ENV] = 'postgresql://postgres@127.0.0.1:5432';
  }
  console.log(env[POSTGRES_ENV] ? `PostgreSQL tests: on (${POSTGRES_ENV})` : 'PostgreSQL tests: skipped (no server on 127.0.0.1:5432)');
  console.log(isSlapdAvailable() ? 'LDAP (slapd) tests: on' : `LDAP (slapd) tests: skipped (slapd not installed; ${SLAPD_INSTALL_HINT})`);
  const jest = (args) => spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], { stdio: 'inherit', env }).status ?? 1;
  const args = process.argv.slice(2);
  // --report: the whole suite as below, each shard's results kept as JSON, then docs/testing.md written from them.
  const report = args[0] === '--report';
  if (args.length && !report) process.exit(jest(args));
  const resultsDir = report ? fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-test-results-')) : undefined;
  const started = Date.now();
  // The whole suite in shards, one jest process each: on two CPUs jest runs in band, and one process that has started
  // and stopped a hundred backends grows to several GB and slows the timing-sensitive suites (the fault matrix) at its end.
  let failed = 0;
  for (let shard = 1; shard <= SHARDS; shard++) {
    console.log(`\njest shard ${shard}/${SHARDS}`);
    const json = resultsDir ? ['--json', `--outputFile=${path.join(resultsDir, `shard${shard}.json`)}`] : [];
    if (jest([`--shard=${shard}/${SHARDS}`, ...json]) !== 0) failed++;
  }
  if (resultsDir) {
    const files = fs.readdirSync(resultsDir).map(name => path.join(resultsDir, name));
    const wall = ((Date.now() - started) / 1000).toFixed(0);
    spawnSync(process.execPath, [path.join(__dirname, 'testing-report.js'), ...files, '--wall-seconds', wall], { stdio: 'inherit' });
  }
  if (failed) console.log(`\n${failed} of ${SHARDS} jest shards failed (see their summaries above)`);
  process.exit(failed ? 1 : 0);
}

main();
