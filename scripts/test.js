// `npm test`: runs jest over every workspace with the dev certificate trusted.
const { spawnSync } = require('node:child_process');
const { devTlsEnv } = require('./dev-tls');

devTlsEnv().then(env => {
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  process.exit(result.status ?? 1);
});
