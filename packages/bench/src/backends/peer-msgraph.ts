import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import msgraphModule from '@backstage/plugin-catalog-backend-module-msgraph';

// Run with `--require dist/preload/noInstanceDiscovery.js` so MSAL accepts the local authority.
const backend = createBackend();
backend.add(catalogPlugin);
backend.add(msgraphModule);
backend.start();
