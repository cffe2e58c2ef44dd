import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { orgSyncApiRef } from './api/OrgSyncApi';
import { OrgSyncClient } from './api/OrgSyncClient';
import { EntityIdentitiesCard } from './cards/EntityIdentitiesCard';
import { EntityOwnerLeftCard } from './cards/EntityOwnerLeftCard';
import { rootRouteRef } from './routes';
import { OrgSyncPage as OrgSyncPageComponent } from './views/OrgSyncPage';

/** The org sync plugin for the legacy frontend system. @public */
export const orgSyncPlugin = createPlugin({
  id: 'org-sync',
  apis: [
    createApiFactory({
      api: orgSyncApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OrgSyncClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The org sync page: providers, a provider's runs, explain and ownership. @public */
export const OrgSyncPage: () => JSX.Element = orgSyncPlugin.provide(
  createRoutableExtension({
    name: 'OrgSyncPage',
    component: () => Promise.resolve(OrgSyncPageComponent),
    mountPoint: rootRouteRef,
  }),
);

/** A User's identities and departure, for the User entity page. @public */
export const EntityOrgSyncIdentitiesCard: () => JSX.Element = orgSyncPlugin.provide(
  createComponentExtension({
    name: 'EntityOrgSyncIdentitiesCard',
    component: { lazy: () => Promise.resolve(EntityIdentitiesCard) },
  }),
);

/** A warning naming an entity's departed owner, for any entity page. @public */
export const EntityOrgSyncOwnerLeftCard: () => JSX.Element | null = orgSyncPlugin.provide(
  createComponentExtension({
    name: 'EntityOrgSyncOwnerLeftCard',
    component: { lazy: () => Promise.resolve(EntityOwnerLeftCard) },
  }),
);
