import { createOrgProviderModule } from '@orgsync/plugin-catalog-org-sync-node';
import { createLdapOrgEntityProviders } from './createLdapOrgEntityProviders';
import {
  ldapOrgEntityProviderTransformsExtensionPoint,
  type LdapGroupTransformer,
  type LdapUserTransformer,
  type TransformerSetting,
} from './extensionPoint';

/** LDAP users and groups as User and Group entities, one provider per entry under `catalog.providers.ldapOrg`. @public */
export const catalogModuleLdapOrg = createOrgProviderModule<
  { userTransformer: TransformerSetting<LdapUserTransformer>; groupTransformer: TransformerSetting<LdapGroupTransformer> },
  typeof ldapOrgEntityProviderTransformsExtensionPoint.T
>({
  moduleId: 'ldap-org',
  extensionPoint: ldapOrgEntityProviderTransformsExtensionPoint,
  extension: set => ({
    setUserTransformer: set('userTransformer', 'LDAP org user'),
    setGroupTransformer: set('groupTransformer', 'LDAP org group'),
  }),
  createProviders: (deps, transformers) => createLdapOrgEntityProviders({ ...deps, ...transformers }),
});
