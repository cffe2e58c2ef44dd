import os from 'node:os';
import type { OktaEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { chromiumVersion, describeChromium, launchChromium, type Browser } from './chromium';
import { isDocsRun, writeResults } from './docsRun';
import { measurePageLoad, medianLoad, type PageLoad } from './interactivity';
import { oktaProvider, startPlainOkta } from './okta';
import { openApp } from './pages';
import { seedRunHistory } from './seedRuns';
import { startUiBackend, type UiBackend } from './uiBackend';

const PROVIDERS = 20;
const RUNS_PER_PROVIDER = 50;
/** Page loads measured after the first (whose script comes from the backend, not the browser's cache). */
const WARM_LOADS = 5;
const ids = Array.from({ length: PROVIDERS }, (_, i) => `team${String(i + 1).padStart(2, '0')}`);

describeChromium('the org sync page with 20 providers and 1,000 runs in their history', () => {
  let backend: UiBackend<OktaEmulator>;
  let browser: Browser;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startUiBackend({
        emulator: () => startPlainOkta(6, 2, 34),
        // Twenty providers of one org, each in a namespace of its own: each runs once at start-up.
        providers: okta => Object.fromEntries(ids.map(id => [id, oktaProvider(okta, { namespace: id })])),
      }),
      launchChromium(),
    ]);
    type Providers = { items: Array<{ name: string; lastRun: unknown }> };
    await waitFor('a first run of every provider', async () => (await backend.orgSync<Providers>('/providers')).items.every(p => p.lastRun));
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('is interactive: the providers table rendered, and a click on a tab answered, timed in the browser', async () => {
    const rows = await seedRunHistory(backend.catalogDatabase(), ids.map(id => `okta:${id}`), RUNS_PER_PROVIDER);
    expect(rows).toBe(PROVIDERS * RUNS_PER_PROVIDER);
    const page = await browser.newPage();
    await openApp(page, backend.url, '/catalog');
    // The first load after signing in fetches the app's script again: the browser's cache is emptied first.
    await (await browser.context.newCDPSession(page)).send('Network.clearBrowserCache');
    const loads: PageLoad[] = [];
    for (let i = 0; i <= WARM_LOADS; i++) loads.push(await measurePageLoad(page, backend.url, PROVIDERS));
    const [first, ...warm] = loads;
    const figure = {
      measuredAt: new Date().toISOString(),
      providers: PROVIDERS,
      runsInHistory: rows,
      machine: `${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
      browser: chromiumVersion(),
      firstLoad: first,
      warmLoads: warm,
      medianWarm: medianLoad(warm),
    };
    console.log(`ui-e2e interactivity: ${JSON.stringify(figure)}`);
    if (isDocsRun()) writeResults(figure);
    for (const load of loads) expect(load.tableRendered).toBeGreaterThanOrEqual(load.providersAnswered);
    for (const load of loads) expect(load.clickAnswered).toBeGreaterThan(0);
  });
});
