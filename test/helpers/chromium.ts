import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/**
 * Opens `file` in headless Chromium at a 1,400 × 900 window — the Chromium the suite's set-up
 * found (or installed), test/support/chromium.ts; a fresh profile each time
 * (launchPersistentContext takes it as --user-data-dir) — and hands the page to `check`. The page
 * must be self-contained: any request beyond the file itself fails the test.
 */
export async function inChromium<T>(file: string, check: (page: Page) => Promise<T>): Promise<T> {
  const { chromium } = await import('playwright-core');
  // No timeouts of Playwright's own (0 = none): a browser that starts slowly on a loaded machine
  // is not a failure; the suite's test timeout is the safety net for one that never answers.
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pk-chromium-')), {
    executablePath: inject('chromium'),
    timeout: 0,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    browser.setDefaultTimeout(0);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    await page.goto(`file://${file}`);
    const result = await check(page);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    return result;
  } finally {
    await browser.close();
  }
}
