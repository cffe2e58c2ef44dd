import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { CapturingLogger, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { defaultDeletionGuardConfig } from '../guard/deletionGuard';
import { groupNamingStrategies, userNamingStrategies } from '../naming/strategies';
import type { OrgSnapshot, OrgSource, SourceReadContext } from '../records';
import { DatabaseProviderStateStore } from '../state/ProviderStateStore';
import { OrgEntityProvider } from './OrgEntityProvider';

/** Answers once, then never again (a page that never answers), until told otherwise. */
class SourceThatHangs implements OrgSource {
  reads = 0;
  hang = false;
  sawAbort = false;
  async read({ signal, reportProgress }: SourceReadContext): Promise<OrgSnapshot> {
    this.reads++;
    reportProgress({ users: 1, stage: 'users' });
    if (this.hang) {
      signal.addEventListener('abort', () => (this.sawAbort = true));
      return new Promise<OrgSnapshot>(() => undefined);
    }
    return { users: [{ id: '1', email: 'solo@example.com', active: true }], groups: [{ id: 'g', name: 'Solo', memberUserIds: ['1'] }] };
  }
}

describe('a scheduled provider', () => {
  let backend: CatalogTestBackend;
  const source = new SourceThatHangs();
  const logger = new CapturingLogger();

  beforeAll(async () => {
    const testModule = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'org-sync-scheduled-test',
      register(env) {
        env.registerInit({
          deps: { catalog: catalogProcessingExtensionPoint, database: coreServices.database, scheduler: coreServices.scheduler },
          async init({ catalog, database, scheduler }) {
            catalog.addEntityProvider(
              new OrgEntityProvider({
                idp: 'test',
                id: 'scheduled',
                source,
                configPath: 'catalog.providers.test.scheduled',
                logger,
                stateStore: DatabaseProviderStateStore.create(database),
                guard: () => defaultDeletionGuardConfig,
                scheduler,
                schedule: { frequency: { seconds: 1 }, timeout: { seconds: 2 }, initialDelay: { seconds: 0 } },
                progressIntervalMs: 0,
                mapping: { userNaming: userNamingStrategies['strip-domain-email'], groupNaming: groupNamingStrategies['kebab-case-name'] },
              }),
            );
          },
        });
      },
    });
    backend = await startCatalogTestBackend({ features: [testModule] });
  });

  afterAll(() => backend?.stop());

  it('syncs by itself on its schedule', async () => {
    await waitFor('the scheduled first sync', () => backend.catalog.byName('user', 'default', 'solo'));
    expect(logger.text()).toContain('test:scheduled: reading… users 1, stage users');
  });

  it('gives up on a read that never answers at the schedule timeout, applying nothing', async () => {
    source.hang = true;
    await waitFor('a timed-out run', async () => logger.text().includes('test:scheduled: read failed, nothing applied'), { timeoutMs: 20_000 });
    expect(logger.text()).toContain('the read was aborted (schedule timeout or shutdown)');
    expect(source.sawAbort).toBe(true);
    expect(await backend.catalog.byName('user', 'default', 'solo')).toBeDefined();
    source.hang = false;
  });
});
