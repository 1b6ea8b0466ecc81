/**
 * End to end: the built extension in Debian's Chromium against the demo site on 127.0.0.1.
 * Needs `npm run build` first (the test command does it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { openMarkedPage, tabIdOf as tabIdOfShared } from './tabs';

let server: DemoServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startDemoServer(resolve('demo'));
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function openArticle(): Promise<Page> {
  return openMarkedPage(browser.context, server.url('/article.html'));
}

function tabIdOf(page: Page): Promise<number> {
  return tabIdOfShared(browser.context.serviceWorkers()[0] ?? browser.serviceWorker, page);
}

const SEED_ENTITIES = {
  'person:vladimir-putin': 'person',
  'person:dmitry-peskov': 'person',
  'person:sergei-shoigu': 'person',
  'place:belgorod-ru': 'place',
  'place:kyiv-ua': 'place',
  'place:moscow-ru': 'place',
  'place:avdiivka-ua': 'place',
  'place:donetsk-oblast-ua': 'place',
  'place:ukraine': 'place',
  'place:russia': 'place',
  'organization:european-union': 'organization',
  'organization:kremlin': 'organization',
} as const;

describe('highlights on a news article', () => {
  it('marks the people, places and organizations the article names, with their kinds', async () => {
    const page = await openArticle();
    const marks = await page.$$eval('[data-backstory-id]', (elements) =>
      elements.map((e) => ({ id: e.getAttribute('data-backstory-id'), kind: e.getAttribute('data-backstory-kind'), text: e.textContent })),
    );
    const kinds = new Map(marks.map((mark) => [mark.id, mark.kind]));
    for (const [id, kind] of Object.entries(SEED_ENTITIES)) {
      expect(kinds.get(id), id).toBe(kind);
    }
    // Longest match and diacritics: one mention for "Donetsk region", and "Avdiïvka" links to Avdiivka.
    expect(marks).toContainEqual({ id: 'place:donetsk-oblast-ua', kind: 'place', text: 'Donetsk region' });
    expect(marks).toContainEqual({ id: 'place:avdiivka-ua', kind: 'place', text: 'Avdiïvka' });
    // Possessive: "Kyiv's" marks "Kyiv" only; "Shoigu's" marks "Shoigu".
    expect(marks.filter((m) => m.id === 'place:kyiv-ua').map((m) => m.text)).toContain('Kyiv');
    expect(marks).toContainEqual({ id: 'person:sergei-shoigu', kind: 'person', text: 'Shoigu' });
    await page.close();
  });

  it('never marks form fields, code, editable text or its own UI, and leaves the text unchanged', async () => {
    const page = await openArticle();
    const inForbidden = await page.$$eval('[data-backstory-id]', (elements) =>
      elements.filter((e) => e.closest('input, textarea, pre, code, [contenteditable="true"], nav')).length,
    );
    expect(inForbidden).toBe(0);
    expect(await page.inputValue('input[name="q"]')).toBe('Putin Belgorod');
    expect(await page.inputValue('textarea')).toBe('Kyiv and Moscow');
    const html = readFileSync(resolve('demo/article.html'), 'utf8');
    const [original, live] = await page.evaluate((source) => {
      const parsed = new DOMParser().parseFromString(source, 'text/html');
      return [parsed.querySelector('article')!.textContent, document.querySelector('article')!.textContent];
    }, html);
    expect(live).toBe(original);
    await page.close();
  });

  it('shows the Belgorod card on hover, with its population and year, and closes it with Escape', async () => {
    const page = await openArticle();
    const mention = page.locator('article p [data-backstory-id="place:belgorod-ru"]').first();
    await mention.hover();
    const card = page.locator('backstory-popover .card[data-entity-id="place:belgorod-ru"]');
    await card.waitFor({ timeout: 10_000 });
    await expect(card.locator('h2').textContent()).resolves.toBe('Belgorod');
    await expect(card.locator('[data-part="kind"]').textContent()).resolves.toMatch(/city/i);
    const facts = (await card.locator('[data-part="facts"]').textContent()) ?? '';
    expect(facts).toContain('339,978');
    expect(facts).toContain('2021');
    expect((await card.locator('[data-part="source"]').textContent()) ?? '').not.toBe('');
    // The card is laid out beside the word, never over it, and inside the viewport.
    const [word, box] = [await mention.boundingBox(), await card.boundingBox()];
    expect(word && box).toBeTruthy();
    const overlaps = box!.x < word!.x + word!.width && word!.x < box!.x + box!.width && box!.y < word!.y + word!.height && word!.y < box!.y + box!.height;
    expect(overlaps).toBe(false);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => card.waitFor({ state: 'hidden', timeout: 1_000 }));
    await page.close();
  });

  it('opens a card from the keyboard and shows Shoigu as defence minister at the article date', async () => {
    const page = await openArticle();
    await page.locator('[data-backstory-id="person:sergei-shoigu"]').first().focus();
    const card = page.locator('backstory-popover .card[data-entity-id="person:sergei-shoigu"]');
    await card.waitFor({ timeout: 10_000 });
    const facts = (await card.locator('[data-part="facts"]').textContent()) ?? '';
    // The office held on the article date (2024-01-09) and the change since.
    expect(facts).toMatch(/Minister of Defen[cs]e of Russia at the time; since 12 May 2024: Secretary of the Security Council/);
    await page.close();
  });

  it('keeps links that contain a highlighted name working', async () => {
    const page = await openArticle();
    const inLink = page.locator('a[href="/photos/belgorod"] [data-backstory-id="place:belgorod-ru"]');
    await expect(inLink.count()).resolves.toBe(1);
    await inLink.click();
    await page.waitForURL('**/photos/belgorod');
    await expect(page.locator('[data-path]').textContent()).resolves.toBe('/photos/belgorod');
    await page.close();
  });

  it('does not scan a page that is not an article until asked from the popup', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/listing.html'));
    await page.waitForTimeout(1_500);
    expect(await page.locator('[data-backstory-id]').count()).toBe(0);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(page)}`);
    await popup.getByRole('button', { name: /scan this page/i }).click();
    await page.waitForSelector('[data-backstory-id="place:moscow-ru"]', { timeout: 10_000 });
    await popup.close();
    await page.close();
  });
});

describe('toolbar popup', () => {
  it('lists the entities found and a chronological timeline with the article date marked', async () => {
    const page = await openArticle();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(page)}`);
    await popup.waitForSelector('[data-event-id]', { timeout: 10_000 });

    const listed = await popup.$$eval('[data-entity-id]', (items) => items.map((item) => item.getAttribute('data-entity-id')));
    for (const id of Object.keys(SEED_ENTITIES)) expect(listed, id).toContain(id);

    const timeline = await popup.$$eval('[data-event-id], [data-part="article-date"]', (items) =>
      items.map((item) => item.getAttribute('data-event-id') ?? 'ARTICLE'),
    );
    const starts = await popup.$$eval('[data-event-id]', (items) => items.map((item) => item.getAttribute('data-start') ?? ''));
    expect(starts.length).toBeGreaterThanOrEqual(6);
    // Chronological by first possible day: "2014" is 2014-01-01, "2014-02" is 2014-02-01.
    const firstDays = starts.map((d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d));
    expect([...firstDays].sort()).toEqual(firstDays);
    const expectedOrder = [
      'event:russian-invasion-of-ukraine',
      'event:2023-ukrainian-counteroffensive',
      'event:2023-12-29-russian-strikes',
      'event:2023-12-30-belgorod-strike',
      'event:2024-russian-presidential-election',
    ];
    const positions = expectedOrder.map((id) => timeline.indexOf(id));
    expect(positions.every((p) => p >= 0), JSON.stringify({ expectedOrder, timeline })).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The article (2024-01-09) sits after the 2023-12-30 strike and before the March 2024 election.
    const article = timeline.indexOf('ARTICLE');
    expect(article).toBeGreaterThan(timeline.indexOf('event:2023-12-30-belgorod-strike'));
    expect(article).toBeLessThan(timeline.indexOf('event:2024-russian-presidential-election'));
    expect(timeline).toContain('event:battle-of-avdiivka');

    // Clicking an entity scrolls the page to its first mention.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await popup.locator('[data-entity-id="place:avdiivka-ua"]').first().click();
    await page.waitForFunction(() => {
      const mark = document.querySelector('[data-backstory-id="place:avdiivka-ua"]')!.getBoundingClientRect();
      return mark.top >= 0 && mark.bottom <= window.innerHeight;
    }, undefined, { timeout: 5_000 });
    await popup.close();
    await page.close();
  });
});

