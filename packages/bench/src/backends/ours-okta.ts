import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import oktaOrgModule from '@orgsync/plugin-catalog-backend-module-okta-org';

const backend = createBackend();
backend.add(catalogPlugin);
backend.add(oktaOrgModule);
backend.start();
