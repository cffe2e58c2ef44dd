import type { Page } from 'playwright-core';

/** One load of the org sync page, in milliseconds from the navigation's start (the page's own clock). */
export interface PageLoad {
  /** Every provider's row is in the table. */
  tableRendered: number;
  /** A click on the Explain tab has shown the explain view: the page answers input. */
  buttonResponded: number;
  /** The app's script has arrived, and the providers API's answer has (resource timing, same clock). */
  scriptLoaded: number;
  providersAnswered: number;
}

/**
 * Opens the org sync page in a new navigation and times it on the page's clock (`performance.now()`, 0 at the
 * navigation's start): until the providers table has `rows` rows, and until a click on a tab has been answered.
 */
export async function measurePageLoad(page: Page, url: string, rows: number): Promise<PageLoad> {
  await page.goto(`${url}/org-sync`);
  const rendered = await page.waitForFunction(count => document.querySelectorAll('tbody tr').length >= count && performance.now(), rows, { polling: 'raf' });
  const tableRendered = Number(await rendered.jsonValue());
  await page.getByRole('tab', { name: 'Explain' }).click();
  const responded = await page.waitForFunction(() => document.querySelector('form[role="search"]') !== null && performance.now(), undefined, { polling: 'raf' });
  const [scriptLoaded, providersAnswered] = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const end = (part: string) => resources.find(entry => entry.name.includes(part))?.responseEnd ?? -1;
    return [end('/static/index-'), end('/api/catalog/org-sync/providers')];
  });
  return { tableRendered, buttonResponded: Number(await responded.jsonValue()), scriptLoaded, providersAnswered };
}

/** Each figure's median over the loads. */
export function medianLoad(loads: PageLoad[]): PageLoad {
  const of = (key: keyof PageLoad) => median(loads.map(load => load[key]));
  return { tableRendered: of('tableRendered'), buttonResponded: of('buttonResponded'), scriptLoaded: of('scriptLoaded'), providersAnswered: of('providersAnswered') };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
