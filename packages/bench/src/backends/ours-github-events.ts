import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import githubEventsModule from '@backstage/plugin-events-backend-module-github';
import githubOrgModule from '@orgsync/plugin-catalog-backend-module-github-org';

// Webhooks reach the provider as an adopter sets them up: the events backend's HTTP ingress
// (/api/events/http/github), the GitHub module verifying X-Hub-Signature-256 and routing to github.<event> topics.
const backend = createBackend();
backend.add(catalogPlugin);
backend.add(eventsPlugin);
backend.add(githubEventsModule);
backend.add(githubOrgModule);
backend.start();
