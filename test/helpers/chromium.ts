import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The system Chromium the HTML pages are checked in (the test set-up installs it as root). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Opens `file` in headless Chromium at a 1,400 × 900 window — a fresh profile each time
 * (launchPersistentContext takes it as --user-data-dir) — and hands the page to `check`. The page
 * must be self-contained: any request beyond the file itself fails the test.
 */
export async function inChromium<T>(file: string, check: (page: Page) => Promise<T>): Promise<T> {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (the test set-up installs it as root)`).toBe(true);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pk-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
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
