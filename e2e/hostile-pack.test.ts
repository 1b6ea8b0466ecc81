/**
 * End to end: a hostile pack, signed with the development key the test build trusts, in Chromium on a
 * page served from 127.0.0.1. Version 1 is valid but written to attack the interface (markup, scripts,
 * `javascript:` text, right-to-left text and bidi marks, fields at their maximum length): its card, the
 * popup and the options page must show it as inert text. Version 2 breaks the text rules (a bidi
 * override, 100,000 characters, a `javascript:` Wikipedia title): the sync must refuse it whole, say why,
 * and leave version 1 and the bundled packs working. docs/pack-format.md, "Hostile text", is the policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startPackServer, type PackServer } from '../scripts/pack-server';
import { signBytes } from '../lib/sync/signature';
import type { SyncReport, SyncStatus } from '../lib/messages';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { askBackground, DEV_KEY, publishToDir, readKnowledge } from './pack-publishing';
import { openMarkedPage, tabIdOf } from './tabs';
import {
  ALLOWED_HREF,
  DIGIT_SOURCE,
  EVENT_ID,
  hostilePackV1,
  hostilePackV2,
  MARKUP,
  NEW_PLACE_ID,
  PACK_ID,
  PERSON_ID,
  RTL_SOURCE,
  V2_REFUSALS,
} from './hostile-packs';

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quorran visits Kyiv | Test Ledger</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2025-01-15T09:00:00+00:00"></head>
<body><article><h1>Vexa Quorran visits Kyiv</h1>
<p>Vexa Quorran arrived in Kyiv on Tuesday for two days of talks about winter supplies and the repair of power lines.</p>
<p>Officials said Quorran would also travel east, although the schedule was kept private for reasons of safety.</p>
<p>The visit follows a meeting last spring, when delegations from several capitals gathered to plan the next steps.</p>
</article></body></html>`;

/** The tags the interface itself uses; anything else inside a card or a list came from pack markup. */
const OWN_TAGS = new Set(
  'div header span h2 h3 p dl dt dd ul ol li button section footer a bdi time svg path circle rect figure details summary'.split(' '),
);

