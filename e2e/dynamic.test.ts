/**
 * End to end: pages that change after they load. A live blog's new posts (appended, prepended, shown by
 * "load more") are marked within a second, without the rest of the page being marked again and without
 * Backstory reacting to its own marks; a single-page site that navigates (history.pushState, the Navigation
 * API) is scanned again, its old marks and cards gone and the popup's summary about the new article.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { liveBlogPage, singlePageSite } from './dynamic-pages';
import { startGeneratedSite, type DemoServer } from './server';
import { openMarkedPage, openOptionsWhenInstalled, pageSummaryOf } from './tabs';

let server: DemoServer;
let browser: ExtensionBrowser;
let extensionPage: Page;

beforeAll(async () => {
  server = await startGeneratedSite({ 'live.html': liveBlogPage(), 'spa.html': singlePageSite() });
  browser = await launchWithExtension();
  extensionPage = await openOptionsWhenInstalled(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What the popup would show for the page. */
const summaryOf = (page: Page) => pageSummaryOf(extensionPage, page);

/** Errors the page's console and scripts report (none may come from Backstory). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().includes('Backstory')) errors.push(`${message.type()}: ${message.text()}`);
  });
  return errors;
}

/**
 * In the page's world: count every node added or removed anywhere after `start()` (a page-side
 * MutationObserver), and tag the marks present now (an expando only the page's world sees) so the test can
 * tell an untouched mark from one made again.
 */
const WATCH = `(() => {
  const state = { added: [], removed: 0, changes: 0 };
  window.__watch = {
    start() {
      document.querySelectorAll('backstory-mention').forEach((mark) => { mark.__before = true; });
      new MutationObserver((records) => {
        for (const record of records) {
          state.changes++;
          for (const node of record.addedNodes) if (node.nodeName === 'BACKSTORY-MENTION') state.added.push({ at: performance.now(), in: node.closest('.post')?.id ?? null });
          for (const node of record.removedNodes) if (node.nodeName === 'BACKSTORY-MENTION') state.removed++;
        }
      }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    },
    state,
    untouched: () => [...document.querySelectorAll('backstory-mention')].filter((m) => m.__before).length,
  };
})();`;

interface WatchState {
  added: Array<{ at: number; in: string | null }>;
  removed: number;
  changes: number;
}

const watchState = (page: Page) => page.evaluate(() => (window as unknown as { __watch: { state: WatchState } }).__watch.state);

/** Let the page and the content script settle: no mutation for a while (marking is done). */
async function settled(page: Page, quietMs = 500): Promise<void> {
  await page.evaluate(
    (quiet) =>
      new Promise<void>((resolve) => {
        let timer = setTimeout(done, quiet);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, quiet);
        });
        function done() {
          observer.disconnect();
          resolve();
        }
        observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
      }),
    quietMs,
  );
}

