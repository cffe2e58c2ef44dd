import type { BackendFeature } from '@backstage/backend-plugin-api';
import eventsPlugin from '@backstage/plugin-events-backend';
import type { GithubEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend } from '@orgsync/test-utils';
import path from 'node:path';
import { githubTestModule, integrationFor, manualSchedule } from './harness';

/**
 * The events backend with `@backstage/plugin-events-backend-module-github`'s
 * two modules (the signature-checking webhook ingress and the router to
 * `github.<event>` topics). The package's default export loads them with a
 * dynamic `import()`, which Jest's CommonJS runtime refuses, so they are
 * required from the package's own files (its export map names only the root).
 */
export function eventsBackendWithGithub(): BackendFeature[] {
  const dist = path.dirname(require.resolve('@backstage/plugin-events-backend-module-github'));
  const load = (file: string) => (require(path.join(dist, 'service', file)) as { default: BackendFeature }).default;
  return [eventsPlugin, load('eventsModuleGithubWebhook.cjs.js'), load('eventsModuleGithubEventRouter.cjs.js')];
}

/**
 * A catalog test backend with the events backend and one GitHub org provider (`main`, manual schedule), and an org
 * webhook in the emulator pointing at its ingress: `provider` adds to or overrides the provider's config.
 */
export async function startWebhookBackend(github: GithubEmulator, secret: string, provider: Record<string, unknown> = {}) {
  const test = githubTestModule();
  const backend = await startCatalogTestBackend({
    features: [test.feature, ...eventsBackendWithGithub()],
    config: {
      integrations: { github: integrationFor(github) },
      events: { modules: { github: { webhookSecret: secret } } },
      catalog: {
        providers: {
          githubOrg: { id: 'main', githubUrl: github.info.url, orgs: [github.info.org], schedule: manualSchedule, namespaceGroupsByOrg: false, ...provider },
        },
      },
    },
  });
  const ingress = `http://localhost:${backend.backend.server.port()}/api/events/http/github`;
  const hook = (await fetch(`${github.info.apiBaseUrl}/orgs/${github.info.org}/hooks`, {
    method: 'POST',
    headers: { authorization: `token ${github.info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'web', config: { url: ingress, content_type: 'json', secret }, events: ['organization', 'team', 'membership'] }),
  }).then(r => r.json())) as { id: number };
  return { backend, harness: test.harness, ingress, hookId: hook.id };
}
