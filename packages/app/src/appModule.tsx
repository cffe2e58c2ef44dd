import { SignInPage } from '@backstage/core-components';
import { createFrontendModule, PageBlueprint } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { Navigate } from 'react-router-dom';

// The backend's guest provider (auth.providers.guest) signs the visitor in as the demo's guest user.
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <SignInPage {...props} providers={['guest']} title="orgsync demo" align="center" />,
  },
});

// The app has no home page: its root opens the catalog's Users (its own default is the Components the signed-in user owns).
const rootRedirect = PageBlueprint.make({
  name: 'root-redirect',
  params: {
    path: '/',
    loader: async () => <Navigate to="/catalog?filters%5Bkind%5D=user&filters%5Buser%5D=all" replace />,
  },
});

/** The app plugin's additions: guest sign-in and the root redirect. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, rootRedirect],
});
