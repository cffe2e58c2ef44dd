import type { OktaEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import type { Page } from 'playwright-core';
import { describeChromium, launchChromium, type Browser } from './chromium';
import { activeMembers, oktaProvider, registerEventHook, startPlainOkta, userOf } from './okta';
import { openApp, reloadUntil, rowText } from './pages';
import { latestRun, runNow } from './runs';
import { startUiBackend, type UiBackend } from './uiBackend';

// Test value only: the Event Hook's shared secret.
const HOOK_SECRET = 'ui-e2e-event-hook-secret-0123456789abcdef';

/** Two Okta orgs: `main` pushes its changes (Event Hook), `held` is where a mass removal is held. */
interface Idps {
  main: OktaEmulator;
  held: OktaEmulator;
  close(): Promise<void>;
}

async function startIdps(): Promise<Idps> {
  const [main, held] = await Promise.all([startPlainOkta(24, 4, 31), startPlainOkta(20, 3, 32)]);
  return { main, held, close: async () => void (await Promise.all([main.close(), held.close()])) };
}

describeChromium('the org sync pages in a real browser', () => {
  let backend: UiBackend<Idps>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startUiBackend<Idps>({
        emulator: startIdps,
        providers: ({ main, held }) => ({
          main: oktaProvider(main, { events: { poll: { interval: { hours: 1 } }, push: { enabled: true, authorization: HOOK_SECRET } } }),
          held: oktaProvider(held, { namespace: 'held' }),
        }),
      }),
      launchChromium(),
    ]);
    page = await browser.newPage();
    await registerEventHook(backend.emulator.main, `${backend.url}/api/catalog/org-sync/okta/main`, HOOK_SECRET);
    await Promise.all([latestRun(backend, 'okta:main', 'applied'), latestRun(backend, 'okta:held', 'applied')]);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.emulator.main.org.settleEventHooks();
    await backend?.stop();
  });

  it('the org sync page lists every provider with its last run', async () => {
    await openApp(page, backend.url, '/org-sync');
    for (const provider of ['okta:main', 'okta:held']) {
      const row = await rowText(page, provider);
      expect(row).toContain('Healthy');
      expect(row).toContain('Applied');
      expect(row).toMatch(/added \d+, updated 0, removed 0/);
    }
  });

  describe('a person who leaves', () => {
    let leaver: { oktaId: string; email: string; name: string; ref: string };

    beforeAll(async () => {
      const person = activeMembers(backend.emulator.main)[0];
      const user = await waitFor(`the User of ${person.profile.login}`, () => userOf(backend.catalog, 'default', person.id));
      leaver = { oktaId: person.id, email: person.profile.email ?? person.profile.login, name: user.metadata.name, ref: `user:default/${user.metadata.name}` };
      await backend.components.set({ 'payments-api': leaver.ref });
      await waitFor('the leaver-owned component', () => backend.catalog.byName('component', 'default', 'payments-api'));
    });

    it('leaves the UI within seconds of their deactivation in Okta (the Event Hook), and ownership lists what they still own', async () => {
      await openApp(page, backend.url, '/org-sync/ownership');
      await page.getByText('Nobody who left owns anything').waitFor();
      const deactivated = Date.now();
      backend.emulator.main.org.deactivateUser(leaver.oktaId);
      await reloadUntil(page, backend.url, '/org-sync/ownership', {
        what: `the ownership view listing ${leaver.ref}`,
        wanted: p => p.getByRole('row').filter({ hasText: 'payments-api' }),
        otherwise: p => p.getByText('Nobody who left owns anything'),
      }).catch(async error => {
        const runs = await backend.orgSync('/providers/okta:main/runs?limit=3');
        const deliveries = backend.emulator.main.org.eventHookDeliveries().map(({ body: _body, ...delivery }) => delivery);
        const ownership = await backend.orgSync('/ownership');
        throw new Error(`${error.message}\nGET /ownership: ${JSON.stringify(ownership)}\nruns of okta:main: ${JSON.stringify(runs)}\nEvent Hook deliveries: ${JSON.stringify(deliveries)}`);
      });
      const seconds = (Date.now() - deactivated) / 1000;
      const row = await rowText(page, 'payments-api');
      expect(row).toContain(leaver.name);
      console.log(`ui-e2e: ${leaver.ref} was listed as a leaver with what they own ${seconds.toFixed(1)} s after their deactivation in Okta`);
      expect(seconds).toBeLessThan(20);
    });

    it('explain shows why the deactivated person is not in the catalog', async () => {
      await openApp(page, backend.url, `/org-sync/explain?q=${encodeURIComponent(leaver.email)}`);
      const why = page.getByRole('list', { name: 'Why, according to okta:main' });
      await why.waitFor();
      expect(await page.getByText('In the catalog as').count()).toBe(0);
      // Deactivated people leave Okta's user list: the provider holds no record of them, and tells which run removed them, when and why.
      expect(await why.innerText()).toMatch(/^removed: removed from the catalog by run [\w-]+ at \d{4}-\d\d-\d\dT[\d:.]+Z: \S.* \(see the run\)$/);
      expect(await why.getByRole('link', { name: 'see the run' }).getAttribute('href')).toMatch(/\/org-sync\/providers\/okta%3Amain\?run=[\w-]+$/);
      expect(await backend.catalog.byName('user', 'default', leaver.name)).toBeUndefined();
    });
  });

  it('accepting a plan the guard held lets the next run apply it', async () => {
    const { held } = backend.emulator;
    const leaving = activeMembers(held).slice(0, 8);
    const names = await Promise.all(leaving.map(async u => (await userOf(backend.catalog, 'held', u.id))!.metadata.name));
    for (const person of leaving) held.org.deactivateUser(person.id);
    const guarded = await runNow(backend, 'okta:held');
    expect(guarded).toMatchObject({ outcome: 'guarded', guard: { removedUsers: expect.any(Array) } });
    expect(guarded.guard?.removedUsers).toHaveLength(8);

    await openApp(page, backend.url, '/org-sync/providers/okta%3Aheld');
    await page.getByText(guarded.guard!.planId).first().waitFor();
    const [accepted] = await Promise.all([page.waitForResponse(r => r.url().endsWith('/providers/okta%3Aheld/accept')), page.getByRole('button', { name: 'Accept plan' }).click()]);
    expect(accepted.status()).toBe(200);
    const [triggered] = await Promise.all([page.waitForResponse(r => r.url().endsWith('/providers/okta%3Aheld/run')), page.getByRole('button', { name: 'Run now' }).click()]);
    expect(triggered.status()).toBe(202);

    const applied = await latestRun(backend, 'okta:held', 'applied');
    expect(applied.acceptances).toEqual([expect.objectContaining({ planId: guarded.guard!.planId, by: 'user:development/guest', outcome: 'applied' })]);
    for (const name of names) expect(await backend.catalog.byName('user', 'held', name)).toBeUndefined();
  });
});
