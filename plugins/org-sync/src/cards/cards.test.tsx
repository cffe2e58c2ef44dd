/** @jest-environment jsdom */
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import { leavers } from '../__testing__/data';
import { orgSyncApi, pending, renderWithApis } from '../__testing__/renderOrgSync';
import { EntityIdentitiesCard } from './EntityIdentitiesCard';
import { EntityOwnerLeftCard } from './EntityOwnerLeftCard';

const departedUser: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name: 'cara',
    annotations: {
      'okta.com/user-id': '00u1',
      'github.com/user-login': 'cara-gh',
      'orgsync.io/linked-accounts': 'github:acme/cara-gh (email)',
      'orgsync.io/departed-at': '2026-11-30T09:00:00.000Z',
      'orgsync.io/departure': 'DEPROVISIONED',
      'backstage.io/managed-by-location': 'url:x',
    },
  },
  spec: {},
};

const component = (name: string): Entity => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name }, spec: { owner: 'user:default/cara' } });

describe('entity cards', () => {
  it("the identities card shows a User's identities, linked accounts, and when and why they left", async () => {
    await renderWithApis(<EntityProvider entity={departedUser}><EntityIdentitiesCard /></EntityProvider>, { api: orgSyncApi({}) });
    expect(screen.getByRole('note').textContent).toMatch(/^Left on .*: DEPROVISIONED\.$/);
    const identities = screen.getByLabelText('Identities in the identity providers').textContent;
    expect(identities).toContain('okta.com/user-id00u1');
    expect(identities).toContain('github.com/user-logincara-gh');
    expect(identities).not.toContain('managed-by-location');
    expect(screen.getByText('Linked accounts: github:acme/cara-gh (email)')).toBeTruthy();
  });

  it('the owner-left card names the departed owner of an entity', async () => {
    await renderWithApis(<EntityProvider entity={component('billing')}><EntityOwnerLeftCard /></EntityProvider>, { api: orgSyncApi({ getLeavers: async () => leavers }) });
    expect(await screen.findByText(/Its owner has left/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /cara/ }).getAttribute('href')).toBe('/catalog/default/user/cara');
  });

  it('the owner-left card shows nothing while loading, when the owner is still here, or when leavers cannot be read', async () => {
    const loading = await renderWithApis(<EntityProvider entity={component('billing')}><EntityOwnerLeftCard /></EntityProvider>, { api: orgSyncApi({ getLeavers: pending }) });
    expect(screen.queryByText(/Its owner has left/)).toBeNull();
    loading.unmount();
    let answered = 0;
    const getLeavers = async () => {
      answered++;
      return leavers;
    };
    await renderWithApis(<EntityProvider entity={component('payments')}><EntityOwnerLeftCard /></EntityProvider>, { api: orgSyncApi({ getLeavers }) });
    await waitFor(() => expect(answered).toBe(1));
    expect(screen.queryByText(/Its owner has left/)).toBeNull();
  });
});
