import { coreServices, createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import appPlugin from '@backstage/plugin-app-backend';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';

/**
 * The Backstage app's side of the backend, each part only where the config asks for it, so the production shape
 * (app-config.yaml alone) stays a catalog backend: the app backend serving the bundle of `app.packageName`
 * (packages/app, built by its build.js) with the frontend config injected, and the auth backend with its guest
 * provider when `auth.providers.guest` exists (the demo's app-config.local.yaml: local use only).
 */
export const appFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('app.packageName')) yield appPlugin;
    if (config.has('auth.providers.guest')) {
      yield authPlugin;
      yield guestProviderModule;
    }
  },
});
