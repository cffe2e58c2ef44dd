import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  type OverridableFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { orgSyncApiRef } from './api/OrgSyncApi';
import { OrgSyncClient } from './api/OrgSyncClient';
import { EntityIdentitiesCard } from './cards/EntityIdentitiesCard';
import { EntityOwnerLeftCard } from './cards/EntityOwnerLeftCard';
import { OrgSyncIcon } from './components/OrgSyncIcon';
import { OrgSyncPage } from './views/OrgSyncPage';

const rootRoute = createRouteRef();

const orgSyncApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: orgSyncApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OrgSyncClient(deps),
    }),
});

// The page's title and icon make its nav item: the new system builds the sidebar from pages (NavItemBlueprint left in 0.17).
const orgSyncPage = PageBlueprint.make({
  params: {
    path: '/org-sync',
    title: 'Org sync',
    icon: <OrgSyncIcon />,
    routeRef: rootRoute,
    loader: () => Promise.resolve(<OrgSyncPage />),
  },
});

const identitiesCard = EntityCardBlueprint.make({
  name: 'identities',
  params: {
    filter: { kind: 'user' },
    loader: () => Promise.resolve(<EntityIdentitiesCard />),
  },
});

const ownerLeftCard = EntityCardBlueprint.make({
  name: 'owner-left',
  params: {
    loader: () => Promise.resolve(<EntityOwnerLeftCard />),
  },
});

/** The org sync plugin for the new frontend system. @alpha */
const orgSyncPlugin: OverridableFrontendPlugin = createFrontendPlugin({
  pluginId: 'org-sync',
  extensions: [orgSyncApi, orgSyncPage, identitiesCard, ownerLeftCard],
  routes: { root: rootRoute },
});

export default orgSyncPlugin;
