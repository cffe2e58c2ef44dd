import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import ldapOrgModule from '@orgsync/plugin-catalog-backend-module-ldap-org';

const backend = createBackend();
backend.add(catalogPlugin);
backend.add(ldapOrgModule);
backend.start();
