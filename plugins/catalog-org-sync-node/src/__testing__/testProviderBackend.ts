import { CapturingLogger, providerTestModule, startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { groupNamingStrategies, userNamingStrategies } from '../naming/strategies';
import { OrgEntityProvider, type OrgEntityProviderOptions } from '../run/OrgEntityProvider';
import { DatabaseProviderStateStore, type ProviderStateStore } from '../state/ProviderStateStore';

/** What a test sets of the provider; the rest (idp `test`, config path, naming, state store) is the same for every engine e2e test. */
export type TestProviderOptions = Omit<OrgEntityProviderOptions, 'idp' | 'id' | 'configPath' | 'logger' | 'stateStore' | 'mapping'> & {
  logger?: OrgEntityProviderOptions['logger'];
  mapping?: OrgEntityProviderOptions['mapping'];
  /** Wraps the database-backed state store (e.g. to make the catalog unreadable). */
  stateStore?: (store: DatabaseProviderStateStore) => ProviderStateStore;
};

/**
 * A real backend with the real catalog holding one `OrgEntityProvider` with id `id` of the `test` IdP
 * (`catalog.providers.test.<id>`), state in the backend's database, run on demand with `provider.run()`.
 */
export async function startTestProviderBackend(
  id: string,
  options: TestProviderOptions,
  database?: Knex,
): Promise<{ backend: CatalogTestBackend; provider: OrgEntityProvider }> {
  const { stateStore: wrap = store => store, logger = new CapturingLogger(), mapping, ...rest } = options;
  const create = ({ database: db }: { database: DatabaseService }) => [
    new OrgEntityProvider({
      idp: 'test',
      id,
      configPath: `catalog.providers.test.${id}`,
      logger,
      stateStore: wrap(DatabaseProviderStateStore.create(db)),
      mapping: mapping ?? { userNaming: userNamingStrategies['strip-domain-email'], groupNaming: groupNamingStrategies['kebab-case-name'] },
      ...rest,
    }),
  ];
  const { feature, providers } = providerTestModule(`org-sync-test-${id}`, logger, create);
  const backend = await startCatalogTestBackend({ features: [feature], ...(database ? { database } : {}) });
  return { backend, provider: providers[0] };
}
