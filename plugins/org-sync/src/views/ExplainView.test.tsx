/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import { explained } from '../__testing__/data';
import { orgSyncApi, pending, renderOrgSync } from '../__testing__/renderOrgSync';

describe('explain (/org-sync/explain?q=)', () => {
  it('answers the query in the URL: the record, and why it is not in the catalog', async () => {
    const asked: string[] = [];
    await renderOrgSync('/org-sync/explain?q=cara%40example.com', orgSyncApi({ explain: async q => (asked.push(q), explained) }));
    expect(await screen.findByText('okta:main (okta)')).toBeTruthy();
    expect(screen.getByText('Not in the catalog.')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Why, according to okta:main' }).textContent).toContain('Okta status DEPROVISIONED is not an active status');
    expect(asked).toEqual(['cara@example.com']);
    expect((screen.getByLabelText('Email, login, IdP id or entity ref') as HTMLInputElement).value).toBe('cara@example.com');
  });

  it('says which run removed a person, when and why, linking to that run', async () => {
    const message = 'removed from the catalog by run run-2 at 2026-12-01T09:00:05.000Z: status: SUSPENDED';
    const removed = { ...explained, providers: [{ provider: 'okta:main', idp: 'okta', found: false, entityRef: 'user:default/cara', inCatalog: false, reasons: [{ reason: 'removed', message, runId: 'run-2' }] }] };
    await renderOrgSync('/org-sync/explain?q=cara%40example.com', orgSyncApi({ explain: async () => removed }));
    const why = await screen.findByRole('list', { name: 'Why, according to okta:main' });
    expect(why.textContent).toBe(`removed: ${message} (see the run)`);
    expect(screen.getByRole('link', { name: 'see the run' }).getAttribute('href')).toBe('/org-sync/providers/okta%3Amain?run=run-2');
  });

  it('searches from the search box', async () => {
    await renderOrgSync('/org-sync/explain', orgSyncApi({ explain: async () => explained }));
    expect(screen.queryByText('okta:main (okta)')).toBeNull();
    fireEvent.change(screen.getByLabelText('Email, login, IdP id or entity ref'), { target: { value: 'cara@example.com' } });
    fireEvent.submit(screen.getByRole('search', { name: 'Explain a person or group' }));
    expect(await screen.findByText('okta:main (okta)')).toBeTruthy();
  });

  it('loading, nobody known, and error', async () => {
    const loading = await renderOrgSync('/org-sync/explain?q=x', orgSyncApi({ explain: pending }));
    expect(screen.getByRole('status', { name: 'Loading the explanation' })).toBeTruthy();
    loading.unmount();
    const empty = await renderOrgSync('/org-sync/explain?q=nobody', orgSyncApi({ explain: async q => ({ q, detail: 'entities', providers: [] }) }));
    expect(await screen.findByText('No provider knows "nobody"')).toBeTruthy();
    empty.unmount();
    await renderOrgSync('/org-sync/explain?q=x', orgSyncApi({}));
    expect(await screen.findByText(/Could not load the explanation/)).toBeTruthy();
  });
});
