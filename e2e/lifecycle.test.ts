/**
 * End to end: the extension's lifecycle under an open page (issue 9, point 7). The extension is updated and
 * reloaded while the demo article is open: its marks and cards must go within 2 s, the page's text must be as
 * served, and nothing the reader does there may raise "Extension context invalidated". Its service worker is
 * stopped as Chromium stops an idle one: the next hover must wake it and still get its card, also when the
 * worker stops during the hover delay or while the card's request is under way.
 *
 * Chromium never re-injects content scripts into open tabs, so the old script is the one cleaning up; a
 * reload of the page brings the new version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from './browser';
import { serviceWorkerTarget, stopServiceWorker } from './pack-publishing';
import { openMarkedPage, pageSummaryOf, tabIdOf } from './tabs';

/** The extension API inside its service worker and chrome://extensions, as evaluate uses it there. */
declare const chrome: {
  runtime: { reload(): void; getManifest(): { version: string } };
  tabs: { sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown> };
  storage: { sync: { set(items: object): Promise<void> } };
  developerPrivate: { updateProfileConfiguration(update: { inDeveloperMode: boolean }): Promise<void> };
};

/** The budget from the reload to a page without marks, cards or attributes of ours. */
const CLEAN_MS = 2_000;
const STOP_CYCLES = 5;
/** Long enough to stop the worker while a hover waits for it, on a loaded machine. */
const HOVER_DELAY_LONG_MS = 2_000;

// The extension is loaded from a copy of the build, so that an update can rewrite its manifest's version.
const installed = mkdtempSync(join(tmpdir(), 'backstory-installed-'));
cpSync(EXTENSION_DIR, installed, { recursive: true });

let server: DemoServer;
let browser: ExtensionBrowser;
let article: string;

beforeAll(async () => {
  server = await startDemoServer(resolve('demo'));
  article = server.url('/article.html');
  browser = await launchWithExtension({ extensionDir: installed });
  // Chromium disables a reloaded unpacked extension ("unsupported developer extension") unless developer mode is on.
  const settings = await browser.context.newPage();
  await settings.goto('chrome://extensions');
  await settings.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
  await settings.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(installed, { recursive: true, force: true });
});

/** What the reader would see go wrong: uncaught errors, and console messages about the dead context or from us. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const relevant = /Extension context invalidated|Backstory/i.test(message.text());
    if (relevant && (message.type() === 'error' || message.type() === 'warning')) errors.push(`${message.type()}: ${message.text()}`);
  });
  return errors;
}

/** The running service worker, waiting for one if it is being started. */
async function runningWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}

/**
 * Reload the extension from its directory as `chrome.runtime.reload()` does (after an update in place, or from
 * chrome://extensions), and wait for the new version's service worker.
 */
async function reloadExtension(context: BrowserContext): Promise<{ worker: Worker; reloadedAt: number }> {
  const old = await runningWorker(context);
  const next = context.waitForEvent('serviceworker', { timeout: 15_000 });
  const reloadedAt = Date.now();
  // Answer first: the worker is gone once reload() runs.
  await old.evaluate(() => void setTimeout(() => chrome.runtime.reload(), 0));
  return { worker: await next, reloadedAt };
}

interface Snapshot {
  text: string;
  article: string;
  marks: number;
}

const readSnapshot = (): Snapshot => ({
  text: document.body.innerText,
  article: document.querySelector('article')!.innerHTML,
  marks: document.querySelectorAll('backstory-mention').length,
});

