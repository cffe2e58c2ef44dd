import { createOrgEntityProvidersFromConfig, type OrgEntityProvider, type OrgProviderModuleDeps } from '@orgsync/plugin-catalog-org-sync-node';
import { CONFIG_ROOT, readLdapProviderConfig } from './config';
import {
  DEFAULT_GROUP_NAMING,
  DEFAULT_GROUP_TYPE,
  DEFAULT_USER_NAMING,
  LDAP_IDP,
  ldapGroupNamingStrategies,
  ldapUserNamingStrategies,
  officialLocationKey,
  officialProviderName,
} from './defaults';
import { transformerFor, type LdapGroupTransformer, type LdapUserTransformer, type TransformerSetting } from './extensionPoint';
import { createLdapEntityTransformers } from './transform/mapping';
import { LdapChangePoller } from './changes/LdapChangePoller';
import { LdapOrgSource } from './source/LdapOrgSource';

/** The engine's module dependencies (LDAP's poller needs no `httpRouter` or `events`) and the transformers. @alpha */
export interface CreateLdapOrgEntityProvidersOptions
  extends Omit<OrgProviderModuleDeps, 'httpRouter' | 'events'>,
    Partial<Pick<OrgProviderModuleDeps, 'httpRouter' | 'events'>> {
  userTransformer?: TransformerSetting<LdapUserTransformer>;
  groupTransformer?: TransformerSetting<LdapGroupTransformer>;
}

/** One scheduled provider (`LdapOrgEntityProvider:<id>`, as the official module names it) per entry under `catalog.providers.ldapOrg`. @alpha */
export function createLdapOrgEntityProviders(options: CreateLdapOrgEntityProvidersOptions): OrgEntityProvider[] {
  return createOrgEntityProvidersFromConfig({
    idp: LDAP_IDP,
    configRoot: CONFIG_ROOT,
    rootConfig: options.config,
    logger: options.logger,
    scheduler: options.scheduler,
    database: options.database,
    defaults: { userNaming: DEFAULT_USER_NAMING, groupNaming: DEFAULT_GROUP_NAMING, groupType: DEFAULT_GROUP_TYPE },
    userNamingStrategies: ldapUserNamingStrategies,
    groupNamingStrategies: ldapGroupNamingStrategies,
    build: ({ id, config, configPath }) => {
      const ldap = readLdapProviderConfig(config, id, configPath);
      const providerName = officialProviderName(id);
      const source = new LdapOrgSource(ldap, options.logger.child({ provider: providerName }));
      return {
        source,
        providerName,
        locationKey: officialLocationKey(id),
        secrets: ldap.bind ? [ldap.bind.secret] : [],
        changes: { poller: ldap.pollChanges ? new LdapChangePoller(source, ldap) : undefined },
        absentReason: { user: 'deleted from the directory (or outside the users search)', group: 'deleted from the directory (or outside the groups search)' },
        mapping: createLdapEntityTransformers(ldap, () => source.vendorInUse, {
          user: transformerFor(options.userTransformer, id),
          group: transformerFor(options.groupTransformer, id),
        }),
      };
    },
  });
}
