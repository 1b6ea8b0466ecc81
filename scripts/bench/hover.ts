/**
 * Section "hover": how long a reader waits for a card, from the pointer resting on a mention to the card
 * painted, in Chromium with the built extension on the generated 10,000-word article (`article-pages.ts`).
 *
 * The hover intent delay is set to 0 (the `hoverDelayMs` setting), so what is measured is Backstory's own
 * latency on top of the delay the reader configured. Each hover: the pointer rests in the page's margin,
 * then moves onto a mention in one step (no sweep, so the speed check lets the card open at once). Inside the
 * page (an init script in the page's world): `performance.now()` in a capture `pointerover` listener on the
 * window; a MutationObserver on the popover's shadow root (open: `launchWithExtension` turns the
 * `inspectableCards` setting on, as for the e2e tests; readers get a closed one) notes when the card of that entity
 * (`.card[data-entity-id]`, not the loading status) is in the DOM, then a requestAnimationFrame and a
 * message posted from it mark the end of the frame that paints it.
 *
 * - warm: the service worker is running; each hover is a different entity (cards are cached per page), so
 *   each asks the background;
 * - cold: before each hover the service worker is stopped as Chromium stops an idle one (DevTools
 *   Target.closeTarget, as the e2e tests do), so the card request starts it again;
 * - cached: an entity whose card this page already fetched (no request): the content script's own floor.
 */
import type { Page } from 'playwright-core';
import { serviceWorkerTarget, stopServiceWorker } from '../../e2e/pack-publishing';
import { launchExtension, servePages, setSettings, type BenchExtension } from './chromium';
import { formatNumber, row } from './stats';
import type { BenchContext, BenchRow, BenchSection } from './types';

const WARM_BUDGET_MS = 16;
const COLD_BUDGET_MS = 150;
const WORDS = 10_000;

/** The init script: when the pointer came onto a mark, when its card was in the DOM and when it was painted. */
const HOVER_INSTRUMENTS = `(() => {
  const state = { start: null, id: null, dom: null, painted: null };
  Object.defineProperty(window, '__backstoryHover', { value: state });
  addEventListener('pointerover', (event) => {
    const mark = event.target && event.target.closest ? event.target.closest('backstory-mention[data-backstory-id]') : null;
    if (!mark || state.start !== null) return;
    state.start = performance.now();
    state.id = mark.getAttribute('data-backstory-id');
  }, { capture: true });
  let observed = null;
  const check = () => {
    const host = document.querySelector('backstory-popover');
    const root = host ? host.shadowRoot : null;
    if (root && root !== observed) {
      observed = root;
      new MutationObserver(check).observe(root, { childList: true, subtree: true });
    }
    if (!root || state.start === null || state.dom !== null) return;
    if (!root.querySelector('.card[data-entity-id="' + CSS.escape(state.id) + '"]')) return;
    state.dom = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { state.painted = performance.now(); };
      channel.port2.postMessage(null);
    });
  };
  // The popover's host is appended to <html>: watch its children (not the whole tree) once it exists.
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(check).observe(document.documentElement, { childList: true });
    check();
  }, { once: true });
})();`;

interface HoverState {
  start: number | null;
  id: string | null;
  dom: number | null;
  painted: number | null;
}

interface Hover {
  /** pointer on the mark → card in the DOM (ms) */
  dom: number;
  /** pointer on the mark → the end of the frame that paints it (ms) */
  painted: number;
}

async function openArticle(extension: BenchExtension, url: string): Promise<Page> {
  const page = await extension.browser.context.newPage();
  await page.addInitScript(HOVER_INSTRUMENTS);
  await page.goto(url);
  await page.waitForSelector('article p backstory-mention[data-backstory-id]', { timeout: 60_000 });
  // Let the scan finish: the count of marks stops changing.
  let last = -1;
  for (;;) {
    await page.waitForTimeout(700);
    const count = await page.locator('backstory-mention').count();
    if (count === last) break;
    last = count;
  }
  return page;
}

/** Distinct entity ids marked in the article's paragraphs, in document order. */
async function articleEntities(page: Page, count: number): Promise<string[]> {
  const ids = await page.$$eval('article p backstory-mention[data-backstory-id]:not([data-backstory-continuation])', (marks) => [
    ...new Set(marks.map((m) => m.getAttribute('data-backstory-id')!)),
  ]);
  if (ids.length < count) throw new Error(`only ${ids.length} distinct entities on the page, ${count} wanted`);
  return ids.slice(0, count);
}

const readState = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { __backstoryHover: HoverState }).__backstoryHover }));

