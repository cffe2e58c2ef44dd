import type { Page } from 'playwright-core';

/** One load of the org sync page, on the page's clock (`performance.now()`, 0 at the navigation's start), in ms. */
export interface PageLoad {
  /** The app's script has arrived (resource timing). */
  scriptLoaded: number;
  /** The providers API's answer has arrived (resource timing). */
  providersAnswered: number;
  /** Every provider's row is in the table. */
  tableRendered: number;
  /** From a click on the Explain tab (the event's time) until its view is shown: how fast the page answers input. */
  clickAnswered: number;
}

/**
 * Opens the org sync page in a new navigation and times it on the page's clock: until the providers table has `rows`
 * rows, then how long a click on a tab takes to be answered.
 */
export async function measurePageLoad(page: Page, url: string, rows: number): Promise<PageLoad> {
  await page.goto(`${url}/org-sync`);
  const rendered = await page.waitForFunction(count => document.querySelectorAll('tbody tr').length >= count && performance.now(), rows, { polling: 'raf' });
  const tableRendered = Number(await rendered.jsonValue());
  // In an object: evaluateHandle would wait for a promise it is given back.
  const clicked = await page.evaluateHandle(() => ({
    at: new Promise<number>(resolve => document.addEventListener('click', event => resolve(event.timeStamp), { capture: true, once: true })),
  }));
  await page.getByRole('tab', { name: 'Explain' }).click();
  const shown = await page.waitForFunction(() => document.querySelector('form[role="search"]') !== null && performance.now(), undefined, { polling: 'raf' });
  const clickedAt = await page.evaluate(click => click.at, clicked);
  const [scriptLoaded, providersAnswered] = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const end = (part: string) => resources.find(entry => entry.name.includes(part))?.responseEnd ?? -1;
    return [end('/static/index-'), end('/api/catalog/org-sync/providers')];
  });
  return { scriptLoaded, providersAnswered, tableRendered, clickAnswered: Number(await shown.jsonValue()) - clickedAt };
}

/** Each figure's median over the loads. */
export function medianLoad(loads: PageLoad[]): PageLoad {
  const of = (key: keyof PageLoad) => median(loads.map(load => load[key]));
  return { scriptLoaded: of('scriptLoaded'), providersAnswered: of('providersAnswered'), tableRendered: of('tableRendered'), clickAnswered: of('clickAnswered') };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
