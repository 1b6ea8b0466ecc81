/**
 * End to end: an article a framework (Preact, the page's own copy) renders and renders again. Its updates
 * must appear exactly as the framework meant them (no text duplicated or lost around the marks), without an
 * exception in the page, and the marks must follow: a name the state changes is marked again, a removed
 * paragraph's marks go, moved paragraphs keep theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { preactArticlePage } from './dynamic-pages';
import { startGeneratedSite, type DemoServer } from './server';
import { openOptionsWhenInstalled } from './tabs';

let server: DemoServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startGeneratedSite({
    'preact.html': preactArticlePage(),
    'preact.js': { copy: 'node_modules/preact/dist/preact.umd.js' },
    'hooks.js': { copy: 'node_modules/preact/hooks/dist/hooks.umd.js' },
  });
  browser = await launchWithExtension();
  const options = await openOptionsWhenInstalled(browser);
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type App = { [action: string]: (...args: unknown[]) => unknown; expected(): string[] };

/** Call one of the app's actions, as its own code would (in the page's world). */
function act(page: Page, action: string, ...args: unknown[]): Promise<void> {
  return page.evaluate(
    ({ action, args }) => {
      (window as unknown as { app: App }).app[action]!(...args);
    },
    { action, args },
  );
}

/** The text the page shows, paragraph by paragraph, against what the app's state says it should show. */
async function renderedAndExpected(page: Page): Promise<{ rendered: string[]; expected: string[] }> {
  return page.evaluate(() => ({
    rendered: [...document.querySelectorAll('article p')].map((p) => (p as HTMLElement).innerText),
    expected: (window as unknown as { app: App }).app.expected(),
  }));
}

const marked = (page: Page, id: string) => page.locator(`article backstory-mention[data-backstory-id="${id}"]`);

describe('an article rendered by Preact', () => {
  it('shows every update exactly, throws nothing, and its marks follow the re-renders', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url('/preact.html'));
    await marked(page, 'place:kharkiv-ua').waitFor({ timeout: 20_000 });
    await marked(page, 'place:kyiv-ua').waitFor({ timeout: 5_000 });

    const check = async () => {
      const { rendered, expected } = await renderedAndExpected(page);
      expect(rendered).toEqual(expected);
    };
    await check();

    // The state changes a marked name: Preact sets the text of the node Backstory split.
    await act(page, 'rename', 0, 'Odesa');
    await check();
    await marked(page, 'place:odesa-ua').waitFor({ timeout: 2_000 });
    expect(await marked(page, 'place:kharkiv-ua').count()).toBe(0);

    // The text after a marked name changes (another of the paragraph's text nodes).
    await act(page, 'edit', 1, ' spoke to Volodymyr Zelensky before the summit.');
    await check();
    await marked(page, 'person:volodymyr-zelensky').waitFor({ timeout: 2_000 });
    expect(await marked(page, 'person:emmanuel-macron').count()).toBe(1);

    // Keyed paragraphs reversed: Preact moves the elements.
    await act(page, 'reorder');
    await check();
    // A paragraph removed, one inserted on top.
    await act(page, 'remove', 0);
    await act(page, 'insert', 'NATO');
    await check();
    await marked(page, 'organization:nato').waitFor({ timeout: 2_000 });
    await expect.poll(() => marked(page, 'place:lisbon-pt').count(), { timeout: 2_000 }).toBe(0);

    // A counter ticking in a sentence that names Kyiv, ten times a second for two seconds.
    for (let i = 0; i < 20; i++) {
      await act(page, 'tick');
      await check();
      await page.waitForTimeout(100);
    }
    await marked(page, 'place:kyiv-ua').waitFor({ timeout: 2_000 });
    await check();

    // In the end every name the state shows is marked exactly once, and nothing else.
    await page.waitForTimeout(500);
    const ids = await page.locator('article backstory-mention[data-backstory-id]:not([data-backstory-continuation])').evaluateAll((marks) =>
      marks.map((mark) => mark.getAttribute('data-backstory-id')).sort(),
    );
    expect(ids).toEqual(['organization:nato', 'person:emmanuel-macron', 'person:volodymyr-zelensky', 'place:kyiv-ua', 'place:odesa-ua']);
    await check();
    expect(errors).toEqual([]);
    await page.close();
  });
});
