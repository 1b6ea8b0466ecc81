/**
 * End to end, page isolation (issue 9, point 3): the card as readers get it, in a closed shadow root
 * (`closedCards`), on pages that attack it: a hostile stylesheet, scripts that try to read, reach or forge
 * it, a custom element defined under its tag, listeners for the keys typed in it; and the page's own hover
 * card, tooltip and link still work. The card is read from outside the page through the DevTools protocol
 * (e2e/closed-card.ts), since neither the page nor Playwright's locators see into a closed root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { CardInspector } from './closed-card';
import { KYIV, SHOIGU, writeIsolationSite } from './isolation-pages';
import { openOptionsWhenInstalled } from './tabs';

/** What the behaviour page's own scripts record (e2e/isolation-pages.ts). */
interface Seen {
  keys: string[];
  paths: Array<{ type: string; path: string[] }>;
  ownCardShown: number;
  linkClicks: number;
}
declare const window: Window & { __seen: Seen };

/** What no page rule should change in the card: the frame, the card, its heading and its kind line. */
const CARD_PROPERTIES = [
  'display', 'position', 'visibility', 'opacity', 'font-size', 'font-family', 'font-weight', 'line-height', 'letter-spacing',
  'word-spacing', 'text-transform', 'text-align', 'direction', 'writing-mode', 'color', '-webkit-text-fill-color', 'text-shadow',
  'background-color', 'border-top-left-radius', 'max-width', 'width', 'zoom', 'transform', 'filter', 'clip-path', 'mix-blend-mode',
  'pointer-events', 'animation-name', 'content-visibility',
];
const CARD_PARTS = ['.frame', '.card', '.card h2', '[data-part="kind"]', 'dl.facts dd'];

let dir: string;
let server: DemoServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backstory-isolation-'));
  writeIsolationSite(dir);
  server = await startDemoServer(dir);
  browser = await launchWithExtension({ closedCards: true });
  const options = await openOptionsWhenInstalled(browser);
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Open a page and wait until `id` is marked (attached: a hostile page may make it look hidden to Playwright). */
async function openPage(path: string, id = KYIV, init?: string): Promise<Page> {
  const page = await browser.context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(server.url(path));
  await page.waitForSelector(`[data-backstory-id="${id}"]`, { state: 'attached', timeout: 20_000 });
  return page;
}

/** Focus the first mark of `id` (a card opens on focus, with no hover delay) and wait for its card. */
async function openCard(page: Page, inspector: CardInspector, id: string): Promise<void> {
  await page.locator(`[data-backstory-id="${id}"]`).first().focus();
  await inspector.waitFor(`.card[data-entity-id="${id}"]`);
}

/** Computed styles of the card's parts, and the top of the card as pixels (what the reader sees). */
async function cardLook(page: Page, inspector: CardInspector) {
  await inspector.host();
  const styles: Record<string, Record<string, string>> = {};
  for (const part of CARD_PARTS) {
    const node = await inspector.query(part);
    expect(node, part).toBeGreaterThan(0);
    styles[part] = await inspector.style(node, CARD_PROPERTIES);
  }
  const frame = await inspector.box(await inspector.query('.frame'));
  // The card's inside, away from its rounded corners, its shadow and its scroll bar (its height follows the room below the word).
  const pixels = await page.screenshot({ clip: { x: frame.x + 12, y: frame.y + 12, width: frame.width - 40, height: 260 } });
  return { styles, frame, pixels };
}

