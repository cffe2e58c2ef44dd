import { createOrgEntityProvidersFromConfig, type OrgEntityProvider, type OrgProviderModuleDeps } from '@orgsync/plugin-catalog-org-sync-node';
import { CONFIG_ROOT, readScimProviderConfig } from './config';
import { DEFAULT_GROUP_NAMING, DEFAULT_GROUP_TYPE, DEFAULT_USER_NAMING, SCIM_IDP } from './defaults';
import type { ScimGroupTransformer, ScimUserTransformer } from './extensionPoint';
import { ScimReceiver } from './routes/ScimReceiver';
import { ScimOrgSource } from './source/ScimOrgSource';
import type { ScimGroupRecord, ScimUserRecord } from './source/toRecords';
import { ScimResourceStore } from './store/ScimResourceStore';

/** The engine's module dependencies (the catalog's router is where the SCIM routes go) and the module's transformers. @alpha */
export interface CreateScimOrgEntityProvidersOptions extends Omit<OrgProviderModuleDeps, 'events'>, Partial<Pick<OrgProviderModuleDeps, 'events'>> {
  userTransformer?: ScimUserTransformer;
  groupTransformer?: ScimGroupTransformer;
}

/** One provider (`scim:<id>`) per entry under `catalog.providers.scim`, each a SCIM service provider; none when it is absent. @alpha */
export function createScimOrgEntityProviders(options: CreateScimOrgEntityProvidersOptions): OrgEntityProvider[] {
  const { userTransformer, groupTransformer, config: rootConfig, ...services } = options;
  return createOrgEntityProvidersFromConfig({
    idp: SCIM_IDP,
    configRoot: CONFIG_ROOT,
    rootConfig,
    ...services,
    defaults: { userNaming: DEFAULT_USER_NAMING, groupNaming: DEFAULT_GROUP_NAMING, groupType: DEFAULT_GROUP_TYPE },
    build: ({ id, config, configPath }) => {
      const scim = readScimProviderConfig(config, id, configPath);
      const providerName = `${SCIM_IDP}:${id}`;
      const store = new ScimResourceStore(options.database, providerName);
      return {
        source: new ScimOrgSource(store),
        secrets: scim.tokens,
        absentReason: { user: 'deleted by the identity provider over SCIM', group: 'deleted by the identity provider over SCIM' },
        changes: { receiver: new ScimReceiver({ providerName, tokens: scim.tokens, requestsPerMinute: scim.requestsPerMinute, store }) },
        mapping: {
          transformUser: userTransformer && ((entity, record: ScimUserRecord) => userTransformer(entity, record.raw ?? {})),
          transformGroup: groupTransformer && ((entity, record: ScimGroupRecord) => groupTransformer(entity, record.raw ?? {})),
        },
      };
    },
  });
}
