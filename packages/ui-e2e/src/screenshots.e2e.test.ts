import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import type { Page } from 'playwright-core';
import { describeChromium, launchChromium, type Browser } from './chromium';
import { DOCS_ENV, isDocsRun, saveScreenshot } from './docsRun';
import { activeMembers, oktaProvider, userOf } from './okta';
import { openApp } from './pages';
import { latestRun, runNow } from './runs';
import { startUiBackend, type UiBackend } from './uiBackend';

/** The demo's org, as scripts/start-demo.js generates it in every emulated IdP. */
const DEMO_ORG = { users: 300, groups: 30, seed: 7 };
const PROVIDER = 'okta:demo';

/** Docs only (`npm run screenshots`): the views from the demo's data, saved to docs/screenshots. */
const describeDocs = isDocsRun() ? describeChromium : (name: string, fn: () => void) => describe.skip(`${name} (${DOCS_ENV}=1: npm run screenshots)`, fn);

describeDocs('screenshots of the org sync views, from the demo org', () => {
  let backend: UiBackend<OktaEmulator>;
  let browser: Browser;
  let page: Page;
  /** People of the demo with plain names (the generated org also holds hostile ones), who are members of teams. */
  let people: ReturnType<typeof activeMembers>;
  const nameOf = async (oktaId: string) => (await waitFor(`the User of ${oktaId}`, () => userOf(backend.catalog, 'okta', oktaId))).metadata.name;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startUiBackend({ emulator: () => startOktaEmulator({ generate: DEMO_ORG }), providers: okta => ({ demo: oktaProvider(okta, { namespace: 'okta' }) }) }),
      launchChromium({ viewport: { width: 1440, height: 900 } }),
    ]);
    page = await browser.newPage();
    people = activeMembers(backend.emulator).filter(u => /^[A-Za-z][A-Za-z .'-]{2,40}$/.test(u.profile.displayName ?? ''));
    await latestRun(backend, PROVIDER, 'applied');
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('two people who own services leave: ownership, explain and the providers page', async () => {
    const [first, second] = people;
    const owners = { 'payments-api': `user:okta/${await nameOf(first.id)}`, 'search-indexer': `user:okta/${await nameOf(second.id)}` };
    await backend.components.set(owners);
    await waitFor('the services in the catalog', () => backend.catalog.byName('component', 'default', 'search-indexer'));
    for (const person of [first, second]) backend.emulator.org.deactivateUser(person.id);
    expect((await runNow(backend, PROVIDER)).outcome).toBe('applied');

    await openApp(page, backend.url, '/org-sync/ownership');
    await page.getByRole('row').filter({ hasText: 'search-indexer' }).waitFor();
    await saveScreenshot(page, 'ownership');
    await openApp(page, backend.url, `/org-sync/explain?q=${encodeURIComponent(first.profile.email ?? first.profile.login)}`);
    await page.getByRole('list', { name: `Why, according to ${PROVIDER}` }).waitFor();
    await saveScreenshot(page, 'explain');
    await openApp(page, backend.url, '/org-sync');
    await page.getByRole('row').filter({ hasText: PROVIDER }).waitFor();
    await saveScreenshot(page, 'providers');
  });

  it('a mass removal held by the guard, and a dry run', async () => {
    for (const person of people.slice(2, 42)) backend.emulator.org.deactivateUser(person.id);
    const held = await runNow(backend, PROVIDER);
    expect(held.outcome).toBe('guarded');
    await openApp(page, backend.url, `/org-sync/providers/${encodeURIComponent(PROVIDER)}`);
    await page.getByText(held.guard!.planId).first().waitFor();
    await saveScreenshot(page, 'provider-held-plan');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('status', { name: 'Waiting for the dry run' }).waitFor({ state: 'detached' });
    await saveScreenshot(page, 'dry-run');
  });

  it("a User's page with the org sync identities card", async () => {
    const name = await nameOf(people[people.length - 1].id);
    await openApp(page, backend.url, `/catalog/okta/user/${name}`);
    await page.getByText(name).first().waitFor();
    await page.waitForLoadState('networkidle');
    await saveScreenshot(page, 'user-page');
  });
});
