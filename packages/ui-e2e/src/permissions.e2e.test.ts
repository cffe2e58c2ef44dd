import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import type { OktaEmulator } from '@orgsync/idp-emulators';
import type { Page, Response } from 'playwright-core';
import { describeChromium, launchChromium, type Browser } from './chromium';
import { activeMembers, oktaProvider, startPlainOkta } from './okta';
import { openApp } from './pages';
import { latestRun, runNow } from './runs';
import { startUiBackend, type UiBackend } from './uiBackend';

/** Signed-in people may read everything but none of the org sync actions (`catalog.org-sync.*`). */
const noOrgSyncActionsForPeople: PermissionPolicy = {
  async handle(request, user) {
    const denied = user !== undefined && request.permission.name.startsWith('catalog.org-sync.');
    return { result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
  },
};

/** Permission name → the decision the permission backend sent the page, from its `/authorize` exchanges. */
async function decisionsOf(exchanges: Response[]): Promise<Record<string, string>> {
  const decisions: Record<string, string> = {};
  for (const response of exchanges) {
    const asked = (response.request().postDataJSON() as { items: Array<{ id: string; permission: { name: string } }> }).items;
    const { items } = (await response.json()) as { items: Array<{ id: string; result: string }> };
    for (const item of items) decisions[asked.find(a => a.id === item.id)?.permission.name ?? item.id] = item.result;
  }
  return decisions;
}

describeChromium('the org sync actions for a user without the permissions', () => {
  let backend: UiBackend<OktaEmulator>;
  let browser: Browser;
  let page: Page;
  let planId: string;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startUiBackend({ emulator: () => startPlainOkta(20, 3, 33), providers: okta => ({ main: oktaProvider(okta) }), policy: noOrgSyncActionsForPeople }),
      launchChromium(),
    ]);
    page = await browser.newPage();
    await latestRun(backend, 'okta:main', 'applied');
    // A mass removal the guard holds: the page would offer Accept to someone allowed to accept it.
    for (const person of activeMembers(backend.emulator).slice(0, 8)) backend.emulator.org.deactivateUser(person.id);
    const held = await runNow(backend, 'okta:main');
    if (held.outcome !== 'guarded' || !held.guard) throw new Error(`the guard did not hold the mass removal: ${JSON.stringify(held)}`);
    planId = held.guard.planId;
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('the provider page shows the held plan and the history, without Run now, Dry run or Accept', async () => {
    const decisions: Response[] = [];
    page.on('response', response => {
      if (response.url().endsWith('/api/permission/authorize')) decisions.push(response);
    });
    await openApp(page, backend.url, '/org-sync/providers/okta%3Amain');
    await page.getByText(planId).first().waitFor();
    await page.getByText('Run history').waitFor();
    // The buttons wait for the permission backend's answers: each action's permission was asked for and denied.
    await page.waitForLoadState('networkidle');
    expect(await decisionsOf(decisions)).toMatchObject({
      'catalog.org-sync.run': AuthorizeResult.DENY,
      'catalog.org-sync.dry-run': AuthorizeResult.DENY,
      'catalog.org-sync.accept-plan': AuthorizeResult.DENY,
    });
    for (const name of ['Run now', 'Dry run', 'Accept plan']) expect([name, await page.getByRole('button', { name }).count()]).toEqual([name, 0]);
  });
});
