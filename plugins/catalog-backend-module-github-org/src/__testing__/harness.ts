import type { Entity } from '@backstage/catalog-model';
import type { GithubEmulator } from '@orgsync/idp-emulators';
import type { OrgEntityProvider } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger, providerTestModule, refsOf, waitFor, type CatalogApi } from '@orgsync/test-utils';
import { createGithubOrgEntityProviders } from '../createGithubOrgEntityProviders';
import type { TeamTransformer, UserTransformer } from '../extensionPoint';

for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

export interface Harness {
  providers: OrgEntityProvider[];
  logger: CapturingLogger;
  provider(id: string): OrgEntityProvider;
}

/** Builds the providers with the module's own factory, logging to a CapturingLogger and handing them to the test. */
export function githubTestModule(options: { userTransformer?: UserTransformer; teamTransformer?: TeamTransformer } = {}) {
  const logger = new CapturingLogger();
  const { feature, providers } = providerTestModule('github-org-test', logger, deps => createGithubOrgEntityProviders({ ...deps, ...options }));
  const harness: Harness = {
    providers,
    logger,
    provider(id) {
      const found = providers.find(p => p.id === id);
      if (!found) throw new Error(`no provider with id ${id}`);
      return found;
    },
  };
  return { feature, harness };
}

/** `integrations.github` for the emulator: its token, or its GitHub App. */
export function integrationFor(github: GithubEmulator, auth: 'token' | 'app' = 'token') {
  const { url, apiBaseUrl, token, app } = github.info;
  const host = new URL(url).host;
  if (auth === 'token') return [{ host, apiBaseUrl, token }];
  return [{ host, apiBaseUrl, apps: [{ appId: app.appId, privateKey: app.privateKey, clientId: app.clientId, clientSecret: 'unused-client-secret' }] }];
}

export function providerConfig(github: GithubEmulator, extra: Record<string, unknown> = {}) {
  return { id: 'main', githubUrl: github.info.url, orgs: [github.info.org], schedule: manualSchedule, ...extra };
}

/** Entities of one kind once the catalog has processed `count` of them with their relations. */
export async function processed(catalog: CatalogApi, filter: string, count: number): Promise<Entity[]> {
  return waitFor(
    `${count} processed entities (${filter})`,
    async () => {
      const all = await catalog.query(filter);
      const done = (e: Entity) => {
        const spec = e.spec as { memberOf?: string[]; members?: string[]; parent?: string };
        const expected = (spec.memberOf?.length ?? 0) + (spec.members?.length ?? 0) + (spec.parent ? 1 : 0);
        return expected === 0 || (e.relations?.length ?? 0) > 0;
      };
      return all.length === count && all.every(done) && all;
    },
    { timeoutMs: 90_000, intervalMs: 300 },
  );
}

export const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];

export function specOf<T = Record<string, unknown>>(entity: Entity | undefined): T {
  return (entity?.spec ?? {}) as T;
}

/** A comparable picture of entities (content without uid/etag). */
export function picture(entities: Entity[]): Record<string, string> {
  return Object.fromEntries(
    entities.map(e => [refsOf([e])[0], JSON.stringify({ metadata: { ...e.metadata, uid: undefined, etag: undefined }, spec: e.spec })]),
  );
}
