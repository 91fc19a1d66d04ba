import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const root = resolve(__dirname, '../..');

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

/** The console's assets built by Vite beside a test build's `main.js`, where the service looks. */
export function buildConsoleInto(buildDir: string): void {
  const outDir = join(buildDir, 'console');
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'console/vite.config.mts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`);
  }
}