describe('a hostile stylesheet', () => {
  it('changes nothing in the card: styles and pixels as on a plain page', async () => {
    const looks = [];
    for (const path of ['/plain.html', '/hostile.html']) {
      const page = await openPage(path);
      const inspector = await CardInspector.attach(page);
      await openCard(page, inspector, KYIV);
      // Let the map and any animation or transition the page declares run.
      await page.waitForTimeout(400);
      looks.push({ path, page, inspector, ...(await cardLook(page, inspector)) });
    }
    const [plain, hostile] = looks as [(typeof looks)[0], (typeof looks)[0]];

    // The hostile sheet is in force on its page (80px rem base, the `*` rules)...
    const pageStyle = await hostile.page.evaluate(() => {
      const p = getComputedStyle(document.querySelector('article p')!);
      return { root: getComputedStyle(document.documentElement).fontSize, p: [p.fontSize, p.letterSpacing, p.textTransform, p.direction] };
    });
    expect(pageStyle).toEqual({ root: '80px', p: ['30px', '6px', 'uppercase', 'rtl'] });
    // ...and the card is the reader's: the design's values, the same as on the plain page, pixel for pixel.
    expect(plain.styles['.frame']).toMatchObject({
      display: 'block', position: 'fixed', visibility: 'visible', opacity: '1', 'font-size': '14px', 'letter-spacing': 'normal',
      'text-transform': 'none', direction: 'ltr', 'background-color': 'rgb(255, 255, 255)', 'border-top-left-radius': '10px', 'max-width': '360px',
    });
    expect(hostile.styles).toEqual(plain.styles);
    expect(hostile.frame.width).toBe(plain.frame.width);
    expect(hostile.pixels.equals(plain.pixels)).toBe(true);

    // Its host, which page rules do match, is not hidden, moved, shrunk or transformed.
    const host = await hostile.inspector.host();
    expect(await hostile.inspector.style(host!.hostId, ['display', 'position', 'visibility', 'opacity', 'z-index', 'transform', 'filter', 'zoom', 'clip-path', 'direction'])).toEqual({
      display: 'block', position: 'fixed', visibility: 'visible', opacity: '1', 'z-index': '2147483647', transform: 'none', filter: 'none',
      zoom: '1', 'clip-path': 'none', direction: 'ltr',
    });

    // Even !important inline styles a page script puts on the host lose to the shadow's !important rules.
    await hostile.page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-backstory-ui]')!;
      host.style.cssText = 'display: none !important; visibility: hidden !important; opacity: 0 !important; position: absolute !important; transform: scale(0) !important';
    });
    await hostile.inspector.host();
    expect((await cardLook(hostile.page, hostile.inspector)).pixels.equals(plain.pixels)).toBe(true);

    for (const { page, inspector } of looks) {
      await inspector.detach();
      await page.close();
    }
  });
});