describe('packs', () => {
  it('lists the installed packs with their credits and rejects a malformed pack without losing knowledge', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const gazetteer = options.locator('tr[data-pack-id="world.gazetteer"]');
    await gazetteer.waitFor({ timeout: 30_000 });
    for (const id of ['world.leaders', 'war.russia-ukraine']) await options.locator(`[data-pack-id="${id}"]`).waitFor();
    const before = await gazetteer.textContent();
    // Open data keeps its licence and is credited in the About section.
    await expect(options.locator('[data-part="credits"]').textContent()).resolves.toMatch(/GeoNames.*CC BY 4\.0/);

    const dir = mkdtempSync(join(tmpdir(), 'backstory-bad-pack-'));
    const bad = join(dir, 'bad-pack.json');
    const good = JSON.parse(readFileSync(resolve('public/packs/world.gazetteer.json'), 'utf8'));
    good.manifest.version += 1;
    good.entities.find((e: { id: string }) => e.id === 'place:belgorod-ru').coordinates.lat = 123;
    writeFileSync(bad, JSON.stringify(good));
    await options.locator('[data-part="import"]').setInputFiles(bad);
    // The file is not signed: Backstory asks before going on.
    await options.locator('[data-part="import-confirm-unsigned"]').waitFor({ timeout: 10_000 });
    await options.locator('[data-part="import-confirm"]').click();
    const errors = options.locator('[data-part="import-errors"] li');
    await errors.first().waitFor({ timeout: 10_000 });
    const messages = await errors.allTextContents();
    expect(messages.join('\n')).toMatch(/place:belgorod.*coordinates\.lat/);
    await expect(gazetteer.textContent()).resolves.toBe(before);
    await options.close();

    // The knowledge still answers: the article is still highlighted and Belgorod's card still opens.
    const page = await openArticle();
    await page.locator('article p [data-backstory-id="place:belgorod-ru"]').first().hover();
    await page.locator('backstory-popover .card[data-entity-id="place:belgorod-ru"]').waitFor({ timeout: 10_000 });
    await page.close();
  });
});

