import { createExtensionPoint, type BackendFeature } from '@backstage/backend-plugin-api';
import { createOrgProviderModule } from '../../module/createOrgProviderModule';
import { createOrgEntityProvidersFromConfig, type CreateOrgEntityProvidersFromConfigOptions } from '../../run/createOrgEntityProvidersFromConfig';
import type { OrgEntityProvider } from '../../run/OrgEntityProvider';

/**
 * An org module for tests, built exactly as the IdP modules build theirs: one provider per entry under
 * `catalog.providers.<idp>`, each from `build`. `onProviders` receives them once the module has made them.
 */
export function orgTestModule(options: {
  idp: string;
  build: CreateOrgEntityProvidersFromConfigOptions['build'];
  onProviders?: (providers: OrgEntityProvider[]) => void;
}): BackendFeature {
  return createOrgProviderModule<object, object>({
    moduleId: `${options.idp}-org`,
    extensionPoint: createExtensionPoint<object>({ id: `catalog.${options.idp}-org.transforms` }),
    extension: () => ({}),
    createProviders: deps => {
      const providers = createOrgEntityProvidersFromConfig({
        idp: options.idp,
        configRoot: `catalog.providers.${options.idp}`,
        rootConfig: deps.config,
        logger: deps.logger,
        scheduler: deps.scheduler,
        database: deps.database,
        httpRouter: deps.httpRouter,
        defaults: { userNaming: 'strip-domain-email', groupNaming: 'kebab-case-name' },
        build: options.build,
      });
      options.onProviders?.(providers);
      return providers;
    },
  });
}
