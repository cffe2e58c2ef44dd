import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scimModule from '@orgsync/plugin-catalog-backend-module-scim';

const backend = createBackend();
backend.add(catalogPlugin);
backend.add(scimModule);
backend.start();