/** The article as served, read in a frame: the content script runs in top frames only, so nothing there is marked. */
async function pristine(context: BrowserContext): Promise<Snapshot> {
  const page = await context.newPage();
  const wrapper = server.url('/pristine-frame.html');
  await page.route(wrapper, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><iframe src="${article}" style="border:0;width:1280px;height:900px"></iframe>` }),
  );
  await page.goto(wrapper, { waitUntil: 'load' });
  const frame = page.frames().find((f) => f.url() === article)!;
  const snapshot = await frame.evaluate(readSnapshot);
  await page.close();
  return snapshot;
}

/**
 * In the page (an init script in its world): when the pointer came onto a mark, and when that mark's card was in
 * the popover's shadow root (open in the tests), as the hover benchmark measures it.
 */
const HOVER_CLOCK = `(() => {
  const clock = { id: null, start: null, card: null };
  Object.defineProperty(window, '__hoverClock', { value: clock });
  addEventListener('pointerover', (event) => {
    const mark = event.target.closest && event.target.closest('backstory-mention[data-backstory-id]');
    if (mark && clock.start === null) { clock.start = performance.now(); clock.id = mark.getAttribute('data-backstory-id'); }
  }, true);
  const roots = new WeakSet();
  const check = () => {
    const root = document.querySelector('backstory-popover')?.shadowRoot;
    if (root && !roots.has(root)) { roots.add(root); new MutationObserver(check).observe(root, { childList: true, subtree: true }); }
    if (root && clock.start !== null && clock.card === null && root.querySelector('.card[data-entity-id="' + CSS.escape(clock.id) + '"]')) clock.card = performance.now();
  };
  document.addEventListener('DOMContentLoaded', () => new MutationObserver(check).observe(document.documentElement, { childList: true }), { once: true });
})();`;

interface HoverClock {
  id: string | null;
  start: number | null;
  card: number | null;
}

/** Nothing of Backstory left on the page: marks, the card's host, the shortcut's live region, the style attribute. */
const pageIsClean = () =>
  !document.querySelector('backstory-mention, backstory-popover, backstory-status, [data-backstory-id], [data-backstory-open]') &&
  !document.documentElement.hasAttribute('data-backstory-style');

/** The centre of each of the first `count` entity marks in the article's paragraphs, with its id. */
async function mentionPoints(page: Page, count: number): Promise<Array<{ id: string; x: number; y: number }>> {
  return page.$$eval(
    'article p backstory-mention[data-backstory-id]:not([data-backstory-continuation])',
    (marks, count) => {
      const seen = new Set<string>();
      const points: Array<{ id: string; x: number; y: number }> = [];
      for (const mark of marks) {
        const id = mark.getAttribute('data-backstory-id')!;
        if (seen.has(id) || points.length >= count) continue;
        seen.add(id);
        const box = mark.getClientRects()[0]!;
        points.push({ id, x: box.left + Math.min(box.width / 2, 12), y: box.top + box.height / 2 });
      }
      return points;
    },
    count,
  );
}

/** Hover the first mark of `id` from the page's left margin (a rest, then one step: the speed check lets it open). */
async function hoverMention(page: Page, id: string): Promise<void> {
  const mark = page.locator(`article p backstory-mention[data-backstory-id="${id}"]:not([data-backstory-continuation])`).first();
  await mark.scrollIntoViewIfNeeded();
  const box = (await mark.boundingBox())!;
  await page.mouse.move(4, box.y + box.height / 2);
  // Rest longer than the popover's pointer-speed window (100 ms): a card does not open for a sweeping pointer.
  await page.waitForTimeout(150);
  await page.evaluate(() => {
    const clock = (window as { __hoverClock?: HoverClock }).__hoverClock;
    if (clock) clock.id = clock.start = clock.card = null;
  });
  await page.mouse.move(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2);
}

/** The card of `id` with its real content (a name and a source), not the loading or "no backstory" status. */
async function waitForCard(page: Page, id: string): Promise<void> {
  const card = page.locator(`backstory-popover .card[data-entity-id="${id}"]`);
  await card.waitFor({ timeout: 10_000 });
  expect((await card.locator('h2').textContent())?.trim()).not.toBe('');
  expect((await card.locator('[data-part="source"]').textContent())?.trim()).not.toBe('');
}

async function closeCard(page: Page): Promise<void> {
  await page.mouse.move(4, 4);
  await page.keyboard.press('Escape');
  await page.locator('backstory-popover .card').waitFor({ state: 'detached', timeout: 5_000 });
}

/**
 * Stop the service worker as Chromium stops an idle one (DevTools closes its target), and wait until its target
 * is gone. (Playwright keeps one Worker for the target across restarts and reports no close.)
 */
async function stopWorker(page: Page): Promise<void> {
  expect(await stopServiceWorker(browser.context, page, browser.extensionId), 'no service worker was running').toBe(true);
  await expect.poll(() => workerTargetId(page), { timeout: 10_000, interval: 25 }).toBeUndefined();
}

/** Wait for the end of the page's scan (its summary answers then): after it, only the reader's hovers ask the worker. */
async function waitScanned(page: Page): Promise<void> {
  await pageSummaryOf(await runningWorker(browser.context), page);
}

async function workerTargetId(page: Page): Promise<string | undefined> {
  const cdp = await browser.context.newCDPSession(page);
  try {
    return await serviceWorkerTarget(cdp, browser.extensionId);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

describe('an extension reloaded or updated under an open page', () => {
  it('takes its marks and pinned card away within 2 s, leaves the text as served, and raises no error on the page', async () => {
    const served = await pristine(browser.context);
    expect(served.marks).toBe(0);

    const page = await openMarkedPage(browser.context, article);
    const errors = watchErrors(page);
    await hoverMention(page, 'place:belgorod-ru');
    await waitForCard(page, 'place:belgorod-ru');
    await page.locator('backstory-popover .card [data-part="pin"]').click();
    const points = await mentionPoints(page, 6);
    expect(points.length).toBe(6);
    expect(await page.evaluate(readSnapshot)).not.toEqual(served);

    // The update: a new version in the extension's directory, then a reload (as an update in place does).
    const manifestPath = join(installed, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '0.1.1' }));
    const { worker, reloadedAt } = await reloadExtension(browser.context);
    expect(await worker.evaluate(() => chrome.runtime.getManifest().version)).toBe('0.1.1');

    await page.waitForFunction(pageIsClean, undefined, { timeout: CLEAN_MS, polling: 20 });
    const cleanMs = Date.now() - reloadedAt;
    expect(cleanMs).toBeLessThanOrEqual(CLEAN_MS);
    expect(await page.evaluate(readSnapshot)).toEqual(served);

    // The reader goes on: over and onto the former mentions, through them with the keyboard, the shortcut.
    for (const point of points) {
      await page.mouse.move(point.x - 30, point.y);
      await page.mouse.move(point.x, point.y);
      await page.mouse.click(point.x, point.y);
    }
    await page.mouse.move(4, 4);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Alt+Shift+B');

    // The popup asks the page: nothing answers there any more, which the popup says.
    const popup = await browser.context.newPage();
    const popupErrors = watchErrors(popup);
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(worker, page)}`);
    await popup.locator('[data-part="empty"][data-reason="no-content-script"]').waitFor({ timeout: 10_000 });
    await popup.close();

    // A card would open 150 ms after a hover: wait past that before saying nothing came back.
    await page.waitForTimeout(500);
    expect(await page.evaluate(pageIsClean)).toBe(true);
    expect(await page.evaluate(readSnapshot)).toEqual(served);
    expect([...errors, ...popupErrors]).toEqual([]);
    console.info(`update under an open page: marks and cards removed ${cleanMs} ms after the reload`);

    // Reloaded, the page gets the new version's marks and cards.
    await page.reload();
    await page.waitForSelector('article p [data-backstory-id="place:belgorod-ru"]', { timeout: 20_000 });
    await hoverMention(page, 'person:sergei-shoigu');
    await waitForCard(page, 'person:sergei-shoigu');
    expect(errors).toEqual([]);
    await page.close();
  });

  // Each right after a reload, before the watch's next tick: the input itself must find the context gone. (When
  // the tick wins the race the page is already clean, and the input must still raise nothing: it is not waited
  // for an element that may be gone.)
  type Box = { x: number; y: number; width: number; height: number };
  const inputs: Array<[string, (page: Page, mark: string, box: Box) => Promise<unknown>]> = [
    ['the shortcut', (page) => page.keyboard.press('Alt+Shift+B')],
    ['a focus', (page, mark) => page.evaluate((selector) => (document.querySelector(selector) as HTMLElement | null)?.focus(), mark)],
    ['a hover', (page, _mark, box) => page.mouse.move(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2)],
  ];
  it.each(inputs)('%s right after a reload reaches no dead API and cleans the page', async (input, act) => {
    const page = await openMarkedPage(browser.context, article);
    const errors = watchErrors(page);
    const [point] = await mentionPoints(page, 1);
    const mark = `article p backstory-mention[data-backstory-id="${point!.id}"]`;
    const box = (await page.locator(mark).first().boundingBox())!;
    await page.mouse.move(4, point!.y);
    const { reloadedAt } = await reloadExtension(browser.context);
    const actedAt = Date.now();
    const markedWhenActing = await page.evaluate((selector) => document.querySelector(selector) !== null, mark);
    await act(page, mark, box);
    await page.waitForFunction(pageIsClean, undefined, { timeout: CLEAN_MS, polling: 20 });
    const cleanMs = Date.now() - actedAt;
    // An error from a request or a listener would surface asynchronously: give it time to.
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    console.info(
      `${input} ${actedAt - reloadedAt} ms after the reload${markedWhenActing ? '' : ' (the page was already clean)'}: page clean ${cleanMs} ms after it`,
    );
    await page.close();
  });
});