describe('page scripts', () => {
  it('cannot reach the closed root, read the card or see inside it through events', async () => {
    const page = await openPage('/behaviour.html', SHOIGU);
    const inspector = await CardInspector.attach(page);
    await openCard(page, inspector, SHOIGU);
    const host = (await inspector.host())!;
    expect(host).toMatchObject({ tag: 'backstory-popover', mode: 'closed' });
    // A phrase of the card (read through the DevTools protocol) that the page does not contain.
    const cardText = await inspector.text(await inspector.query('.card'));
    const phrase = /Minister of Defen[cs]e of Russia/.exec(cardText)?.[0];
    expect(phrase, cardText).toBeTruthy();

    // Into the card: pin it (focus moves to the pin button), then a click on its heading.
    const pin = await inspector.box(await inspector.query('[data-part="pin"]'));
    await page.mouse.click(pin.x + pin.width / 2, pin.y + pin.height / 2);
    await inspector.waitFor('[data-part="pin"][aria-pressed="true"]');
    const heading = await inspector.box(await inspector.query('.card h2'));
    await page.mouse.click(heading.x + 2, heading.y + heading.height / 2);

    const seen = await page.evaluate((phrase) => {
      const hostElement = document.querySelector<HTMLElement>('backstory-popover')!;
      let attach = 'attached';
      try {
        hostElement.attachShadow({ mode: 'open' });
      } catch (error) {
        attach = (error as Error).name;
      }
      const html = document.documentElement;
      const center = hostElement.getBoundingClientRect();
      return {
        shadowRoot: hostElement.shadowRoot,
        attach,
        inPage: [
          html.innerText.includes(phrase),
          document.body.innerText.includes(phrase),
          html.textContent!.includes(phrase),
          html.getHTML({ serializableShadowRoots: true }).includes(phrase),
          [...document.querySelectorAll('*')].some((e) => e.shadowRoot?.textContent?.includes(phrase)),
        ],
        cardsInDocument: document.querySelectorAll('.card, .frame, h2').length,
        activeElement: document.activeElement?.localName,
        fromPoint: document.elementFromPoint(center.left, center.top)?.localName ?? null,
        paths: window.__seen.paths.filter((p) => p.path.includes('backstory-popover')),
      };
    }, phrase!);
    expect(seen.shadowRoot).toBeNull();
    expect(seen.attach).toBe('NotSupportedError');
    expect(seen.inPage).toEqual([false, false, false, false, false]);
    expect(seen.cardsInDocument).toBe(0);
    expect(seen.activeElement).toBe('backstory-popover');
    // The pointer and focus events of the clicks above reached the page retargeted to the host: no node inside.
    expect(seen.paths.map((p) => p.type)).toEqual(expect.arrayContaining(['pointerdown', 'mousedown', 'click', 'focusin']));
    for (const { path } of seen.paths) expect(path).toEqual(['backstory-popover', 'html', '#document', 'window']);

    // Controls: the card is open on screen, and the phrase checks find text the page does have.
    expect((await inspector.box(await inspector.query('.frame'))).width).toBeGreaterThan(200);
    expect(await page.evaluate(() => document.documentElement.innerText.includes('kept the pumps running'))).toBe(true);
    await inspector.detach();
    await page.close();
  });

  it('cannot forge a card: page-made or cloned marks open nothing, and a real mark keeps its own entity', async () => {
    const page = await openPage('/plain.html');
    const inspector = await CardInspector.attach(page);
    await page.evaluate((id) => {
      const paragraph = document.querySelector('article p')!;
      const forged = document.createElement('backstory-mention');
      forged.id = 'forged';
      forged.textContent = ' Vladimir Putin';
      for (const [name, value] of Object.entries({ 'data-backstory-id': 'person:vladimir-putin', 'data-backstory-kind': 'person', tabindex: '0', role: 'button' })) {
        forged.setAttribute(name, value);
      }
      const clone = document.querySelector(`[data-backstory-id="${id}"]`)!.cloneNode(true) as HTMLElement;
      clone.id = 'cloned';
      paragraph.prepend(forged, ' ', clone, ' ');
    }, KYIV);
    for (const selector of ['#forged', '#cloned']) {
      const target = page.locator(selector);
      await target.hover();
      await page.waitForTimeout(500);
      await target.click();
      await target.focus();
      await target.press('ArrowDown');
      await page.waitForTimeout(500);
      expect(await inspector.query('.card'), selector).toBe(0);
    }
    // The page relabels a real mark: its card is still the entity Backstory found there.
    await page.evaluate((id) => document.querySelector(`p [data-backstory-id="${id}"]:not(#cloned)`)!.setAttribute('data-backstory-id', 'person:vladimir-putin'), KYIV);
    await page.locator('p backstory-mention[data-backstory-id="person:vladimir-putin"]:not(#forged)').first().focus();
    await inspector.waitFor(`.card[data-entity-id="${KYIV}"]`);
    expect(await inspector.query('.card[data-entity-id="person:vladimir-putin"]')).toBe(0);
    await inspector.detach();
    await page.close();
  });

  it('that defined <backstory-popover> first cannot disable, take or read the card\'s root', async () => {
    // The page's element: no shadow root allowed, one of its own, and ElementInternals, which would
    // expose even a closed root attached to a custom element.
    const claim = `
      window.__claim = { constructed: 0, internals: [], errors: [] };
      customElements.define('backstory-popover', class extends HTMLElement {
        static disabledFeatures = ['shadow'];
        constructor() {
          super();
          __claim.constructed++;
          __claim.internals.push(this.attachInternals());
          try { this.attachShadow({ mode: 'open' }); } catch (e) { __claim.errors.push(e.name); }
        }
      });`;
    const page = await openPage('/plain.html', KYIV, claim);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const inspector = await CardInspector.attach(page);
    await openCard(page, inspector, KYIV);
    const host = (await inspector.host())!;
    // Backstory saw its tag taken and used one the page could not know in advance.
    expect(host.tag).toMatch(/^backstory-popover-\d+-\d+$/);
    expect(host.mode).toBe('closed');
    const claimed = await page.evaluate(() => {
      const claim = (window as unknown as { __claim: { constructed: number; internals: ElementInternals[]; errors: string[] } }).__claim;
      return { constructed: claim.constructed, roots: claim.internals.map((i) => i.shadowRoot), errors: claim.errors, hostRoot: document.querySelector('[data-backstory-ui]')?.shadowRoot ?? null };
    });
    expect(claimed.constructed).toBeGreaterThan(0); // the page's constructor did run on Backstory's first element
    expect(claimed.roots.every((root) => root === null)).toBe(true);
    expect(claimed.hostRoot).toBeNull();

    // Defined later, under the name it can now read from the DOM: the upgrade gets no access either.
    const later = await page.evaluate((tag) => {
      const result = { upgraded: false, root: undefined as ShadowRoot | null | undefined, attach: '' };
      customElements.define(tag, class extends HTMLElement {
        constructor() {
          super();
          result.upgraded = true;
          result.root = this.attachInternals().shadowRoot;
          try { this.attachShadow({ mode: 'open' }); } catch (e) { result.attach = (e as Error).name; }
        }
      });
      return result;
    }, host.tag);
    expect(later).toEqual({ upgraded: true, root: null, attach: 'NotSupportedError' });
    // The card still works: closed with Escape, opened again.
    await page.keyboard.press('Escape');
    await inspector.waitGone('.card');
    await openCard(page, inspector, SHOIGU);
    expect(errors).toEqual([]);
    await inspector.detach();
    await page.close();
  });
});

