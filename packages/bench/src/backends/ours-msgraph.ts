import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import msgraphOrgModule from '@orgsync/plugin-catalog-backend-module-msgraph-org';

const backend = createBackend();
backend.add(catalogPlugin);
backend.add(msgraphOrgModule);
backend.start();