describe('figures and disambiguation', () => {
  /** Hover the figure whose text starts with `text` and wait for its card. */
  async function figureCard(page: Page, text: string) {
    const figure = page.locator('[data-backstory-kind="figure"]', { hasText: text }).first();
    await figure.scrollIntoViewIfNeeded();
    await figure.hover();
    const card = page.locator(`backstory-popover .card[data-figure-type]`);
    await card.waitFor({ timeout: 10_000 });
    return card;
  }

  it('gives figures cards: the war day and dates resolved against the article date, units converted, the knowledge base compared', async () => {
    const page = await openArticle();
    const day = await figureCard(page, 'day 685');
    await expect(day.locator('[data-part="resolved"]').textContent()).resolves.toContain('9 January 2024');
    await page.keyboard.press('Escape');

    const date = await figureCard(page, 'December 29');
    await expect(date.locator('[data-part="resolved"]').textContent()).resolves.toContain('29 December 2023');
    await date.locator('[data-part="events"] [data-event-id="event:2023-12-29-russian-strikes"]').waitFor();
    await page.keyboard.press('Escape');

    const distance = await figureCard(page, '40 km');
    await expect(distance.locator('[data-part="conversions"]').textContent()).resolves.toMatch(/25 mi/);
    await page.keyboard.press('Escape');

    const population = await figureCard(page, '335,000');
    const comparisons = (await population.locator('[data-part="comparisons"]').textContent()) ?? '';
    expect(comparisons).toContain('Belgorod');
    expect(comparisons).toContain('339,978');
    await page.close();
  });

  it('links an ambiguous name by its context and says what else it could be', async () => {
    const page = await openArticle();
    const georgia = page.locator('article p [data-backstory-id]', { hasText: 'Georgia' }).first();
    await expect(georgia.getAttribute('data-backstory-id')).resolves.toBe('place:georgia');
    await georgia.scrollIntoViewIfNeeded();
    await georgia.hover();
    const card = page.locator('backstory-popover .card[data-entity-id="place:georgia"]');
    await card.waitFor({ timeout: 10_000 });
    // The other Georgia is named on the card, not silently dropped.
    await expect(card.textContent()).resolves.toMatch(/U\.?S\.? state|United States/);
    await page.close();
  });
});
