import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
// usePermission caches answers in swr's global cache: each render gets its own, so one test's grants never leak into the next.
import { SWRConfig } from 'swr';
import { orgSyncApiRef, type OrgSyncApi } from '../api/OrgSyncApi';
import { OrgSyncRequestError } from '../api/OrgSyncClient';
import { OrgSyncPage } from '../views/OrgSyncPage';

/** Which permissions the signed-in user has: all, none, or the named ones. */
export type Granted = 'all' | 'none' | string[];

/**
 * An OrgSyncApi answering from the given functions; a method not given fails as the backend would (500). The views'
 * HTTP side is tested in OrgSyncClient.test.ts against a real server, so the views' tests start at the API boundary.
 */
export function orgSyncApi(methods: Partial<OrgSyncApi>): OrgSyncApi {
  const refuse = () => Promise.reject(new OrgSyncRequestError(500, '500 Internal Server Error: internal error (logged)'));
  return {
    getProviders: refuse,
    getProvider: refuse,
    getRuns: refuse,
    dryRun: refuse,
    runNow: refuse,
    acceptPlan: refuse,
    explain: refuse,
    getLeavers: refuse,
    ...methods,
  };
}

/** A promise that never settles, to hold a view in its loading state. */
export const pending = <T,>(): Promise<T> => new Promise<T>(() => undefined);

/** Renders `children` in a test app with the org sync API, the given permissions and entity pages mounted. */
export function renderWithApis(children: ReactNode, options: { api: OrgSyncApi; granted?: Granted; path?: string }) {
  const granted = options.granted ?? 'all';
  const permissionApi = mockApis.permission({
    authorize: request =>
      granted === 'all' || (Array.isArray(granted) && granted.includes(request.permission.name)) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [orgSyncApiRef, options.api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <SWRConfig value={{ provider: () => new Map() }}>{children}</SWRConfig>
    </TestApiProvider>,
    { routeEntries: [options.path ?? '/'], mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Renders the org sync page, mounted at /org-sync, at `path`. */
export function renderOrgSync(path: string, api: OrgSyncApi, granted: Granted = 'all') {
  return renderWithApis(
    <Routes>
      <Route path="/org-sync/*" element={<OrgSyncPage />} />
    </Routes>,
    { api, granted, path },
  );
}
