// `npm start`: the local demo. Starts the three IdP emulators on fixed ports
// with a generated org, then the backend with app-config.yaml +
// app-config.local.yaml, and says where to look.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const { startEmulators } = require('@orgsync/idp-emulators');
const { isPortOpen } = require('@orgsync/test-utils');
const { devTlsEnv } = require('./dev-tls');

const ROOT = path.join(__dirname, '..');
const portFrom = (name, fallback) => Number(process.env[name] || fallback);
const PORTS = { okta: portFrom('DEMO_OKTA_PORT', 18081), graph: portFrom('DEMO_GRAPH_PORT', 18443), github: portFrom('DEMO_GITHUB_PORT', 18082) };
const BACKEND_PORT = portFrom('DEMO_BACKEND_PORT', 7007);

async function main() {
  for (const [name, port] of [...Object.entries(PORTS), ['backend', BACKEND_PORT]]) {
    if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} (${name}) is already in use; stop whatever listens there first`);
  }
  const tlsEnv = await devTlsEnv();
  const emulators = await startEmulators({
    ports: PORTS,
    generate: { users: 300, groups: 30, seed: 7 },
    tlsDir: tlsEnv.IDP_EMULATORS_TLS_DIR,
  });
  const info = emulators.info();
  const catalogToken = crypto.randomBytes(18).toString('base64url');
  const env = {
    ...process.env,
    ...tlsEnv,
    DEMO_BACKEND_PORT: String(BACKEND_PORT),
    DEMO_CATALOG_TOKEN: catalogToken,
    DEMO_OKTA_URL: info.okta.orgUrl,
    DEMO_OKTA_TOKEN: info.okta.token,
    DEMO_GRAPH_URL: info.graph.url,
    DEMO_GRAPH_TENANT_ID: info.graph.tenantId,
    DEMO_GRAPH_CLIENT_ID: info.graph.clientId,
    DEMO_GRAPH_CLIENT_SECRET: info.graph.clientSecret,
    DEMO_GITHUB_URL: info.github.url,
    DEMO_GITHUB_HOST: new URL(info.github.url).host,
    DEMO_GITHUB_ORG: info.github.org,
    DEMO_GITHUB_TOKEN: info.github.token,
  };
  const backend = spawn(
    process.execPath,
    [path.join(ROOT, 'packages', 'backend'), '--config', 'app-config.yaml', '--config', 'app-config.local.yaml'],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  const stop = async code => {
    backend.kill('SIGTERM');
    await emulators.close();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  backend.on('exit', code => {
    emulators.close().then(() => process.exit(code ?? 1));
  });

  const deadline = Date.now() + 120_000;
  while (!(await isPortOpen('127.0.0.1', BACKEND_PORT))) {
    if (Date.now() > deadline) {
      console.error(`The backend did not start listening on port ${BACKEND_PORT} within 2 minutes.`);
      return stop(1);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  console.log(`
================================================================================
 Demo running. Emulated IdPs: Okta ${info.okta.url}, Microsoft Graph ${info.graph.url}, GitHub ${info.github.url}
 The backend syncs all three every 2 minutes (the first run starts now), each into
 its own namespace: okta, entra, github.

 Read the catalog (token valid for this run only):
   curl -H "Authorization: Bearer ${catalogToken}" 'http://localhost:${BACKEND_PORT}/api/catalog/entities/by-query?filter=kind=user&limit=20'
   curl -H "Authorization: Bearer ${catalogToken}" 'http://localhost:${BACKEND_PORT}/api/catalog/entities/by-query?filter=kind=group,metadata.namespace=okta&limit=20'
   curl -H "Authorization: Bearer ${catalogToken}" 'http://localhost:${BACKEND_PORT}/api/catalog/entities/by-name/user/github/<login>'

 Change the emulated org between syncs, e.g. deactivate an Okta user:
   curl -X POST ${info.okta.url}/__admin/okta/users/<id>/deactivate
 Stop with Ctrl-C.
================================================================================
`);
}

main().catch(error => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
