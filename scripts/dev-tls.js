// The emulated Microsoft Graph and Entra endpoints speak HTTPS (the Graph SDK
// and MSAL refuse anything else). Node reads NODE_EXTRA_CA_CERTS only at
// start-up, so the certificate is made before any process that needs it.
const path = require('node:path');
const { loadOrCreateTls } = require('@orgsync/idp-emulators');

const DEV_TLS_DIR = path.join(__dirname, '..', '.dev-certs');

async function devTlsEnv() {
  const tls = await loadOrCreateTls(DEV_TLS_DIR);
  return { NODE_EXTRA_CA_CERTS: tls.caPath, IDP_EMULATORS_TLS_DIR: DEV_TLS_DIR };
}

module.exports = { devTlsEnv, DEV_TLS_DIR };
