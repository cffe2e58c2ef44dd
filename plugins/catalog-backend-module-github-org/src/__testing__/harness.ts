import type { Entity } from '@backstage/catalog-model';
import type { GithubEmulator } from '@orgsync/idp-emulators';
import type { OrgEntityProvider, RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { entityPicture, fixtureFor, testModuleOf, waitForProcessedEntities, type CatalogApi, type OrgSyncFixture, type TestedModule } from '@orgsync/test-utils';
import { createGithubOrgEntityProviders } from '../createGithubOrgEntityProviders';
import type { TeamTransformer, UserTransformer } from '../extensionPoint';

for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

interface GithubTransformers {
  userTransformer?: UserTransformer;
  teamTransformer?: TeamTransformer;
}

/** The GitHub module as the fixture builds it: the module's own factory, with the test's transformers. */
export function githubModule(transformers: GithubTransformers = {}): TestedModule<OrgEntityProvider, RunResult> {
  return {
    moduleId: 'github-org-test',
    configKey: 'githubOrg',
    createProviders: deps => createGithubOrgEntityProviders({ ...deps, ...transformers }),
  };
}

/** The test module alone (providers handed to the test, logs captured), for a test that starts its backends itself. */
export const githubTestModule = (transformers: GithubTransformers = {}) => testModuleOf(githubModule(transformers));

export type GithubTestFixture = OrgSyncFixture<GithubEmulator, OrgEntityProvider, RunResult>;

/** Call in a `describe` body: the emulator and a real catalog backend with the module's providers, for its tests. */
export const useGithubFixture = fixtureFor(githubModule());

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
export function processed(catalog: CatalogApi, filter: string, count: number): Promise<Entity[]> {
  return waitForProcessedEntities(catalog, { filter, count }, { timeoutMs: 90_000, intervalMs: 300 });
}

export const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];

export function specOf<T = Record<string, unknown>>(entity: Entity | undefined): T {
  return (entity?.spec ?? {}) as T;
}

/** A comparable picture of entities (content without uid/etag). */
export const picture = entityPicture;
