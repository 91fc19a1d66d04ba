import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Emulator, startEmulator } from '../emulator';
import { freePort } from '../scripts/child-service';
import { newCallId } from './support';
import { testConfigDir } from './support/stack';
import { buildConsoleInto, buildService, removeBuild } from './support/built-service';
import { launchChromium } from './support/console-browser';
import { ServiceProcess } from './support/service-process';

/**
 * The operator console (docs/console.md) in Debian's Chromium, against the built service
 * (`node main.js`) and the Graph emulator over TLS: the key, the live table fed by the events
 * stream, a call's timeline, deciding a deferred call, the overview. Screenshots of each page go
 * to test-results/.
 */
const OPERATOR_KEY = `console-operator-key-${randomUUID()}`;
const SCREENSHOTS = resolve(__dirname, '../test-results');
/** The bound for a deferred call to show up in the table. */
const APPEARS_WITHIN_MS = 1000;

jest.setTimeout(60_000);

describe('Operator console in a real browser', () => {
  let browser: Browser;
  let buildDir: string | undefined;
  let configDir: string;
  let emulator: Emulator;
  let service: ServiceProcess;
  let context: BrowserContext;
  let page: Page;
  /** Script errors and refusals by the page's Content-Security-Policy, as the browser reports them. */
  const pageProblems: string[] = [];

  const screenshot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });

  beforeAll(async () => {
    // First: without Chromium the suite fails here, saying what to install.
    browser = await launchChromium();
    buildDir = buildService();
    buildConsoleInto(buildDir);
    emulator = await startEmulator({ port: 0, keyDir: null });
    configDir = testConfigDir({
      console: { enabled: true },
      answer: {
        rules: [
          {
            name: 'phones wait for an operator',
            match: { callerKinds: ['phone'] },
            action: { type: 'defer' },
          },
        ],
      },
    });
    service = new ServiceProcess(buildDir, await freePort(), {
      ...emulator.serviceEnv(),
      NODE_ENV: 'test',
      CONFIG_DIR: configDir,
      JOURNAL_DIR: join(configDir, 'journal'),
      OPERATOR_API_KEYS: OPERATOR_KEY,
    });
    await service.ready();
    emulator.configure({ botBaseUrl: service.baseUrl });
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) {
        pageProblems.push(`console: ${message.text()}`);
      }
    });
    // A step that does not happen fails within seconds, not at Jest's timeout.
    context.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await service?.stop();
    await emulator?.close();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
    removeBuild(buildDir);
  });

  it('serves the page without a key, under a policy that allows only its own origin', async () => {
    const response = await fetch(`${service.baseUrl}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await response.text();
    // Every script and style is bundled and served from /console/assets: nothing from elsewhere.
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('refuses a wrong key with the 401 of the API, and keeps nothing of it', async () => {
    const other = await browser.newContext();
    const wrong = await other.newPage();
    try {
      await wrong.goto(`${service.baseUrl}/console/`);
      await wrong.getByLabel('Operator API key').fill('not-the-key');
      const refused = wrong.waitForResponse((r) => r.url().includes('/api/calls'));
      await wrong.getByRole('button', { name: 'Use this key' }).click();
      expect((await refused).status()).toBe(401);
      await expect(wrong.getByRole('alert').textContent()).resolves.toMatch(/refused \(401/);
      // A string expression: the spec is typed for Node, the page's globals are the browser's.
      expect(await wrong.evaluate<number>('window.sessionStorage.length')).toBe(0);
      expect(wrong.url()).not.toContain('not-the-key');
    } finally {
      await other.close();
    }
  });

  it('takes the key once (keyboard only) and goes live', async () => {
    await page.goto(`${service.baseUrl}/console/`);
    // The key field has the focus: type and press Enter, no mouse.
    await page.keyboard.type(OPERATOR_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    await page.locator('.feed-status[data-status="live"]').waitFor();
    expect(page.url()).not.toContain(OPERATOR_KEY);
  });

  it('shows a call that needed a retry with the retry on its timeline', async () => {
    const callId = newCallId();
    emulator.faults.inject({ endpoint: 'answer', status: 503, times: 1, callId });
    await emulator.placeCall('p2p-service-hosted', { callId });
    const action = await emulator.waitForAction(callId, 15_000);
    expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
    expect(emulator.requests({ endpoint: 'answer', callId })).toHaveLength(2);

    const row = page.locator(`tr[data-call-id="${callId}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Open call ${callId}` }).click();
    await page.locator('[data-mark="retry"]').waitFor({ timeout: 10_000 });
    const marks = await page.locator('ol.marks li').allTextContents();
    process.stdout.write(`console: timeline of ${callId}:\n  ${marks.join('\n  ')}\n`);
    expect(marks.join('\n')).toMatch(/Retry after HTTP 503/);
    for (const kind of ['received', 'decision', 'requestSent', 'retry', 'graphAnswer']) {
      await expect(page.locator(`[data-mark="${kind}"]`).count()).resolves.toBeGreaterThan(0);
    }
    await expect(page.locator('.stage-legend li').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/^deciding/), expect.stringMatching(/^Graph/)]),
    );
    await expect(page.locator('.sent-bodies pre').first().textContent()).resolves.toContain(
      '"callbackUri"',
    );
    await screenshot('timeline-retried');
  });

  it('shows a deferred call within 1 s, highlighted, and answers it from the page', async () => {
    await page.getByRole('button', { name: '← Live calls' }).click();
    await page.getByLabel('Decision').selectOption('defer');
    const callId = newCallId();
    const row = page.locator(`tr.is-deferred[data-call-id="${callId}"]`);
    const started = Date.now();
    const appeared = row.waitFor({ timeout: 10_000 }).then(() => Date.now() - started);
    await emulator.placeCall('pstn', { callId });
    const appearedMs = await appeared;
    process.stdout.write(
      `console: deferred call in the table ${appearedMs} ms after it was placed\n`,
    );
    expect(appearedMs).toBeLessThan(APPEARS_WITHIN_MS);
    await expect(row.textContent()).resolves.toContain('deferred: waiting for you');
    await expect(page.locator('#live-announcer').textContent()).resolves.toMatch(/deferred/);
    await screenshot('live');

    await row.getByRole('button', { name: `Open call ${callId}` }).click();
    await page.getByRole('heading', { name: 'Decide this deferred call' }).waitFor();
    await expect(page.locator('.time-left').textContent()).resolves.toMatch(/left/);
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    const action = await emulator.waitForAction(callId, 15_000);
    expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
    await page.locator('.notice', { hasText: 'answer sent: outcome sent.' }).waitFor();
    await page.locator('[data-mark="graphAnswer"]').waitFor({ timeout: 10_000 });
    const marks = await page.locator('ol.marks li').allTextContents();
    expect(marks.join('\n')).toMatch(/Decision made: answer by operator/);
    expect(marks.join('\n')).toMatch(/answer request sent/);
    await screenshot('deferred-answered');
  });

  it('draws the overview of the last 15 minutes', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.locator('figure.chart[data-chart="latency"] canvas').waitFor({ timeout: 10_000 });
    await expect(page.locator('figure.chart').count()).resolves.toBe(4);
    const totals = await page.locator('.totals dd').first().textContent();
    expect(Number(totals)).toBeGreaterThanOrEqual(2);
    await screenshot('overview');
  });

  it('ran without a script error or a refusal by its Content-Security-Policy', () => {
    expect(pageProblems).toEqual([]);
  });
});
