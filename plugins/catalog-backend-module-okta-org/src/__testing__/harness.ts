import type { Entity } from '@backstage/catalog-model';
import type { OktaEmulator } from '@orgsync/idp-emulators';
import type { OrgEntityProvider } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger, providerTestModule, refsOf, waitFor, type CatalogApi } from '@orgsync/test-utils';
import { createOktaOrgEntityProviders } from '../createOktaOrgEntityProviders';
import type { OktaGroupTransformer, OktaUserTransformer } from '../extensionPoint';

// The SDK sends every request through HTTPS_PROXY when set, even to 127.0.0.1.
for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

export interface Harness {
  providers: OrgEntityProvider[];
  logger: CapturingLogger;
  /** By id (`okta:<id>`) or full provider name. */
  provider(id: string): OrgEntityProvider;
}

/**
 * A catalog module that builds the providers with the module's own factory,
 * but logs to a CapturingLogger and hands the providers to the test.
 */
export function oktaTestModule(options: { userTransformer?: OktaUserTransformer; groupTransformer?: OktaGroupTransformer } = {}) {
  const logger = new CapturingLogger();
  const { feature, providers } = providerTestModule('okta-org-test', logger, deps => createOktaOrgEntityProviders({ ...deps, ...options }));
  const harness: Harness = {
    providers,
    logger,
    provider(id) {
      const found = providers.find(p => [id, `okta:${id}`].includes(p.getProviderName()));
      if (!found) throw new Error(`no provider okta:${id}`);
      return found;
    },
  };
  return { feature, harness };
}

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
export async function processedEntities(catalog: CatalogApi, location: string, count: number): Promise<Entity[]> {
  return waitFor(
    `${count} processed entities of ${location}`,
    async () => {
      const all = await catalog.managedBy(location);
      const done = (e: Entity) => {
        const spec = e.spec as { memberOf?: string[]; members?: string[]; parent?: string };
        const expected = (spec.memberOf?.length ?? 0) + (spec.members?.length ?? 0) + (spec.parent ? 1 : 0);
        return expected === 0 || (e.relations?.length ?? 0) > 0;
      };
      return all.length === count && all.every(done) && all;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}

/** Processing errors the catalog recorded on any of the entities. */
export function processingErrors(entities: Entity[]): string[] {
  return entities.flatMap(e =>
    ((e as { status?: { items?: Array<{ level: string; message: string }> } }).status?.items ?? [])
      .filter(i => i.level === 'error')
      .map(i => `${refsOf([e])[0]}: ${i.message}`),
  );
}

/** A comparable picture of what the catalog holds for a provider. */
export async function catalogPicture(catalog: CatalogApi, location: string): Promise<Record<string, string>> {
  const entities = await catalog.managedBy(location);
  return Object.fromEntries(
    entities.map(e => [refsOf([e])[0], JSON.stringify({ metadata: { ...e.metadata, uid: undefined, etag: undefined }, spec: e.spec })]),
  );
}

export function specOf<T = Record<string, unknown>>(entity: Entity | undefined): T {
  return (entity?.spec ?? {}) as T;
}
