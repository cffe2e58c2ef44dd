import type { GithubEmulator } from '@orgsync/idp-emulators';
import { eventsBackendWithGithub, startCatalogTestBackend } from '@orgsync/test-utils';
import { githubTestModule, integrationFor, manualSchedule } from './harness';

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
