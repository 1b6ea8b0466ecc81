/** Pages and tabs in the end-to-end tests: open a page and wait for its marks; find a page's tab id. */
import type { BrowserContext, Page, Worker } from 'playwright-core';

import type { PageSummary } from '../lib/messages';

/** The extension API inside an extension context, as evaluate uses it there. */
declare const chrome: {
  tabs: {
    query(query: object): Promise<Array<{ id?: number }>>;
    sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
  };
};

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

/**
 * The content script's summary of `page` (what the popup shows), asked for from an extension context as the
 * popup asks. The content script answers once its scan is done, so this also waits for the scan.
 */
export async function pageSummaryOf(extension: Worker | Page, page: Page): Promise<PageSummary> {
  const tabId = await tabIdOf(extension, page);
  const reply = (await (extension as Page).evaluate(
    (id) => chrome.tabs.sendMessage(id, { backstory: 1, type: 'pageSummary', payload: {} }, { frameId: 0 }),
    tabId,
  )) as { ok: true; value: PageSummary } | { ok: false; error: string } | undefined;
  if (!reply?.ok) throw new Error(`no page summary for ${page.url()}: ${reply ? reply.error : 'no answer'}`);
  return reply.value;
}
