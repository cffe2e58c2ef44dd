import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import githubEventsModule from '@backstage/plugin-events-backend-module-github';
import githubOrgModule from '@orgsync/plugin-catalog-backend-module-github-org';
import ldapOrgModule from '@orgsync/plugin-catalog-backend-module-ldap-org';
import msgraphOrgModule from '@orgsync/plugin-catalog-backend-module-msgraph-org';
import oktaOrgModule from '@orgsync/plugin-catalog-backend-module-okta-org';
import scimOrgModule from '@orgsync/plugin-catalog-backend-module-scim';
import { appFeatures } from './appFeatures';

const backend = createBackend();

backend.add(catalogPlugin);
// Each org module stays inert until its catalog.providers.<idp> config exists.
backend.add(oktaOrgModule);
backend.add(msgraphOrgModule);
backend.add(githubOrgModule);
backend.add(ldapOrgModule);
// A SCIM 2.0 service provider per catalog.providers.scim entry, at /api/catalog/org-sync/scim/<id>.
backend.add(scimOrgModule);
// GitHub webhooks reach the GitHub org module through Backstage's events backend, which verifies their signatures
// (POST /api/events/http/github) and publishes them as github.<event> topics, as for the official github-org module.
backend.add(eventsPlugin);
backend.add(githubEventsModule);
// The demo's Backstage app and its guest sign-in, where the config enables them (see appFeatures.ts).
backend.add(appFeatures);

// Backstage logs a failed start-up (e.g. an invalid provider config) as an unhandled rejection and keeps
// the process alive, answering readiness 503 forever; exiting lets an operator or orchestrator see it at once.
backend.start().catch(error => {
  console.error(`Backend start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