describe('keystrokes inside a pinned card', () => {
  it('reach none of the page\'s listeners, capture phase included; Tab and Escape still work in the card', async () => {
    const page = await openPage('/behaviour.html', SHOIGU);
    const inspector = await CardInspector.attach(page);
    await openCard(page, inspector, SHOIGU);
    const pin = await inspector.box(await inspector.query('[data-part="pin"]'));
    await page.mouse.click(pin.x + pin.width / 2, pin.y + pin.height / 2);
    await inspector.waitFor('[data-part="pin"][aria-pressed="true"]');
    await page.evaluate(() => (window.__seen.keys = []));

    // The pin has focus; Tab moves it on inside the card (the browser's own action still happens).
    expect(await inspector.query('[data-part="pin"]:focus')).toBeGreaterThan(0);
    await page.keyboard.press('Tab');
    expect(await inspector.query('[data-part="pin"]:focus')).toBe(0);
    expect(await inspector.query(':focus')).toBeGreaterThan(0);
    for (const key of ['j', 'k', '/', 'ArrowDown', 'Shift+Tab', 'Control+c']) await page.keyboard.press(key);
    // Not even the page's capture listener on the window, which runs before anything registered after it.
    expect(await page.evaluate(() => window.__seen.keys)).toEqual([]);
    expect(await inspector.query('[data-part="pin"]:focus')).toBeGreaterThan(0);
    expect(await inspector.query('.card[data-entity-id="person:sergei-shoigu"]')).toBeGreaterThan(0);

    // Escape, handled inside the card, closes it; focus is back on the mark, whose keys the page hears again.
    await page.keyboard.press('Escape');
    await inspector.waitGone('.card');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-backstory-id'))).toBe(SHOIGU);
    await page.evaluate(() => (window.__seen.keys = []));
    await page.keyboard.press('j');
    expect(await page.evaluate(() => window.__seen.keys)).toEqual(
      expect.arrayContaining(['window:capture:keydown:j', 'body:bubble:keydown:j', 'window:bubble:keyup:j']),
    );
    await inspector.detach();
    await page.close();
  });
});

describe('the page\'s own behaviour', () => {
  it('keeps its hover card, its title tooltip and its link around a marked name', async () => {
    const page = await openPage('/behaviour.html', SHOIGU);
    const inspector = await CardInspector.attach(page);
    const mark = page.locator(`#own-link backstory-mention[data-backstory-id="${KYIV}"]`);
    await mark.waitFor({ state: 'attached' });
    expect(
      await mark.evaluate((element) => ({
        title: element.closest('a')!.getAttribute('title'),
        ownTitle: element.getAttribute('title'),
        tooltipFrom: element.closest('[title]')?.id,
      })),
    ).toEqual({ title: "The Ledger's guide to the capital", ownTitle: null, tooltipFrom: 'own-link' });

    // Hovering the name shows the page's card and Backstory's, both.
    await mark.hover();
    await inspector.waitFor(`.card[data-entity-id="${KYIV}"]`);
    expect(await page.locator('#own-card').isVisible()).toBe(true);
    expect(await page.evaluate(() => window.__seen.ownCardShown)).toBeGreaterThan(0);

    // Clicking it follows the link.
    await Promise.all([page.waitForURL(server.url('/elsewhere.html')), mark.click()]);
    expect(await page.locator('h1').textContent()).toBe('Placeholder page');
    await inspector.detach();
    await page.close();
  });
});