async function hoverOnce(page: Page, id: string): Promise<Hover> {
  const mark = page.locator(`article p backstory-mention[data-backstory-id="${id}"]:not([data-backstory-continuation])`).first();
  await mark.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const box = await mark.evaluate((element) => {
    const rect = element.getClientRects()[0]!;
    return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
  });
  const y = box.y + box.height / 2;
  // Rest in the page's margin (no text there), long enough for the pointer-speed window to empty.
  await page.mouse.move(4, y);
  await page.waitForTimeout(200);
  await page.evaluate(() => {
    const state = (window as unknown as { __backstoryHover: HoverState }).__backstoryHover;
    state.start = state.id = state.dom = state.painted = null;
  });
  await page.mouse.move(box.x + Math.min(box.width / 2, 12), y);
  await page.waitForFunction(() => (window as unknown as { __backstoryHover: HoverState }).__backstoryHover.painted !== null, undefined, {
    timeout: 15_000,
    polling: 20,
  });
  const state = await readState(page);
  if (state.id !== id) throw new Error(`hovered ${state.id}, wanted ${id}`);
  // Close the card: away from the word, then Escape.
  await page.mouse.move(4, y);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('backstory-popover')?.shadowRoot?.querySelector('.card'), undefined, { timeout: 5_000 });
  return { dom: state.dom! - state.start!, painted: state.painted! - state.start! };
}

async function waitStopped(extension: BenchExtension, page: Page): Promise<void> {
  const cdp = await extension.browser.context.newCDPSession(page);
  try {
    for (let i = 0; i < 50; i++) {
      if (!(await serviceWorkerTarget(cdp, extension.browser.extensionId))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the service worker did not stop');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const hoverLatency: BenchSection = {
  id: 'hover',
  title: 'Hover latency in Chromium: pointer resting on a mention → its card painted (hover delay set to 0)',
  async run(context: BenchContext) {
    const hovers = context.quick ? 10 : 40;
    const runs = context.quick ? 1 : 2;
    const cached = Math.max(5, Math.round(hovers / 3));
    const series = { warm: [] as Hover[][], cold: [] as Hover[][], cached: [] as Hover[][] };
    const pages = await servePages([WORDS]);
    const extension = await launchExtension();
    try {
      await setSettings(extension, { hoverDelayMs: 0 });
      for (let r = 0; r < runs; r++) {
        context.log(`run ${r + 1}/${runs}: ${hovers} warm hovers, ${cached} cached`);
        let page = await openArticle(extension, pages.url(WORDS));
        const ids = await articleEntities(page, hovers);
        const warm: Hover[] = [];
        for (const id of ids) warm.push(await hoverOnce(page, id));
        const again: Hover[] = [];
        for (const id of ids.slice(0, cached)) again.push(await hoverOnce(page, id));
        await page.close();

        context.log(`run ${r + 1}/${runs}: ${hovers} cold hovers`);
        page = await openArticle(extension, pages.url(WORDS));
        const cold: Hover[] = [];
        for (const id of ids) {
          if (!(await stopServiceWorker(extension.browser.context, page, extension.browser.extensionId))) throw new Error('no service worker to stop');
          await waitStopped(extension, page);
          cold.push(await hoverOnce(page, id));
        }
        await page.close();
        series.warm.push(warm);
        series.cold.push(cold);
        series.cached.push(again);
      }
    } finally {
      await extension.browser.close();
      await pages.close();
    }

    const rows: BenchRow[] = [];
    const stat = (runs: Hover[][], p: number, what: keyof Hover) => runs.map((hovers) => percentile(hovers.map((h) => h[what]), p));
    const add = (kind: 'warm' | 'cold' | 'cached', label: string, budget?: number) => {
      for (const p of [50, 95]) {
        const samples = stat(series[kind], p, 'painted');
        rows.push(
          row({
            id: `hover.${kind}.p${p}`,
            name: `hover → card painted, ${label}: p${p}`,
            unit: 'ms',
            samples,
            ...(budget !== undefined && p === 95 ? { budget: { text: `≤ ${budget} ms`, met: Math.max(...samples) <= budget } } : {}),
            note: `card in the DOM: p${p} ${formatNumber(Math.max(...stat(series[kind], p, 'dom')))} ms (worst run); ${series[kind][0]?.length ?? 0} hovers a run`,
          }),
        );
      }
    };
    add('warm', 'warm service worker', WARM_BUDGET_MS);
    add('cold', 'service worker stopped before each hover', COLD_BUDGET_MS);
    add('cached', 'card already fetched on this page');
    return {
      rows,
      notes: [
        `Hover: ${runs} run(s) of ${hovers} hovers over distinct entities of the ${WORDS.toLocaleString('en')}-word article, each series on a freshly loaded page; budgets are met when every run's p95 is. ` +
          '"Painted" is the end of the first frame after the card is in the DOM (requestAnimationFrame, then a posted message), so it includes the wait for that frame (up to 16.7 ms at 60 Hz).',
      ],
    };
  },
};
