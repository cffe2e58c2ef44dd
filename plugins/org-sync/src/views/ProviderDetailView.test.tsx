/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { appliedRun, dryRun, failedRun, heldRun, providers } from '../__testing__/data';
import { orgSyncApi, pending, renderOrgSync } from '../__testing__/renderOrgSync';

const path = '/org-sync/providers/okta%3Amain';

describe('a provider’s page (/org-sync/providers/:name)', () => {
  it('lists the run history; ?run= opens one run with who was removed, unmatched and conflicting accounts', async () => {
    await renderOrgSync(`${path}?run=run-2`, orgSyncApi({ getRuns: async name => (name === 'okta:main' ? [appliedRun] : []) }), 'none');
    expect(await screen.findByText('Run history')).toBeTruthy();
    const details = document.getElementById('run-run-2');
    expect(details?.hasAttribute('open')).toBe(true);
    expect(screen.getByRole('region', { name: 'People removed' }).textContent).toContain('user:default/ann');
    expect(screen.getByRole('region', { name: 'Unmatched accounts' }).textContent).toContain('ghost-login — no person has this email');
    expect(screen.getByRole('region', { name: 'Conflicting accounts (refused)' }).textContent).toContain('twin');
    expect(screen.getByRole('region', { name: 'Restored entities (lost or altered in the catalog, re-applied)' }).textContent).toContain('user:default/gil');
    expect(screen.getByRole('region', { name: 'Refused entities (another provider or location emits the ref)' }).textContent).toContain(
      'user:default/hal — held by url:https://example.com/users.yaml',
    );
  });

  it('says whom a run removed and why, and what a held plan would remove and why', async () => {
    const removals = { items: [{ ref: 'user:default/ann', why: 'status: DEPROVISIONED' }, { ref: 'user:default/bob', why: 'no longer in the IdP' }], total: 2 };
    const held = { ...heldRun, removals: { items: [{ ref: 'user:default/cara', why: 'no longer in the IdP' }], total: 1 } };
    await renderOrgSync(`${path}?run=run-2`, orgSyncApi({ getRuns: async () => [held, { ...appliedRun, removals }] }), 'none');
    const removed = await screen.findByRole('region', { name: 'Removed, and why' });
    expect([...removed.querySelectorAll('li')].map(li => li.textContent)).toEqual(['user:default/ann — status: DEPROVISIONED', 'user:default/bob — no longer in the IdP']);
    expect(screen.queryByRole('region', { name: 'People removed' })).toBeNull();
    expect(screen.getByRole('region', { name: 'What the plan would remove, and why' }).textContent).toContain('user:default/cara — no longer in the IdP');
  });

  it('says how many of a long list it shows, and falls back to the counts for runs recorded before the lists', async () => {
    const restored = Array.from({ length: 100 }, (_, i) => `user:default/r${i}`);
    const long = { ...appliedRun, restored: { items: restored, total: 340 }, refused: undefined };
    const older = { ...appliedRun, runId: 'run-1', restored: undefined, refused: undefined };
    await renderOrgSync(`${path}?run=run-2`, orgSyncApi({ getRuns: async () => [long, older] }), 'none');
    const region = await screen.findByRole('region', { name: 'Restored entities (lost or altered in the catalog, re-applied)' });
    expect(region.textContent).toContain('(first 100 of 340)');
    expect(region.querySelectorAll('li')).toHaveLength(100);
    const earlier = document.getElementById('run-run-1');
    if (!earlier) throw new Error('the earlier run is not listed');
    expect(within(earlier).getByText('Restored: 1 entity')).toBeTruthy();
    expect(within(earlier).getByText('Refused: 1 entity')).toBeTruthy();
  });

  it('shows the provider’s status: a failed last run’s cause in words, and its change signals', async () => {
    const failing = providers[1];
    await renderOrgSync(
      '/org-sync/providers/github%3Aacme',
      orgSyncApi({ getRuns: async () => [failedRun], getProvider: async name => providers.find(p => p.name === name) ?? failing }),
      'none',
    );
    const status = await screen.findByText('Failing');
    expect(status.tagName).toBe('DD');
    expect(screen.getAllByRole('note').map(n => n.textContent)).toContain('Okta answered 401: the API token is not valid');
    expect(screen.getByText('none: scheduled reads only')).toBeTruthy();
  });

  it('loading and error states of the provider’s status', async () => {
    const loading = await renderOrgSync(path, orgSyncApi({ getRuns: async () => [appliedRun], getProvider: pending }), 'none');
    expect(screen.getByRole('status', { name: "Loading the provider's status" })).toBeTruthy();
    loading.unmount();
    await renderOrgSync(path, orgSyncApi({ getRuns: async () => [appliedRun] }), 'none');
    expect(await screen.findByText(/Could not load the provider's status/)).toBeTruthy();
    expect(await screen.findByText('Run history')).toBeTruthy();
  });

  it('shows Run now, Dry run and Accept to those allowed, and accepts the held plan', async () => {
    const accepted: string[] = [];
    const api = orgSyncApi({
      getRuns: async () => [heldRun, appliedRun],
      dryRun: async () => dryRun,
      acceptPlan: async (_provider, planHash) => {
        accepted.push(planHash);
        return { accepted: true, planHash };
      },
    });
    await renderOrgSync(path, api, 'all');
    expect(await screen.findByText('Held plan')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'People it removes' }).textContent).toContain('user:default/cara');
    fireEvent.click(await screen.findByRole('button', { name: 'Accept plan' }));
    expect(await screen.findByText('Accepted plan 3f9a0c1d: the next run applies it.')).toBeTruthy();
    expect(accepted).toEqual(['3f9a0c1d']);
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    expect((await screen.findByRole('region', { name: 'Users to add' })).textContent).toContain('user:default/dan');
    expect(screen.getByRole('button', { name: 'Run now' })).toBeTruthy();
  });

  it('hides every action from those without the permissions', async () => {
    await renderOrgSync(path, orgSyncApi({ getRuns: async () => [heldRun] }), 'none');
    expect(await screen.findByText('Held plan')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Accept plan' })).toBeNull());
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Dry run' })).toBeNull();
  });

  it('shows only the actions granted', async () => {
    await renderOrgSync(path, orgSyncApi({ getRuns: async () => [heldRun] }), ['catalog.org-sync.dry-run']);
    expect(await screen.findByRole('button', { name: 'Dry run' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Accept plan' })).toBeNull();
  });

  it('loading, empty and error states of the run history', async () => {
    const loading = await renderOrgSync(path, orgSyncApi({ getRuns: pending }), 'none');
    expect(screen.getByRole('status', { name: 'Loading the run history' })).toBeTruthy();
    loading.unmount();
    const empty = await renderOrgSync(path, orgSyncApi({ getRuns: async () => [] }), 'none');
    expect(await screen.findByText('No runs yet')).toBeTruthy();
    empty.unmount();
    await renderOrgSync(path, orgSyncApi({}), 'none');
    expect(await screen.findByText(/Could not load the run history/)).toBeTruthy();
  });
});
