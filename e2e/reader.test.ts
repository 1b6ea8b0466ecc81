/**
 * End to end: what a reader does with cards, the popup and the settings, in Chromium on the demo site.
 * With BACKSTORY_SCREENSHOTS=1 it also writes the README's screenshots to docs/screenshots/
 * (`npm run screenshots`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { openMarkedPage, tabIdOf as tabIdOfShared, openOptionsWhenInstalled } from './tabs';

declare const chrome: { action: { getBadgeText(details: { tabId: number }): Promise<string> } };
declare const axe: { run(context: unknown, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> };

const SCREENSHOTS = process.env.BACKSTORY_SCREENSHOTS === '1' ? resolve('docs/screenshots') : undefined;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: DemoServer;
let browser: ExtensionBrowser;
let extensionPage: Page;

beforeAll(async () => {
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startDemoServer(resolve('demo'));
  browser = await launchWithExtension();
  extensionPage = await openOptionsWhenInstalled(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function openArticle(): Promise<Page> {
  return openMarkedPage(browser.context, server.url('/article.html'));
}

function mention(page: Page, id: string): Locator {
  return page.locator(`article p [data-backstory-id="${id}"]`).first();
}

function card(page: Page, id?: string): Locator {
  return page.locator(id ? `backstory-popover .card[data-entity-id="${id}"]` : 'backstory-popover .card');
}

function tabIdOf(page: Page): Promise<number> {
  return tabIdOfShared(extensionPage, page);
}

async function openPopup(page: Page): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 900 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(page)}`);
  return popup;
}

/** Serious and critical axe violations in `page` (or inside `include`), as readable lines. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate(
    ([selector]) => axe.run(selector ? { include: [[selector]] } : document, { resultTypes: ['violations'] }),
    [include] as const,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('the card', () => {
  it('does not open while the pointer sweeps fast across the text, and opens when it rests', async () => {
    const page = await openArticle();
    const marks = page.locator('article p [data-backstory-id]');
    const boxes = (await Promise.all([0, 1, 2, 3, 4].map((i) => marks.nth(i).boundingBox()))).filter(Boolean) as Array<{ x: number; y: number; width: number; height: number }>;
    // A fast sweep: through five mentions in a few quick steps, then off the text.
    await page.mouse.move(5, 5);
    for (const box of boxes) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 2 });
    await page.mouse.move(5, 5, { steps: 2 });
    await page.waitForTimeout(600);
    expect(await card(page).count()).toBe(0);
    // Resting on one opens its card.
    await mention(page, 'place:belgorod-ru').hover();
    await card(page, 'place:belgorod-ru').waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('is reached from the keyboard, closes with Escape, shows a map for a place, and passes an axe scan', async () => {
    const page = await openArticle();
    await mention(page, 'place:kyiv-ua').focus();
    const kyiv = card(page, 'place:kyiv-ua');
    await kyiv.waitFor({ timeout: 10_000 });
    await kyiv.locator('[data-part="map"]').waitFor();
    await expect(kyiv.locator('[data-part="map"]').getAttribute('aria-label')).resolves.toMatch(/Kyiv/);
    expect(await seriousViolations(page, 'backstory-popover')).toEqual([]);

    await page.keyboard.press('Escape');
    await kyiv.waitFor({ state: 'detached', timeout: 5_000 });
    await page.close();
  });

  it('pins: a pinned card stays when the pointer leaves, can be moved, and opens a nested card for a related entity', async () => {
    const page = await openArticle();
    const shoigu = mention(page, 'person:sergei-shoigu');
    await shoigu.scrollIntoViewIfNeeded();
    await shoigu.hover();
    const first = card(page, 'person:sergei-shoigu');
    await first.waitFor({ timeout: 10_000 });
    await first.locator('[data-part="portrait"]').waitFor();

    await first.locator('[data-part="pin"]').click();
    await page.mouse.move(5, 5);
    await page.waitForTimeout(800);
    await expect(first.isVisible()).resolves.toBe(true);

    // Dragged by its header, it moves.
    const before = (await first.boundingBox())!;
    const header = first.locator('h2');
    const grip = (await header.boundingBox())!;
    await page.mouse.move(grip.x + 4, grip.y + 4);
    await page.mouse.down();
    await page.mouse.move(grip.x + 4 - 120, grip.y + 4 + 60, { steps: 5 });
    await page.mouse.up();
    const after = (await first.boundingBox())!;
    expect(Math.abs(after.x - before.x) + Math.abs(after.y - before.y)).toBeGreaterThan(50);

    // A related entity opens its own card on top; Escape closes that one first, then the pinned one.
    const related = first.locator('[data-part="related"]').first();
    const relatedId = await related.getAttribute('data-entity-id');
    await related.click();
    await card(page, relatedId!).waitFor({ timeout: 10_000 });
    expect(await card(page).count()).toBe(2);
    await page.keyboard.press('Escape');
    await card(page, relatedId!).waitFor({ state: 'detached', timeout: 5_000 });
    await expect(first.isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await first.waitFor({ state: 'detached', timeout: 5_000 });
    await page.close();
  });

  it('opens on a tap and closes on a tap elsewhere (touch)', async () => {
    const page = await openArticle();
    const target = mention(page, 'place:belgorod-ru');
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    // Real touch input through the DevTools protocol: pointer events with pointerType "touch", then a click.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    const tap = async (x: number, y: number) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    await tap(box.x + box.width / 2, box.y + box.height / 2);
    const belgorod = card(page, 'place:belgorod-ru');
    await belgorod.waitFor({ timeout: 10_000 });
    // The card stays up after the tap (no hover to keep it open) and does not cover the tapped word.
    await page.waitForTimeout(800);
    await expect(belgorod.isVisible()).resolves.toBe(true);
    const cardBox = (await belgorod.boundingBox())!;
    const overlaps = cardBox.x < box.x + box.width && box.x < cardBox.x + cardBox.width && cardBox.y < box.y + box.height && box.y < cardBox.y + cardBox.height;
    expect(overlaps).toBe(false);
    // A tap elsewhere on the page (the margin left of the text, away from the card) closes it.
    await tap(4, cardBox.y > 200 ? 40 : 860);
    await belgorod.waitFor({ state: 'detached', timeout: 5_000 });
    await cdp.detach();
    await page.close();
  });

  it('follows the theme setting', async () => {
    await extensionPage.reload();
    const theme = extensionPage.locator('[data-part="setting-theme"]');
    await theme.waitFor();
    await theme.selectOption('dark');
    const page = await openArticle();
    await mention(page, 'place:belgorod-ru').hover();
    const belgorod = card(page, 'place:belgorod-ru');
    await belgorod.waitFor({ timeout: 10_000 });
    await expect(page.locator('backstory-popover').getAttribute('data-theme')).resolves.toBe('dark');
    const background = await belgorod.evaluate((element) => getComputedStyle(element).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(3 * 80);
    expect(await seriousViolations(page, 'backstory-popover')).toEqual([]);

    await page.close();
    await theme.selectOption('light');
  });
});

describe('the popup', () => {
  it('groups the timeline by year, filters it by an entity, and passes an axe scan', async () => {
    const page = await openArticle();
    const popup = await openPopup(page);
    await popup.waitForSelector('[data-event-id]', { timeout: 10_000 });
    // The toolbar badge counts the entities the page names, as the popup lists them.
    const tabId = await tabIdOf(page);
    const listed = await popup.locator('li[data-entity-id]').evaluateAll((items) => new Set(items.map((i) => i.getAttribute('data-entity-id'))).size);
    await expect.poll(() => extensionPage.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe(String(listed));
    const years = await popup.locator('[data-part="year"]').allTextContents();
    expect(years.length).toBeGreaterThanOrEqual(3);
    expect([...years].sort()).toEqual(years);

    const all = await popup.locator('[data-event-id]').count();
    await popup.locator('[data-part="filter-chip"][data-filter-id="place:avdiivka-ua"]').click();
    const filtered = await popup.locator('[data-event-id]').count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    expect(await popup.locator('[data-event-id="event:battle-of-avdiivka"]').count()).toBe(1);
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('jumps to the mention of an entity or an event clicked in the popup, and flashes it', async () => {
    const page = await openArticle();
    const popup = await openPopup(page);
    await popup.waitForSelector('[data-event-id]', { timeout: 10_000 });
    const inView = (selector: string) =>
      page.waitForFunction(
        (css) => {
          const element = document.querySelector(css);
          if (!element) return false;
          const box = element.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight && element.hasAttribute('data-backstory-flash');
        },
        selector,
        { timeout: 5_000 },
      );

    // An entity of the list: its first mention is scrolled into view and flashed.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await popup.locator('li[data-entity-id="person:sergei-shoigu"] button').click();
    await inView('[data-backstory-id="person:sergei-shoigu"]');

    // An event of the timeline: the first mention of one of its places or participants.
    await page.evaluate(() => window.scrollTo(0, 0));
    const event = popup.locator('[data-event-id="event:battle-of-avdiivka"]');
    await event.locator('button.row').click();
    await inView('[data-backstory-id="place:avdiivka-ua"]');
    await popup.close();
    await page.close();
  });

  it("turns Backstory off for the site in one click, which holds on reload, and back on", async () => {
    const page = await openArticle();
    let popup = await openPopup(page);
    await popup.locator('[data-part="site-off"]').click();
    await popup.locator('[data-part="site-on"]').waitFor({ timeout: 5_000 });
    await popup.close();
    await page.reload();
    await page.waitForTimeout(1_500);
    expect(await page.locator('[data-backstory-id]').count()).toBe(0);
    popup = await openPopup(page);
    await popup.locator('[data-part="empty"][data-reason="site-disabled"]').waitFor({ timeout: 5_000 });
    await popup.locator('[data-part="site-on"]').click();
    await popup.close();
    await page.reload();
    await page.waitForSelector('[data-backstory-id]', { timeout: 20_000 });
    await page.close();
  });
});

describe('the options page', () => {
  it('passes an axe scan', async () => {
    await extensionPage.reload();
    await extensionPage.locator('tr[data-pack-id="world.gazetteer"]').waitFor({ timeout: 30_000 });
    expect(await seriousViolations(extensionPage)).toEqual([]);

  });
});

/** The README's screenshots, light and dark (only with BACKSTORY_SCREENSHOTS=1: `npm run screenshots`). */
describe.runIf(SCREENSHOTS)('screenshots', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`cards, popup and options in ${scheme}`, async () => {
      await extensionPage.reload();
      await extensionPage.locator('[data-part="setting-theme"]').selectOption(scheme);
      const page = await openArticle();
      await page.emulateMedia({ colorScheme: scheme });
      const shots: Array<[string, string, Locator]> = [
        ['card-person', 'person:sergei-shoigu', mention(page, 'person:sergei-shoigu')],
        ['card-place', 'place:belgorod-ru', mention(page, 'place:belgorod-ru')],
        ['card-figure', '', page.locator('[data-backstory-kind="figure"]', { hasText: 'December 29' }).first()],
      ];
      for (const [name, id, target] of shots) {
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
        await target.scrollIntoViewIfNeeded();
        await target.hover();
        const shown = id ? card(page, id) : page.locator('backstory-popover .card[data-figure-type]');
        await shown.waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
        // The card with the words around it, as a reader sees it.
        const box = (await shown.boundingBox())!;
        const word = (await target.boundingBox())!;
        const x = Math.max(0, Math.min(box.x, word.x) - 24);
        const y = Math.max(0, Math.min(box.y, word.y) - 24);
        await page.screenshot({
          path: `${SCREENSHOTS}/${name}-${scheme}.png`,
          clip: { x, y, width: Math.max(box.x + box.width, word.x + word.width) - x + 24, height: Math.max(box.y + box.height, word.y + word.height) - y + 24 },
        });
      }
      const popup = await openPopup(page);
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.waitForSelector('[data-event-id]', { timeout: 10_000 });
      await popup.locator("[data-part=\"year\"]").first().scrollIntoViewIfNeeded();
      await popup.screenshot({ path: `${SCREENSHOTS}/popup-timeline-${scheme}.png` });
      await popup.close();
      await page.close();
      await extensionPage.emulateMedia({ colorScheme: scheme });
      await extensionPage.screenshot({ path: `${SCREENSHOTS}/options-${scheme}.png`, fullPage: true });
      await extensionPage.emulateMedia({ colorScheme: null });
      await extensionPage.locator('[data-part="setting-theme"]').selectOption('system');
    });
  }
});
