import { createBackendModule, type BackendFeature } from '@backstage/backend-plugin-api';
import type { GithubEmulator } from '@orgsync/idp-emulators';
import { orgSyncServiceRef, type OrgSyncService } from '@orgsync/plugin-catalog-org-sync-node';
import { eventsBackendWithGithub } from '@orgsync/test-utils';
import { integrationFor, manualSchedule, useGithubFixture, type GithubTestFixture } from './harness';

/** The org webhook the emulator delivers to the backend's ingress, once the fixture has started. */
export interface OrgWebhook {
  /** The events backend's GitHub ingress URL. */
  ingress: string;
  hookId: number;
}

/**
 * Call in a `describe` body: a catalog test backend with the events backend and one GitHub org provider (`main`,
 * manual schedule, in the backend's operations API), and an org webhook in the emulator pointing at its ingress:
 * `provider` adds to or overrides the provider's config.
 */
export function useWebhookFixture(options: {
  emulator: () => Promise<GithubEmulator>;
  secret: string;
  provider?: Record<string, unknown>;
}): { fixture: GithubTestFixture; webhook: OrgWebhook } {
  const orgSync = orgSyncOfBackend();
  const fixture = useGithubFixture({
    emulator: options.emulator,
    features: () => [...eventsBackendWithGithub(), orgSync.feature],
    config: github => ({ integrations: { github: integrationFor(github) }, events: { modules: { github: { webhookSecret: options.secret } } } }),
    providers: github => ({
      id: 'main',
      githubUrl: github.info.url,
      orgs: [github.info.org],
      schedule: manualSchedule,
      namespaceGroupsByOrg: false,
      ...options.provider,
    }),
  });
  const webhook: OrgWebhook = { ingress: '', hookId: 0 };
  beforeAll(async () => {
    // The test module's providers join the backend's operations API, as the module's own providers do.
    orgSync.service().addProviders(fixture.providers, fixture.logger);
    webhook.ingress = `http://localhost:${fixture.backend.backend.server.port()}/api/events/http/github`;
    webhook.hookId = await createOrgWebhook(fixture.emulator, webhook.ingress, options.secret);
  });
  return { fixture, webhook };
}

/** A catalog module that holds on to the backend's org sync service (its operations API under `/api/catalog/org-sync`). */
function orgSyncOfBackend(): { feature: BackendFeature; service(): OrgSyncService } {
  let service: OrgSyncService | undefined;
  const feature = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'org-sync-of-backend',
    register(env) {
      env.registerInit({
        deps: { orgSync: orgSyncServiceRef },
        async init({ orgSync }) {
          service = orgSync;
        },
      });
    },
  });
  return {
    feature,
    service: () => {
      if (!service) throw new Error('the backend has not started its org sync service');
      return service;
    },
  };
}

/** An org webhook for the events the module listens to, created through the emulator's REST API. */
async function createOrgWebhook(github: GithubEmulator, url: string, secret: string): Promise<number> {
  const response = await fetch(`${github.info.apiBaseUrl}/orgs/${github.info.org}/hooks`, {
    method: 'POST',
    headers: { authorization: `token ${github.info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'web', config: { url, content_type: 'json', secret }, events: ['organization', 'team', 'membership'] }),
  });
  const hook = (await response.json()) as { id: number };
  return hook.id;
}