describe('a live blog', () => {
  it('marks posts added later within a second, leaves the marks already there alone, and does not react to its own marks', async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.addInitScript(WATCH);
    await page.goto(server.url('/live.html'));
    await page.locator('#p2 backstory-mention[data-backstory-id="person:emmanuel-macron"]').waitFor({ timeout: 20_000 });
    await settled(page);
    const before = await page.locator('backstory-mention').count();
    expect(before).toBeGreaterThanOrEqual(3);
    // The hidden post and the collapsed section are not marked (they are not shown).
    expect(await page.locator('#p3 backstory-mention').count()).toBe(0);
    expect(await page.locator('#rest backstory-mention').count()).toBe(0);
    await page.evaluate(() => (window as unknown as { __watch: { start(): void } }).__watch.start());

    // Quiet page: Backstory's marks caused no further change (no loop of marking its own marks).
    await page.waitForTimeout(800);
    expect((await watchState(page)).changes).toBe(0);

    // Appended at the bottom, then prepended on top (newest first), then hidden posts shown by "load more"
    // (the `hidden` attribute), then a section a class collapsed shown by "read more".
    const steps: Array<{ run: string; post: string; id: string }> = [
      { run: `addPost('Volodymyr Zelensky arrived in Lisbon for the talks.', 'bottom')`, post: '#p4', id: 'place:lisbon-pt' },
      { run: `addPost('Breaking: NATO called an emergency meeting.', 'top')`, post: '#p5', id: 'organization:nato' },
      { run: `loadMore()`, post: '#p3', id: 'place:odesa-ua' },
      { run: `readMore()`, post: '#rest', id: 'person:olaf-scholz' },
    ];
    for (const step of steps) {
      const started = await page.evaluate((run) => {
        const at = performance.now();
        new Function(run)();
        return at;
      }, step.run);
      await page.locator(`${step.post} backstory-mention[data-backstory-id="${step.id}"]`).waitFor({ timeout: 5_000 });
      const state = await watchState(page);
      const firstInPost = state.added.find((mark) => `#${mark.in}` === step.post);
      expect(firstInPost).toBeDefined();
      // Within a second of the page's change (measured on the page's clock).
      console.info(`live blog, ${step.run.split('(')[0]}: first mark in the new post after ${(firstInPost!.at - started).toFixed(0)} ms`);
      expect(firstInPost!.at - started).toBeLessThan(1_000);
    }
    await settled(page);

    const state = await watchState(page);
    // Only the new posts got marks; none was taken out, and every mark that was there is the same element.
    expect(state.added.every((mark) => ['p3', 'p4', 'p5', 'rest'].includes(mark.in ?? ''))).toBe(true);
    expect(state.removed).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __watch: { untouched(): number } }).__watch.untouched())).toBe(before);
    // Both names in the appended post, with "Volodymyr Zelensky" marked although the intro named him first.
    expect(await page.locator('#p4 backstory-mention[data-backstory-id="person:volodymyr-zelensky"]').count()).toBe(1);

    // The popup's list follows: the new entities, and the count of a name mentioned again.
    const summary = await summaryOf(page);
    const ids = summary.entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['place:lisbon-pt', 'organization:nato', 'place:odesa-ua', 'place:kharkiv-ua', 'person:olaf-scholz']));
    expect(summary.entities.find((e) => e.id === 'person:volodymyr-zelensky')?.count).toBe(2);
    // ... in document order: the post put on top comes before the ones below it.
    expect(ids.indexOf('organization:nato')).toBeLessThan(ids.indexOf('place:kharkiv-ua'));

    // A post the page rewrites is marked again from its new text (the old name's mark goes).
    await page.evaluate(() => {
      document.querySelector('#p1 p')!.textContent = 'Officials in Moscow reported a quiet night.';
    });
    await page.locator('#p1 backstory-mention[data-backstory-id="place:moscow-ru"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('#p1 backstory-mention[data-backstory-id="place:kharkiv-ua"]').count()).toBe(0);
    expect(await page.locator('#p1').innerText()).toBe('Officials in Moscow reported a quiet night.');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a single-page site', () => {
  it('scans the new article after history.pushState and after a Navigation API navigation, dropping the old marks and cards', async () => {
    const page = await openMarkedPage(browser.context, server.url('/spa.html'), 'backstory-mention[data-backstory-id="person:olaf-scholz"]');
    const errors = collectErrors(page);
    await settled(page);
    let summary = await summaryOf(page);
    expect(summary.articleDate).toBe('2024-02-01');
    expect(summary.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['place:lisbon-pt', 'person:olaf-scholz', 'place:kharkiv-ua']));

    // A card open on the old article (by keyboard focus, pinned) ...
    await page.locator('backstory-mention[data-backstory-id="place:lisbon-pt"]').first().focus();
    const card = page.locator('backstory-popover .card[data-entity-id="place:lisbon-pt"]');
    await card.waitFor({ timeout: 10_000 });
    await card.locator('[data-part="pin"]').click();
    const railMark = await page.locator('#rail backstory-mention').elementHandle();

    // ... history.pushState to article b.
    await page.evaluate(() => (window as unknown as { go(key: string): void }).go('b'));
    await page.locator('#app backstory-mention[data-backstory-id="place:odesa-ua"]').waitFor({ timeout: 5_000 });
    expect(page.url()).toBe(server.url('/spa/b'));
    await expect(card.count()).resolves.toBe(0);
    await settled(page);
    // The rail that stayed was scanned again too: its mark is a new element.
    expect(await railMark!.evaluate((mark) => mark.isConnected)).toBe(false);
    expect(await page.locator('#rail backstory-mention[data-backstory-id="place:kharkiv-ua"]').count()).toBe(1);
    summary = await summaryOf(page);
    expect(summary.url).toBe(server.url('/spa/b'));
    expect(summary.articleDate).toBe('2024-05-20');
    let ids = summary.entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['place:odesa-ua', 'person:volodymyr-zelensky', 'place:kharkiv-ua']));
    expect(ids).not.toContain('person:olaf-scholz');
    expect(ids).not.toContain('place:lisbon-pt');

    // The Navigation API (an intercepted navigation, rendered 30 ms later) to article c.
    await page.evaluate(() => (window as unknown as { navigateTo(key: string): Promise<unknown> }).navigateTo('c'));
    await page.locator('#app backstory-mention[data-backstory-id="place:moscow-ru"]').first().waitFor({ timeout: 5_000 });
    await settled(page);
    summary = await summaryOf(page);
    expect(summary.articleDate).toBe('2024-07-11');
    ids = summary.entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['place:moscow-ru', 'organization:nato']));
    expect(ids).not.toContain('place:odesa-ua');
    // Exactly one mark per mention: nothing marked twice by the scan after the navigation.
    expect(await page.locator('#app backstory-mention[data-backstory-id="place:moscow-ru"]').count()).toBe(2);

    // Back (popstate): article b again.
    await page.goBack();
    await page.locator('#app backstory-mention[data-backstory-id="place:odesa-ua"]').waitFor({ timeout: 5_000 });

    // Following an anchor is not a navigation: the marks stay as they are (the rail's; the page's router redraws the article).
    await settled(page);
    const mark = await page.locator('#rail backstory-mention').first().elementHandle();
    await page.evaluate(() => {
      location.hash = '#app';
    });
    await page.waitForTimeout(1_200);
    expect(await mark!.evaluate((m) => m.isConnected)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
