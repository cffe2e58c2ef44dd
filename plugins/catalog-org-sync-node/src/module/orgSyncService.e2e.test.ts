import { coreServices, createBackendModule, createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint, catalogServiceRef } from '@backstage/plugin-catalog-node';
import { startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import { orgTestModule } from '../operations/__testing__/orgTestModule';
import type { OrgSnapshot, OrgSource } from '../records';
import { createOrgEntityProvidersFromConfig } from '../run/createOrgEntityProvidersFromConfig';
import { OrgSyncService, orgSyncServiceFactory } from './orgSyncService';

/** Daily, first in an hour: no provider runs during the test. */
const schedule = { frequency: { hours: 24 }, timeout: { minutes: 5 }, initialDelay: { hours: 1 } };
const emptyOrg: OrgSource = { read: async (): Promise<OrgSnapshot> => ({ users: [], groups: [] }) };
const build = () => ({ source: emptyOrg });

/** The provider names the operations API of a backend lists. */
async function listedProviders(backend: CatalogTestBackend): Promise<string[]> {
  const response = await fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync/providers`, { headers: { authorization: mockCredentials.user.header() } });
  if (!response.ok) throw new Error(`the providers route answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { items: Array<{ name: string }> };
  return body.items.map(item => item.name).sort();
}

/** A backend with an org module per IdP in `idps`, each configured with one provider `main`; `extra` may configure more. */
function startBackend(idps: string[], extra: { features?: Parameters<typeof startCatalogTestBackend>[0]['features']; configured?: string[] } = {}): Promise<CatalogTestBackend> {
  const configured = [...idps, ...(extra.configured ?? [])];
  return startCatalogTestBackend({
    features: [...idps.map(idp => orgTestModule({ idp, build })), ...(extra.features ?? [])],
    config: { catalog: { providers: Object.fromEntries(configured.map(idp => [idp, { main: { schedule } }])) } },
  });
}

/**
 * A catalog module built on a second copy of the engine: its own ref with the service's id and its own default
 * factory, as a second version of this package in node_modules has; it adds its providers as every org module does.
 */
function moduleOfAnotherCopy(idp: string) {
  const secondCopyRef = createServiceRef<OrgSyncService>({
    id: 'orgsync.catalog-org-sync',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          scheduler: coreServices.scheduler,
          database: coreServices.database,
          logger: coreServices.logger,
          catalog: catalogServiceRef,
        },
        factory: services => new OrgSyncService(services),
      }),
  });
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: `${idp}-org`,
    register(env) {
      env.registerInit({
        deps: {
          orgSync: secondCopyRef,
          catalog: catalogProcessingExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          scheduler: coreServices.scheduler,
          database: coreServices.database,
        },
        async init({ orgSync, catalog, config, logger, scheduler, database }) {
          const providers = createOrgEntityProvidersFromConfig({
            idp,
            configRoot: `catalog.providers.${idp}`,
            rootConfig: config,
            logger,
            scheduler,
            database,
            defaults: { userNaming: 'strip-domain-email', groupNaming: 'kebab-case-name' },
            build,
          });
          catalog.addEntityProvider(providers);
          orgSync.addProviders(providers, logger);
        },
      });
    },
  });
}

describe('the org sync service', () => {
  const backends: CatalogTestBackend[] = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
  });

  it('is one per backend: every org module of a backend shares it, and two backends in one process share nothing', async () => {
    backends.push(await startBackend(['people', 'accounts']), await startBackend(['other']));
    expect(await listedProviders(backends[0])).toEqual(['accounts:main', 'people:main']);
    expect(await listedProviders(backends[1])).toEqual(['other:main']);
  });

  it('refuses to start a backend where two copies of the engine would each make their own service, naming the fix', async () => {
    await expect(startBackend(['people'], { features: [moduleOfAnotherCopy('second')], configured: ['second'] })).rejects.toThrow(
      /two copies of @orgsync\/plugin-catalog-org-sync-node in one backend each made an org sync service; add one of them explicitly \(backend\.add\(orgSyncServiceFactory\)\)/,
    );
  });

  it('is shared by two copies of the engine once its factory is added to the backend', async () => {
    backends.push(await startBackend(['people'], { features: [moduleOfAnotherCopy('second'), orgSyncServiceFactory], configured: ['second'] }));
    expect(await listedProviders(backends[0])).toEqual(['people:main', 'second:main']);
  });
});
