/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The new system's test app loads @backstage/integration, whose Azure client's browser build is ES modules only: the node build is used.
import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { orgSyncApiRef } from './api/OrgSyncApi';
import { providers } from './__testing__/data';
import { orgSyncApi } from './__testing__/renderOrgSync';
import orgSyncPlugin from './alpha';

describe('the plugin in the new frontend system', () => {
  it('mounts the org sync page at /org-sync with its API', async () => {
    renderTestApp({
      features: [orgSyncPlugin],
      initialRouteEntries: ['/org-sync'],
      apis: [[orgSyncApiRef, orgSyncApi({ getProviders: async () => providers })]],
    });
    // The app loads the page lazily: on a cold module cache that takes seconds.
    expect(await screen.findByRole('link', { name: 'okta:main' }, { timeout: 20_000 })).toBeTruthy();
    const sidebar = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(within(sidebar).getByRole('link', { name: /Org sync/ }).getAttribute('href')).toBe('/org-sync');
  });

  it('offers the page, the API and the two entity cards as extensions', () => {
    const ids = ['api:org-sync', 'page:org-sync', 'entity-card:org-sync/identities', 'entity-card:org-sync/owner-left'];
    for (const id of ids) expect(orgSyncPlugin.getExtension(id as never)).toBeDefined();
  });
});
