// `npm test`: runs jest over every workspace with the dev certificate trusted
// and, when a PostgreSQL server answers on 127.0.0.1:5432, the PostgreSQL tests on; says whether the slapd tests run.
const { spawnSync } = require('node:child_process');
const { devTlsEnv } = require('./dev-tls');
const { isPortOpen, isSlapdAvailable, POSTGRES_ENV, SLAPD_INSTALL_HINT } = require('@orgsync/test-utils');

async function main() {
  const env = { ...process.env, ...(await devTlsEnv()) };
  if (!env[POSTGRES_ENV] && (await isPortOpen('127.0.0.1', 5432))) {
    env[POSTGRES_ENV] = 'postgresql://postgres@127.0.0.1:5432';
  }
  console.log(env[POSTGRES_ENV] ? `PostgreSQL tests: on (${POSTGRES_ENV})` : 'PostgreSQL tests: skipped (no server on 127.0.0.1:5432)');
  console.log(isSlapdAvailable() ? 'LDAP (slapd) tests: on' : `LDAP (slapd) tests: skipped (slapd not installed; ${SLAPD_INSTALL_HINT})`);
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}

main();
