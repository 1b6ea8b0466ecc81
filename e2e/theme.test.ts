/**
 * End to end: the popup and the options page follow the reader's theme setting (utils/document-theme.ts),
 * with the design tokens' colours (assets/tokens.css), and pass an axe scan in dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { openMarkedPage, tabIdOf, openOptionsWhenInstalled } from './tabs';

declare const axe: { run(context: unknown, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> };

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The background token, light and dark, as getComputedStyle writes it ("rgb(31, 35, 40)"). */
const BACKGROUND = (() => {
  const tokens = readFileSync(resolve('assets/tokens.css'), 'utf8');
  const match = /--bs-bg:\s*light-dark\(\s*(#[0-9a-f]{6})\s*,\s*(#[0-9a-f]{6})\s*\)/i.exec(tokens);
  if (!match) throw new Error('no --bs-bg: light-dark(#rrggbb, #rrggbb) in assets/tokens.css');
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  return { light: rgb(match[1]!), dark: rgb(match[2]!) };
})();

let server: DemoServer;
let browser: ExtensionBrowser;
let options: Page;
let article: Page;

beforeAll(async () => {
  server = await startDemoServer(resolve('demo'));
  browser = await launchWithExtension();
  options = await openOptionsWhenInstalled(browser);
  article = await openMarkedPage(browser.context, server.url('/article.html'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function setTheme(theme: 'system' | 'light' | 'dark' | 'page'): Promise<void> {
  const select = options.locator('[data-part="setting-theme"]');
  await select.waitFor();
  await select.selectOption(theme);
}

async function openPopup(): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 900 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(options, article)}`);
  await popup.waitForSelector('[data-event-id]', { timeout: 15_000 });
  return popup;
}

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const documentTheme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);

/** Serious and critical axe violations in `page`, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('the theme of the popup and the options page', () => {
  it('dark in Options: both pages are dark on a light system, and pass an axe scan', async () => {
    await options.emulateMedia({ colorScheme: 'light' });
    await setTheme('dark');
    await expect.poll(() => documentTheme(options)).toBe('dark');
    await expect.poll(() => bodyBackground(options)).toBe(BACKGROUND.dark);

    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => documentTheme(popup)).toBe('dark');
    await expect.poll(() => bodyBackground(popup)).toBe(BACKGROUND.dark);
    expect(await popup.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');

    expect(await seriousViolations(popup)).toEqual([]);
    expect(await seriousViolations(options)).toEqual([]);
    await popup.close();
  });

  it('light in Options: both pages are light on a dark system, an open popup switching at once', async () => {
    await setTheme('dark');
    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: 'dark' });
    await options.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => bodyBackground(popup)).toBe(BACKGROUND.dark);

    await setTheme('light');
    await expect.poll(() => bodyBackground(options)).toBe(BACKGROUND.light);
    await expect.poll(() => documentTheme(popup)).toBe('light');
    await expect.poll(() => bodyBackground(popup)).toBe(BACKGROUND.light);

    // A fresh popup starts light too.
    await popup.close();
    const fresh = await openPopup();
    await fresh.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => bodyBackground(fresh)).toBe(BACKGROUND.light);
    await fresh.close();
  });

  it('system (and page) follow the system preference', async () => {
    for (const theme of ['system', 'page'] as const) {
      await setTheme(theme);
      await expect.poll(() => documentTheme(options)).toBe(null);
      await options.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => bodyBackground(options)).toBe(BACKGROUND.dark);
      await options.emulateMedia({ colorScheme: 'light' });
      await expect.poll(() => bodyBackground(options)).toBe(BACKGROUND.light);
    }
    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => bodyBackground(popup)).toBe(BACKGROUND.dark);
    await popup.close();
    await options.emulateMedia({ colorScheme: null });
    await setTheme('system');
  });
});
