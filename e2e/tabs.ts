/** Pages and tabs in the end-to-end tests: open a page and wait for its marks; find a page's tab id. */
import type { BrowserContext, Page, Worker } from 'playwright-core';

/** The extension API inside an extension context, as evaluate uses it there. */
declare const chrome: { tabs: { query(query: object): Promise<Array<{ id?: number }>> } };

/**
 * Open the options page in a new tab and wait until the bundled packs are installed (the gazetteer's row in
 * the pack table: `tr`, since the sync panel lists packs too). The page stays open as an extension context.
 */
export async function openOptionsWhenInstalled(browser: { context: BrowserContext; extensionId: string }, timeout = 60_000): Promise<Page> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.locator('tr[data-pack-id="world.gazetteer"]').waitFor({ timeout });
  return options;
}

/** Open `url` in a new tab and wait until Backstory has marked `selector` (any mention by default). */
export async function openMarkedPage(context: BrowserContext, url: string, selector = '[data-backstory-id]'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(selector, { timeout: 20_000 });
  return page;
}

/**
 * The id of the tab showing `page`: the extension has no "tabs" permission (tab URLs are hidden from it),
 * so bring the page to the front and ask an extension context (its service worker or one of its pages)
 * for the active tab.
 */
export async function tabIdOf(extension: Worker | Page, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await (extension as Page).evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
  if (typeof id !== 'number') throw new Error(`no active tab for ${page.url()}`);
  return id;
}
