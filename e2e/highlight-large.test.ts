/**
 * End to end: a very long article (a generated page of 50,000 words in a news site's chrome, see
 * scripts/bench/article-pages.ts) is marked completely, what is in view first, and never in a long task of
 * the content script. Behaviour, not timings: the order marks appear in (a MutationObserver in the page
 * numbers its callbacks), that every mention the content script found is marked in the end, and the
 * content script's own CPU time in each main-thread task (a DevTools trace with the sampling profiler).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { articlePage } from '../scripts/bench/article-pages';
import { startTrace, stopTrace, summariseTrace } from '../scripts/bench/chromium';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { startGeneratedSite, type DemoServer } from './server';
import { openOptionsWhenInstalled, pageSummaryOf } from './tabs';

const WORDS = 50_000;
/** A task is long from 50 ms; the content script's share of any task stays well under it. */
const LONG_TASK_MS = 50;

let server: DemoServer;
let browser: ExtensionBrowser;
let extensionPage: Page;

beforeAll(async () => {
  server = await startGeneratedSite({ 'long.html': articlePage(WORDS).html });
  browser = await launchWithExtension();
  extensionPage = await openOptionsWhenInstalled(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * In the page's world from document start: once the document is parsed, every callback of a
 * MutationObserver gets the next number, and each mark it saw added is given that number.
 */
const ORDER = `(() => {
  const order = new WeakMap();
  let callback = 0;
  Object.defineProperty(window, '__markOrder', { value: order });
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      callback++;
      for (const record of records) for (const node of record.addedNodes) if (node.nodeName === 'BACKSTORY-MENTION') order.set(node, callback);
    }).observe(document.documentElement, { childList: true, subtree: true });
  }, { once: true });
})();`;

interface PlacedMark {
  /** Callback number of the MutationObserver that saw it added. */
  order: number;
  /** Its top, in viewport heights from the top of the page. */
  top: number;
}

describe('a 50,000-word article', () => {
  it('is marked completely, what is in view first, and the content script never holds the main thread for long', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(ORDER);
    const cdp = await browser.context.newCDPSession(page);
    await startTrace(cdp);
    const url = server.url('/long.html');
    await page.goto(url);

    // The content script says its scan is done once every batch is answered and marked.
    const summary = await pageSummaryOf(extensionPage, page);
    expect(summary.scanned).toBe(true);
    const events = await stopTrace(cdp);
    await cdp.detach();

    // Complete: every mention of every entity the scan found is marked (one tab stop per mention).
    const mentions = summary.entities.reduce((sum, entity) => sum + entity.count, 0);
    expect(mentions).toBeGreaterThan(2_000);
    expect(await page.locator('backstory-mention[data-backstory-id]:not([data-backstory-continuation])').count()).toBe(mentions);
    // ... down to the end of the article and the comments under it.
    expect(await page.locator('.comments backstory-mention[data-backstory-id]').count()).toBeGreaterThan(0);

    // In view first: every mark in the first screen (the article's top and the rail beside it, which comes last in the
    // document) was added before any mark three screens or more below it.
    const marks = await page.evaluate(() => {
      const order = (window as unknown as { __markOrder: WeakMap<Element, number> }).__markOrder;
      const height = window.innerHeight;
      return [...document.querySelectorAll('backstory-mention')].map((mark) => ({
        order: order.get(mark) ?? -1,
        top: (mark.getBoundingClientRect().top + window.scrollY) / height,
      }));
    });
    expect(marks.every((m: PlacedMark) => m.order > 0)).toBe(true);
    const inView = marks.filter((m: PlacedMark) => m.top < 1);
    const farBelow = marks.filter((m: PlacedMark) => m.top > 3);
    expect(inView.length).toBeGreaterThan(0);
    expect(farBelow.length).toBeGreaterThan(inView.length);
    expect(Math.max(...inView.map((m) => m.order))).toBeLessThan(Math.min(...farBelow.map((m) => m.order)));
    // ... and in many steps, not all at once.
    expect(new Set(marks.map((m: PlacedMark) => m.order)).size).toBeGreaterThan(10);

    // Short tasks: the content script's CPU time (its samples and compiles) in any one task stays under 50 ms.
    const trace = summariseTrace(events, url, `chrome-extension://${browser.extensionId}/`);
    const scriptTasks = trace.tasks.filter((task) => task.scriptMs > 0);
    expect(scriptTasks.length).toBeGreaterThan(10);
    const longest = Math.max(...scriptTasks.map((task) => task.scriptMs));
    console.info(`50k words: ${scriptTasks.length} tasks with content-script work, its longest share of one ${longest.toFixed(1)} ms`);
    expect(longest).toBeLessThan(LONG_TASK_MS);
    await page.close();
  });
});
