/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import { providers } from '../__testing__/data';
import { orgSyncApi, pending, renderOrgSync } from '../__testing__/renderOrgSync';
import { formatWhen } from '../components/format';

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

  it('shows each provider’s change signals, push or poll, and the last delivery and poll seen', async () => {
    await renderOrgSync('/org-sync', orgSyncApi({ getProviders: async () => providers }));
    const signals = await screen.findByRole('list', { name: 'Change signals of okta:main' });
    expect([...signals.querySelectorAll('li')].map(li => li.textContent)).toEqual([
      'Okta event hook (push)',
      'Okta System Log poll (poll, every 10 s)',
      `Last delivery: ${formatWhen('2026-12-01T10:05:00.000Z')}, accepted: HTTP 202 (push)`,
      `Last poll: ${formatWhen('2026-12-01T10:05:10.000Z')}, failed: Okta answered 429`,
    ]);
    const github = screen.getByRole('link', { name: 'github:acme' }).closest('tr');
    if (!github) throw new Error('the github:acme link is not in a table row');
    expect(within(github).getByText('none: scheduled reads only')).toBeTruthy();
  });

  it('says when nothing was delivered or polled yet, and when the backend does not report signals', async () => {
    const [okta, github] = providers;
    const quiet = { ...okta, changeSignals: { ...okta.changeSignals!, lastDelivery: null, lastPoll: null } };
    const older = { ...github, changeSignals: undefined };
    await renderOrgSync('/org-sync', orgSyncApi({ getProviders: async () => [quiet, older] }));
    const signals = await screen.findByRole('list', { name: 'Change signals of okta:main' });
    expect(within(signals).getByText('Last delivery: none seen')).toBeTruthy();
    expect(within(signals).getByText('Last poll: none seen')).toBeTruthy();
    expect(screen.getByText('not reported by this backend')).toBeTruthy();
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
