import { createOrgProviderModule } from '@orgsync/plugin-catalog-org-sync-node';
import { createScimOrgEntityProviders } from './createScimOrgEntityProviders';
import { scimOrgEntityProviderTransformsExtensionPoint, type ScimGroupTransformer, type ScimUserTransformer } from './extensionPoint';

/** A SCIM 2.0 service provider per entry under `catalog.providers.scim`: what an IdP pushes lands as Users and Groups. @public */
export const catalogModuleScimOrg = createOrgProviderModule<
  { userTransformer: ScimUserTransformer; groupTransformer: ScimGroupTransformer },
  typeof scimOrgEntityProviderTransformsExtensionPoint.T
>({
  moduleId: 'scim-org',
  extensionPoint: scimOrgEntityProviderTransformsExtensionPoint,
  extension: set => ({
    setUserTransformer: set('userTransformer', 'SCIM user'),
    setGroupTransformer: set('groupTransformer', 'SCIM group'),
  }),
  createProviders: (deps, transformers) => createScimOrgEntityProviders({ ...deps, ...transformers }),
});
