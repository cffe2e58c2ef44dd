import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import ldapModule from '@backstage/plugin-catalog-backend-module-ldap';

const backend = createBackend();
backend.add(catalogPlugin);
backend.add(ldapModule);
backend.start();