let root: string;
let server: PackServer;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'backstory-hostile-'));
  writeFileSync(join(root, 'article.html'), ARTICLE);
  server = await startPackServer({ root });
  browser = await launchWithExtension();
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.locator('[data-pack-id="war.russia-ukraine"]').waitFor({ timeout: 60_000 });
  const field = options.locator('[data-part="pack-server"]');
  await field.fill(server.url('/'));
  await field.blur();
  const end = Date.now() + 5_000;
  while ((await askBackground<SyncStatus>(options, 'syncStatus')).server !== server.url('/')) {
    if (Date.now() > end) throw new Error('the pack server setting was not saved');
    await options.waitForTimeout(50);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** What a page reports that it should not: console errors, uncaught exceptions, dialogs, navigations. */
interface Watch {
  errors: string[];
  dialogs: string[];
  navigations: string[];
}

function watch(page: Page): Watch {
  const seen: Watch = { errors: [], dialogs: [], navigations: [] };
  page.on('console', (message) => {
    // The browser's own request for a favicon the test server does not have is no one's error.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) seen.errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => seen.errors.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('framenavigated', (frame) => seen.navigations.push(frame.url()));
  return seen;
}

/** Elements inside `scope` that pack markup could have made: foreign tags, on* attributes, links. */
async function elementsFromMarkup(scope: Locator): Promise<{ foreign: string[]; withHandlers: string[]; hrefs: string[]; counts: Record<string, number> }> {
  return scope.evaluate((element, ownTags) => {
    const all = [element, ...element.querySelectorAll('*')];
    const own = new Set(ownTags);
    const describe = (e: Element) => `<${e.localName} ${[...e.attributes].map((a) => `${a.name}="${a.value.slice(0, 40)}"`).join(' ')}>`;
    const counts: Record<string, number> = {};
    for (const tag of ['script', 'img', 'iframe', 'style', 'marquee', 'object', 'embed']) counts[tag] = element.querySelectorAll(tag).length;
    // The interface's own SVG is the pin and close icons and the locator map; any other svg came from a pack.
    const strayIcons = all.filter((e) => e.localName === 'svg' && !e.closest('button.control, figure.map'));
    return {
      foreign: [...all.filter((e) => !own.has(e.localName)), ...strayIcons].map(describe),
      withHandlers: all.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).map(describe),
      hrefs: all.filter((e) => e.hasAttribute('href') || e.hasAttribute('src') || e.hasAttribute('srcdoc')).map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? 'srcdoc'),
      counts,
    };
  }, [...OWN_TAGS]);
}

/**
 * Where two substrings of `scope`'s text are drawn: the first character of each, found through a Range
 * over the text nodes. Used to tell whether the right-to-left source pulled the digits after it to its left.
 */
function positionsOf(scope: Locator, first: string, second: string): Promise<Array<{ left: number; right: number; top: number }>> {
  return scope.evaluate(
    (element, needles) => {
      const nodes: Text[] = [];
      const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
      return needles.map((needle) => {
        const node = nodes.find((n) => n.data.includes(needle));
        if (!node) throw new Error(`no text node holds ${JSON.stringify(needle)}`);
        const range = element.ownerDocument.createRange();
        const at = node.data.indexOf(needle);
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const { left, right, top } = range.getBoundingClientRect();
        return { left, right, top };
      });
    },
    [first, second],
  );
}

/** The RTL word's box and the digits' box: the digits must come after it, to its right or on a later line. */
function digitsFollow([rtl, digits]: Array<{ left: number; right: number; top: number }>): boolean {
  if (!rtl || !digits) return false;
  if (Math.abs(rtl.top - digits.top) < 4) return digits.left >= rtl.right - 0.5;
  return digits.top > rtl.top;
}

async function importSigned(pack: object, name: string): Promise<Locator> {
  const dir = mkdtempSync(join(tmpdir(), 'backstory-hostile-import-'));
  const file = join(dir, name);
  const bytes = Buffer.from(JSON.stringify(pack));
  writeFileSync(file, bytes);
  writeFileSync(`${file}.sig`, JSON.stringify(await signBytes(bytes, DEV_KEY)));
  await options.reload();
  await options.locator('[data-part="import"]').setInputFiles([file, `${file}.sig`]);
  const result = options.locator('[data-part="import-result"], [data-part="import-errors"]');
  // The page reads the files after the input changes: keep them until it has answered.
  await result.waitFor({ timeout: 20_000 });
  rmSync(dir, { recursive: true, force: true });
  return result;
}

describe('a hostile pack', () => {
  let article: Page;
  let seen: Watch;

  it('imports version 1 and shows its markup as text in the options pack table', async () => {
    const result = await importSigned(hostilePackV1(), `${PACK_ID}-v1.json`);
    await expect(result.getAttribute('data-part')).resolves.toBe('import-result');
    // The title, with its markup, is text in the result message and in the table.
    await expect(result.textContent()).resolves.toContain(MARKUP.packTitle);
    const row = options.locator(`tr[data-pack-id="${PACK_ID}"]`);
    await row.waitFor({ timeout: 10_000 });
    const header = row.locator('th');
    await expect(header.textContent()).resolves.toContain(MARKUP.packTitle);
    await expect(header.textContent()).resolves.toContain(MARKUP.packDescription);
    const found = await elementsFromMarkup(row);
    // The row's own controls (a checkbox, its label, a remove button) are the interface's.
    expect(found.foreign.filter((e) => !/^<(tr|th|td|input|label) /.test(e))).toEqual([]);
    expect(found.withHandlers).toEqual([]);
    expect(found.hrefs).toEqual([]);
    // The data credits name the pack and its attribution, as text too.
    const credits = options.locator('[data-part="credits"]');
    await expect(credits.textContent()).resolves.toContain(`${MARKUP.packTitle}: <script>`);
    const inCredits = await elementsFromMarkup(credits);
    expect(inCredits.foreign.filter((e) => !/^<strong /.test(e))).toEqual([]);
    expect(inCredits.withHandlers).toEqual([]);
  });

  it('renders its card on a 127.0.0.1 page as inert, isolated, bounded text', async () => {
    article = await browser.context.newPage();
    seen = watch(article);
    await article.goto(server.url('/article.html'));
    const mark = article.locator(`article p [data-backstory-id="${PERSON_ID}"]`).first();
    await mark.waitFor({ timeout: 20_000 });
    const loadedUrl = article.url();
    const navigationsBefore = seen.navigations.length;
    await mark.hover();
    const card = article.locator(`backstory-popover .card[data-entity-id="${PERSON_ID}"]`);
    await card.waitFor({ timeout: 10_000 });

    // Markup stays text: the literal strings are there, and no element came out of them.
    const text = (await card.textContent()) ?? '';
    for (const literal of [MARKUP.name, MARKUP.description, MARKUP.roleTitle, MARKUP.factLabel, MARKUP.factValue, MARKUP.eventName, MARKUP.packTitle]) {
      expect(text).toContain(literal);
    }
    const found = await elementsFromMarkup(card);
    expect(found.counts).toEqual({ script: 0, img: 0, iframe: 0, style: 0, marquee: 0, object: 0, embed: 0 });
    expect(found.foreign).toEqual([]);
    expect(found.withHandlers).toEqual([]);
    // The one link is the card's own Wikipedia link: https, en.wikipedia.org; the javascript: text is no link.
    expect(found.hrefs.length).toBe(1);
    for (const href of found.hrefs) {
      expect(href).toMatch(ALLOWED_HREF);
      expect(new URL(href).protocol).toBe('https:');
    }

    // Every pack string sits in its own <bdi>: the right-to-left source does not pull "2021" to its left.
    const sources = card.locator('[data-part="sources"]');
    await expect(sources.textContent()).resolves.toContain(`${RTL_SOURCE}; ${DIGIT_SOURCE}`);
    const positions = await positionsOf(sources, 'מקור', '2021');
    expect(digitsFollow(positions), JSON.stringify(positions)).toBe(true);
    // The same words in a plain paragraph, without isolation, are reordered: the check above can fail.
    const control = await browser.context.newPage();
    await control.setContent(`<p style="width:600px">Sources: <span>${RTL_SOURCE}</span>; <span>${DIGIT_SOURCE}</span></p>`);
    expect(digitsFollow(await positionsOf(control.locator('p'), 'מקור', '2021'))).toBe(false);
    await control.close();

    // Fields at their maximum length (a 600-letter word in the description, 150 in the name) stay in
    // the card: at most 360 px wide, never taller than 480 px (less when the room beside the mention is
    // smaller) nor outside the viewport, scrolling inside rather than sideways.
    const box = await card.evaluate((element) => {
      const frame = (element.closest('.frame') ?? element.parentElement) as HTMLElement;
      const { left, right, top, bottom, width, height } = frame.getBoundingClientRect();
      const overflowing = [...element.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > right + 1 || e.getBoundingClientRect().left < left - 1)
        .map((e) => `${e.localName}.${e.className}`);
      return {
        frame: { left, right, top, bottom, width, height },
        maxHeight: parseFloat(getComputedStyle(frame).maxHeight),
        scrollWidth: frame.scrollWidth,
        clientWidth: frame.clientWidth,
        scrollHeight: frame.scrollHeight,
        viewport: { width: innerWidth, height: innerHeight },
        overflowing,
      };
    });
    expect(box.frame.width).toBeLessThanOrEqual(360.5);
    expect(box.frame.height).toBeLessThanOrEqual(box.maxHeight + 0.5);
    expect(box.frame.height).toBeLessThanOrEqual(480.5);
    expect(box.frame.top).toBeGreaterThanOrEqual(0);
    expect(box.frame.bottom).toBeLessThanOrEqual(box.viewport.height);
    expect(box.frame.left).toBeGreaterThanOrEqual(0);
    expect(box.frame.right).toBeLessThanOrEqual(box.viewport.width);
    expect(box.scrollWidth, 'the card scrolls sideways').toBeLessThanOrEqual(box.clientWidth);
    expect(box.scrollHeight, 'the long fields scroll inside the card').toBeGreaterThan(box.frame.height);
    expect(box.overflowing).toEqual([]);
    // The 200-character name and the role line are clamped to three lines in the header.
    for (const part of ['h2', '[data-part="role-then"]']) {
      const clamp = await card.locator(part).evaluate((element) => {
        const style = getComputedStyle(element);
        return { height: element.getBoundingClientRect().height, lineHeight: parseFloat(style.lineHeight), clipped: element.scrollHeight > element.clientHeight };
      });
      expect(clamp.height, part).toBeLessThanOrEqual(3 * clamp.lineHeight + 1);
      expect(clamp.clipped, part).toBe(true);
    }
    console.info(`hostile card: ${JSON.stringify(box.frame)}, content ${box.scrollHeight} px high, max-height ${box.maxHeight} px`);

    // Clicking the description (the text of a javascript: link) does nothing.
    await card.locator('.description').click({ position: { x: 10, y: 5 } });
    await article.waitForTimeout(300);
    expect(article.url()).toBe(loadedUrl);
    expect(seen.navigations.slice(navigationsBefore)).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it('shows the entity and its event as text in the popup, within its width', async () => {
    const popup = await browser.context.newPage();
    const popupSeen = watch(popup);
    await popup.setViewportSize({ width: 400, height: 900 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(options, article)}`);
    const entity = popup.locator(`.entity-list [data-entity-id="${PERSON_ID}"]`);
    await entity.waitFor({ timeout: 10_000 });
    await expect(entity.textContent()).resolves.toContain(MARKUP.name);
    const event = popup.locator(`.timeline [data-event-id="${EVENT_ID}"]`);
    await event.waitFor({ timeout: 10_000 });
    await expect(event.textContent()).resolves.toContain(MARKUP.eventName);
    for (const scope of [entity, event]) {
      const found = await elementsFromMarkup(scope);
      expect(found.foreign).toEqual([]);
      expect(found.withHandlers).toEqual([]);
      expect(found.hrefs).toEqual([]);
    }
    const width = await popup.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(width.scroll).toBeLessThanOrEqual(width.client);
    expect(popupSeen.dialogs).toEqual([]);
    expect(popupSeen.errors).toEqual([]);
    await popup.close();
  });

  it('refuses version 2 (bidi override, 100,000 characters, javascript: title) whole, keeping version 1 and the bundled packs', async () => {
    const before = await readKnowledge(options);
    expect(before.versions[PACK_ID]).toBe(1);
    await publishToDir(root, [hostilePackV2()]);
    const report = await askBackground<SyncReport>(options, 'syncNow');
    const result = report.packs.find((p) => p.id === PACK_ID);
    expect(result?.status).toBe('failed');
    for (const refusal of V2_REFUSALS) expect(result?.message).toMatch(refusal);
    // No message echoes the 100,000 characters.
    expect(result?.message?.length).toBeLessThan(1_000);
    expect(await readKnowledge(options)).toEqual(before);

    // The options page says the same to the reader.
    await options.reload();
    await expect(options.locator(`tr[data-pack-id="${PACK_ID}"] [data-part="pack-last-check"]`).textContent({ timeout: 10_000 })).resolves.toMatch(V2_REFUSALS[0]!);

    // The reader still gets version 1's card and the bundled packs' cards; version 2's new place is nowhere.
    await article.reload();
    const person = article.locator(`article p [data-backstory-id="${PERSON_ID}"]`).first();
    await person.waitFor({ timeout: 20_000 });
    expect(await article.locator(`[data-backstory-id="${NEW_PLACE_ID}"]`).count()).toBe(0);
    await person.hover();
    const card = article.locator(`backstory-popover .card[data-entity-id="${PERSON_ID}"]`);
    await card.waitFor({ timeout: 10_000 });
    await expect(card.locator('h2').textContent()).resolves.toBe(hostilePackV1().entities[0]!.name);
    await article.mouse.move(1, 1);
    await article.keyboard.press('Escape');
    await article.locator('article p [data-backstory-id="place:kyiv-ua"]').first().hover();
    await article.locator('backstory-popover .card[data-entity-id="place:kyiv-ua"]').waitFor({ timeout: 10_000 });
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it('refuses version 2 imported by hand with the same messages, changing nothing', async () => {
    const before = await readKnowledge(options);
    const result = await importSigned(hostilePackV2(), `${PACK_ID}-v2.json`);
    await expect(result.getAttribute('data-part')).resolves.toBe('import-errors');
    const text = (await result.textContent()) ?? '';
    for (const refusal of V2_REFUSALS) expect(text).toMatch(refusal);
    expect(text.length).toBeLessThan(2_000);
    expect(await readKnowledge(options)).toEqual(before);
  });
});
