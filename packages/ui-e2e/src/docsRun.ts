import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** `npm run screenshots` sets it: the browser tests then save the docs' screenshots and figures. */
export const DOCS_ENV = 'ORGSYNC_UI_DOCS';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where the screenshots go (PNG, one per view). */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
/** The interactivity figure of the last docs run, which `report.ts` turns into docs/ui.md. */
export const RESULTS_FILE = path.join(REPO_ROOT, 'packages', 'ui-e2e', 'results', 'interactivity.json');

/** True in a docs run (`npm run screenshots`). */
export function isDocsRun(): boolean {
  return process.env[DOCS_ENV] === '1';
}

/** Saves the page as docs/screenshots/<name>.png, the whole page. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Writes the results file (JSON). */
export function writeResults(results: unknown): void {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}