describe('a stopped service worker', () => {
  it(`is woken by the next hover, which gets its card, over ${STOP_CYCLES} stops`, async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(HOVER_CLOCK);
    await page.goto(article);
    await page.waitForSelector('article p [data-backstory-id]', { timeout: 20_000 });
    const errors = watchErrors(page);
    await waitScanned(page);
    const ids = (await mentionPoints(page, STOP_CYCLES + 1)).map((p) => p.id).filter((id) => id !== 'place:belgorod-ru');
    const times: number[] = [];
    for (const id of ids.slice(0, STOP_CYCLES)) {
      await stopWorker(page);
      expect(await workerTargetId(page), 'nothing but the hover starts the worker').toBeUndefined();
      await hoverMention(page, id);
      await waitForCard(page, id);
      const clock = await page.evaluate(() => (window as { __hoverClock?: HoverClock }).__hoverClock!);
      expect(clock.id).toBe(id);
      times.push(Math.round(clock.card! - clock.start!));
      expect(await workerTargetId(page), 'the hover started the worker').toBeDefined();
      await closeCard(page);
    }
    expect(errors).toEqual([]);
    console.info(`stopped worker, pointer on the mark → card in the DOM (150 ms hover delay included): ${times.join(', ')} ms`);
    await page.close();
  });

  it('stopped during the hover delay, or with the card request queued, still gives the card', async () => {
    // A long hover delay, so the worker can be stopped before the card asks for anything.
    await setHoverDelay(HOVER_DELAY_LONG_MS);
    const page = await openMarkedPage(browser.context, article);
    const errors = watchErrors(page);
    await waitScanned(page);
    const [first, second] = (await mentionPoints(page, 3)).map((p) => p.id).filter((id) => id !== 'place:belgorod-ru');

    await hoverMention(page, first!);
    await stopWorker(page);
    // Still in the delay: no card and no loading status yet, so the request goes to a stopped worker.
    expect(await page.locator('backstory-popover .card, backstory-popover [role="status"]').count()).toBe(0);
    await waitForCard(page, first!);
    await closeCard(page);

    // In flight: the worker is kept busy past the delay, so the request waits in its queue, and is stopped then.
    await hoverMention(page, second!);
    const busy = await runningWorker(browser.context);
    const loop = busy.evaluate((ms) => {
      (globalThis as { busyWorker?: boolean }).busyWorker = true;
      const end = Date.now() + ms;
      while (Date.now() < end);
    }, HOVER_DELAY_LONG_MS + 1_500);
    // The loading status: the card's request is sent. The worker dies once the loop ends (not waited for: the
    // request sent again starts the next one at once).
    await page.locator('backstory-popover [role="status"]').waitFor({ timeout: 10_000 });
    expect(await stopServiceWorker(browser.context, page, browser.extensionId)).toBe(true);
    await loop.catch(() => undefined);
    await waitForCard(page, second!);
    // Answered by a new worker (a fresh global): the busy one never did.
    const answering = await runningWorker(browser.context);
    expect(await answering.evaluate(() => (globalThis as { busyWorker?: boolean }).busyWorker ?? false)).toBe(false);
    expect(errors).toEqual([]);
    await setHoverDelay(150);
    await page.close();
  });
});

async function setHoverDelay(ms: number): Promise<void> {
  await (await runningWorker(browser.context)).evaluate((hoverDelayMs) => chrome.storage.sync.set({ hoverDelayMs }), ms);
}
