import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import githubOrgModule from '@orgsync/plugin-catalog-backend-module-github-org';

const backend = createBackend();
backend.add(catalogPlugin);
backend.add(githubOrgModule);
backend.start();
