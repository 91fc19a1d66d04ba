import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when missing. Playwright never downloads a browser here. */
export const CHROMIUM_BINARY = '/usr/bin/chromium';

/**
 * Headless Chromium as this machine needs it: no sandbox (root in a container), no GPU, and none of
 * the browser's own traffic (updates, safe browsing) besides the page's.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_BINARY)) {
    // A failure, not a skip: the console's browser tests are part of the suite.
    throw new Error(`${CHROMIUM_BINARY} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_BINARY,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
