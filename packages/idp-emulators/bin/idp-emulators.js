#!/usr/bin/env node
// Committed so that `npm ci` can link the `idp-emulators` command before anything is
// built; the CLI itself is compiled to dist by `npm run build`.
try {
  require.resolve('../dist/cli.js');
} catch {
  process.stderr.write('idp-emulators: not built yet; run `npm run build` at the repository root first\n');
  process.exit(1);
}
require('../dist/cli.js');
