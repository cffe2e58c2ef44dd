/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import { providers } from '../__testing__/data';
import { orgSyncApi, pending, renderOrgSync } from '../__testing__/renderOrgSync';

describe('the providers overview (/org-sync)', () => {
  it('shows every provider with its last run, and a failed run’s cause in words', async () => {
    await renderOrgSync('/org-sync', orgSyncApi({ getProviders: async () => providers }));
    const okta = (await screen.findByRole('link', { name: 'okta:main' })).closest('tr');
    if (!okta) throw new Error('the okta:main link is not in a table row');
    const row = within(okta);
    expect(row.getByText('Healthy')).toBeTruthy();
    expect(row.getByText('added 3, updated 1, removed 2, restored 1')).toBeTruthy();
    expect(row.getByText('2.5 s')).toBeTruthy();
    expect(row.getByText('allowed')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'okta:main' }).getAttribute('href')).toBe('/org-sync/providers/okta%3Amain');
    expect(screen.getByText('Failing')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toBe('Cause: Okta answered 401: the API token is not valid');
  });

  it('says it is loading while the providers are asked for', async () => {
    await renderOrgSync('/org-sync', orgSyncApi({ getProviders: pending }));
    expect(screen.getByRole('status', { name: 'Loading providers' })).toBeTruthy();
  });

  it('says when the backend runs no org provider', async () => {
    await renderOrgSync('/org-sync', orgSyncApi({ getProviders: async () => [] }));
    expect(await screen.findByText('No org providers')).toBeTruthy();
  });

  it('shows the error when the providers cannot be read', async () => {
    await renderOrgSync('/org-sync', orgSyncApi({}));
    expect(await screen.findByText(/Could not load providers/)).toBeTruthy();
    expect(screen.getAllByText(/internal error \(logged\)/).length).toBeGreaterThan(0);
  });
});
