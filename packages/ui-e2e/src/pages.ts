import type { Page } from 'playwright-core';
import { waitFor } from '@orgsync/test-utils';

/**
 * Opens `path` of the app, signing in as the guest when the sign-in page asks (once per browser profile: the app
 * remembers the provider and refreshes the session on later visits).
 */
export async function openApp(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.waitForLoadState('networkidle');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible()) {
    await enter.click();
    await enter.waitFor({ state: 'detached' });
  }
}

/**
 * Reloads `path` until `shows` holds for the page (the views fetch once when they open): waits on the page, with no
 * fixed sleep, and answers how long it took.
 */
export async function reloadUntil(page: Page, url: string, path: string, what: string, shows: (page: Page) => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  await waitFor(
    what,
    async () => {
      await page.goto(`${url}${path}`);
      await page.waitForLoadState('networkidle');
      return shows(page);
    },
    { timeoutMs, intervalMs: 100 },
  );
  return Date.now() - started;
}

/** The text of the table row that has this cell text. */
export async function rowText(page: Page, cell: string): Promise<string> {
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: cell, exact: true }) });
  await row.first().waitFor();
  return row.first().innerText();
}
