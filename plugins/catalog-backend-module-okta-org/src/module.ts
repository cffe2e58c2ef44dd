import { createOrgProviderModule } from '@orgsync/plugin-catalog-org-sync-node';
import { createOktaOrgEntityProviders } from './createOktaOrgEntityProviders';
import { oktaOrgEntityProviderTransformsExtensionPoint, type OktaGroupTransformer, type OktaUserTransformer } from './extensionPoint';

/** Okta users and groups as User and Group entities, one provider per entry under `catalog.providers.okta`. @public */
export const catalogModuleOktaOrg = createOrgProviderModule<
  { userTransformer: OktaUserTransformer; groupTransformer: OktaGroupTransformer },
  typeof oktaOrgEntityProviderTransformsExtensionPoint.T
>({
  moduleId: 'okta-org',
  extensionPoint: oktaOrgEntityProviderTransformsExtensionPoint,
  extension: set => ({
    setUserTransformer: set('userTransformer', 'Okta org user'),
    setGroupTransformer: set('groupTransformer', 'Okta org group'),
  }),
  createProviders: (deps, transformers) => createOktaOrgEntityProviders({ ...deps, ...transformers }),
});
