import type { Locator, Page } from 'playwright-core';
import { waitFor } from '@orgsync/test-utils';

/**
 * Opens `path` of the app, signing in as the guest when the sign-in page asks (once per browser profile: the app
 * remembers the provider and refreshes the session on later visits).
 */
export async function openApp(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The sign-in page, or the app (its sidebar) when the session was refreshed.
  const app = page.getByRole('navigation', { name: 'sidebar nav' });
  await enter.or(app).first().waitFor({ state: 'attached' });
  if (await enter.count()) {
    await enter.click();
    await app.waitFor({ state: 'attached' });
  }
}

/**
 * Reloads `path` until it shows `wanted` (the views fetch once when they open), each time waiting until the view shows
 * either it or `otherwise` (what the view shows without it): waits on the page, no fixed sleep. Answers how long it took.
 */
export async function reloadUntil(
  page: Page,
  url: string,
  path: string,
  view: { what: string; wanted: (page: Page) => Locator; otherwise: (page: Page) => Locator },
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  let seen = '';
  await waitFor(
    view.what,
    async () => {
      await page.goto(`${url}${path}`);
      const wanted = view.wanted(page).first();
      // What the view shows once it has loaded: it, what it shows without it, or the error panel.
      await wanted.or(view.otherwise(page).first()).or(page.getByText(/^Could not load/).first()).first().waitFor({ timeout: 10_000 });
      seen = await page.locator('main').first().innerText().catch(() => '');
      return wanted.isVisible();
    },
    { timeoutMs, intervalMs: 100 },
  ).catch(error => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; the page showed: ${seen.slice(0, 2000)}`);
  });
  return Date.now() - started;
}

/** The text of the table row that has this cell text. */
export async function rowText(page: Page, cell: string): Promise<string> {
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: cell, exact: true }) });
  await row.first().waitFor();
  return row.first().innerText();
}
