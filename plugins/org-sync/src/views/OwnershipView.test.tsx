/** @jest-environment jsdom */
import { screen } from '@testing-library/react';
import { leavers } from '../__testing__/data';
import { orgSyncApi, pending, renderOrgSync } from '../__testing__/renderOrgSync';

describe('ownership (/org-sync/ownership)', () => {
  it('lists what leavers still own, each row linking to the entity', async () => {
    await renderOrgSync('/org-sync/ownership', orgSyncApi({ getLeavers: async () => leavers }));
    const billing = await screen.findByRole('link', { name: /billing/ });
    expect(billing.getAttribute('href')).toBe('/catalog/default/component/billing');
    expect(screen.getByRole('link', { name: /legacy/ })).toBeTruthy();
    expect(screen.getByText('DEPROVISIONED')).toBeTruthy();
  });

  it('filters by the owning group or person (?owner=)', async () => {
    await renderOrgSync('/org-sync/ownership?owner=group%3Adefault%2Fold-team', orgSyncApi({ getLeavers: async () => leavers }));
    expect(await screen.findByRole('link', { name: /legacy/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /billing/ })).toBeNull();
  });

  it('loading, nobody, and error', async () => {
    const loading = await renderOrgSync('/org-sync/ownership', orgSyncApi({ getLeavers: pending }));
    expect(screen.getByRole('status', { name: "Loading leavers' ownership" })).toBeTruthy();
    loading.unmount();
    const empty = await renderOrgSync('/org-sync/ownership', orgSyncApi({ getLeavers: async () => [] }));
    expect(await screen.findByText('Nobody who left owns anything')).toBeTruthy();
    empty.unmount();
    await renderOrgSync('/org-sync/ownership', orgSyncApi({}));
    expect(await screen.findByText(/Could not load leavers' ownership/)).toBeTruthy();
  });
});
