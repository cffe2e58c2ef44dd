import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Set (by CI) to make a missing chromium a test failure instead of a skip. */
export const REQUIRE_CHROMIUM_ENV = 'ORGSYNC_REQUIRE_CHROMIUM';
/** The command that installs the browser the tests drive (Debian/Ubuntu). */
export const CHROMIUM_INSTALL_HINT = 'apt-get install -y chromium';
/** Debian's chromium, or the one `ORGSYNC_CHROMIUM` names (playwright's own browser downloads are not used). */
export const chromiumPath = process.env.ORGSYNC_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a headless chromium in a container: no sandbox (root, no user namespaces), no GPU, and nothing that talks
 * to Google's servers (QUIC, component updates, sync, background networking), which would only time out here.
 */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** True when the chromium binary the tests drive is installed. */
export function isChromiumAvailable(): boolean {
  try {
    fs.accessSync(chromiumPath, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` when chromium is installed, else a skipped `describe` that says how to install it.
 * With `ORGSYNC_REQUIRE_CHROMIUM=1` (CI) a missing chromium fails instead.
 */
export function describeChromium(name: string, fn: () => void): void {
  if (isChromiumAvailable()) {
    describe(name, fn);
  } else if (process.env[REQUIRE_CHROMIUM_ENV]) {
    describe(name, () => {
      it('needs chromium', () => {
        throw new Error(`${REQUIRE_CHROMIUM_ENV} is set but ${chromiumPath} is not installed: ${CHROMIUM_INSTALL_HINT}`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: chromium not installed; ${CHROMIUM_INSTALL_HINT})`, () => {
      it('needs chromium', () => undefined);
    });
  }
}

/** The browser's version line (`Chromium 156.0.8078.129 built on Debian ...`). */
export function chromiumVersion(): string {
  return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
}

/** A headless chromium with a profile of its own, deleted on close. */
export interface Browser {
  context: BrowserContext;
  /** A new tab. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Starts chromium headless with a fresh user data directory. */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: FLAGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
