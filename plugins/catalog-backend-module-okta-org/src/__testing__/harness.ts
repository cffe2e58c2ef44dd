import type { Entity } from '@backstage/catalog-model';
import type { OktaEmulator } from '@orgsync/idp-emulators';
import type { OrgEntityProvider, RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { entityPicture, fixtureFor, testModuleOf, waitForProcessedEntities, type CatalogApi, type TestedModule } from '@orgsync/test-utils';
import { createOktaOrgEntityProviders } from '../createOktaOrgEntityProviders';
import type { OktaGroupTransformer, OktaUserTransformer } from '../extensionPoint';

// The SDK sends every request through HTTPS_PROXY when set, even to 127.0.0.1.
for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

interface OktaTransformers {
  userTransformer?: OktaUserTransformer;
  groupTransformer?: OktaGroupTransformer;
}

/** The Okta module as the fixture builds it: the module's own factory, with the test's transformers. */
export function oktaModule(transformers: OktaTransformers = {}): TestedModule<OrgEntityProvider, RunResult> {
  return {
    moduleId: 'okta-org-test',
    configKey: 'okta',
    createProviders: deps => createOktaOrgEntityProviders({ ...deps, ...transformers }),
  };
}

/** The test module alone (providers handed to the test, logs captured), for a test that starts its backends itself. */
export const oktaTestModule = (transformers: OktaTransformers = {}) => testModuleOf(oktaModule(transformers));

/** Call in a `describe` body: the emulator and a real catalog backend with the module's providers, for its tests. */
export const useOktaFixture = fixtureFor(oktaModule());

/** The provider config for an emulator, SSWS by default. */
export function providerConfig(okta: OktaEmulator, extra: Record<string, unknown> = {}, auth: 'token' | 'oauth' = 'token') {
  const { orgUrl, token, oauth } = okta.info;
  return {
    orgUrl,
    ...(auth === 'token' ? { token } : { oauth: { clientId: oauth.clientId, keyId: oauth.keyId, privateKey: oauth.privateKey } }),
    schedule: manualSchedule,
    ...extra,
  };
}

/**
 * Entities of one provider once the catalog holds all `count` of them and has
 * processed every membership (relations appear after processing).
 */
export function processedEntities(catalog: CatalogApi, location: string, count: number): Promise<Entity[]> {
  return waitForProcessedEntities(catalog, { location, count });
}

/** A comparable picture of what the catalog holds for a provider. */
export async function catalogPicture(catalog: CatalogApi, location: string): Promise<Record<string, string>> {
  return entityPicture(await catalog.managedBy(location));
}

export function specOf<T = Record<string, unknown>>(entity: Entity | undefined): T {
  return (entity?.spec ?? {}) as T;
}

/** Processing errors the catalog recorded on any of the entities. */
export { processingErrors } from '@orgsync/test-utils';
