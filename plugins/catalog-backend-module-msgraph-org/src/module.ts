import { createOrgProviderModule } from '@orgsync/plugin-catalog-org-sync-node';
import { microsoftGraphOrgEntityProviderTransformExtensionPoint } from './extensionPoint';
import { createMsGraphOrgEntityProviders, type MsGraphTransformerSettings } from './createMsGraphOrgEntityProviders';

/** Microsoft Entra ID users and groups (Microsoft Graph) in the catalog, a drop-in for the official msgraph module. @public */
export const catalogModuleMsGraphOrg = createOrgProviderModule<
  Required<MsGraphTransformerSettings>,
  typeof microsoftGraphOrgEntityProviderTransformExtensionPoint.T
>({
  moduleId: 'msgraph-org',
  extensionPoint: microsoftGraphOrgEntityProviderTransformExtensionPoint,
  extension: set => ({
    setUserTransformer: set('userTransformer', 'Microsoft Graph user'),
    setGroupTransformer: set('groupTransformer', 'Microsoft Graph group'),
    setOrganizationTransformer: set('organizationTransformer', 'Microsoft Graph organization'),
    setProviderConfigTransformer: set('providerConfigTransformer', 'Microsoft Graph provider config'),
  }),
  createProviders: ({ config, ...deps }, transformers) => createMsGraphOrgEntityProviders({ rootConfig: config, ...deps, transformers }),
});
