/**
 * Section "page-annotation": Backstory marking generated news articles of 1k, 10k and 50k words (inside the
 * chrome of a news site, `article-pages.ts`) in Chromium with the built extension (`.output/chrome-mv3`, or
 * BACKSTORY_EXTENSION_DIR), side by side with the same page in the same Chromium without the extension
 * (the peer), load after load in the same run.
 *
 * Per load, from the browser itself:
 * - a DevTools trace (main-thread tasks and the V8 sampling profiler on one clock): the content script's
 *   main-thread time (CPU samples whose stack holds a frame of `chrome-extension://<id>/…`, so the DOM and
 *   style calls it makes count as its own), the longest task it ran in, and the page's main-thread busy time;
 * - inside the page (an init script): DOMContentLoaded, the first and the last frame with a new highlight
 *   (requestAnimationFrame over a live collection of the marks), the layout shifts (CLS);
 * - after two full collections, the page's JS heap (Runtime.getHeapUsage: the page's and the content
 *   script's worlds share the isolate) and its DOM nodes.
 * A load is over when the content script says its scan is done (`pageSummary`) and no mark was added for a
 * second. (The content script's size is the bundle section's.)
 */
import type { BrowserContext, Page } from 'playwright-core';
import { ARTICLE_WORDS } from './article-pages';
import {
  heapAfterGc,
  INSTRUMENTS,
  launchExtension,
  launchPlain,
  pageSummary,
  readInstruments,
  servePages,
  startTrace,
  stopTrace,
  summariseTrace,
  waitForQuiet,
  type BenchExtension,
  type HeapFigures,
  type PageInstruments,
  type PlainBrowser,
  type TraceSummary,
} from './chromium';
import { formatNumber, median, row } from './stats';
import type { BenchContext, BenchRow, BenchSection } from './types';

/** Budgets of issue 8. */
const MAIN_THREAD_BUDGET_MS = 20;
const LONG_TASK_MS = 50;
const HEAP_BUDGET_MB = 3;
/** A task counts as the content script's when the script ran in it for at least this long (ms). */
const SCRIPT_IN_TASK_MS = 1;
/** A load is over this long after the last new mark. */
const QUIET_MS = 1_000;

interface Load {
  instruments: PageInstruments;
  trace: TraceSummary;
  heap: HeapFigures;
}

async function load(context: BrowserContext, url: string, scriptPrefix: string, done: (page: Page) => Promise<void>, windowMs?: (i: PageInstruments) => number): Promise<Load> {
  const page = await context.newPage();
  try {
    await page.addInitScript(INSTRUMENTS);
    const cdp = await context.newCDPSession(page);
    await startTrace(cdp);
    await page.goto(url, { waitUntil: 'load' });
    await done(page);
    await waitForQuiet(page, QUIET_MS);
    const instruments = await readInstruments(page);
    const events = await stopTrace(cdp);
    const trace = summariseTrace(events, url, scriptPrefix, windowMs?.(instruments));
    const heap = await heapAfterGc(cdp);
    await cdp.detach();
    return { instruments, trace, heap };
  } finally {
    await page.close();
  }
}

/** Busy time is counted from the navigation to half a second after the last highlight. */
const untilLastHighlight = (i: PageInstruments) => (i.lastMark ?? i.dcl) + 500;

/** The page with Backstory: over when the scan is done and the marks stop coming. */
const withBackstory = (extension: BenchExtension, url: string) =>
  load(
    extension.browser.context,
    url,
    `chrome-extension://${extension.browser.extensionId}/`,
    async (page) => {
      await pageSummary(extension, page);
    },
    untilLastHighlight,
  );

/** The same page without the extension, its busy time counted over the same window as the Backstory load's. */
const withoutExtension = (plain: PlainBrowser, url: string, windowMs: number) =>
  load(plain.context, url, 'chrome-extension://', async () => undefined, () => windowMs);

/** The longest task the content script ran in (for at least SCRIPT_IN_TASK_MS), and the script's time in it. */
function longestScriptTask(trace: TraceSummary): { duration: number; scriptMs: number } {
  const tasks = trace.tasks.filter((t) => t.scriptMs >= SCRIPT_IN_TASK_MS);
  return tasks.reduce((a, t) => (t.duration > a.duration ? t : a), { duration: 0, scriptMs: 0 });
}

const mb = (bytes: number) => bytes / 1e6;

export const pageAnnotation: BenchSection = {
  id: 'page-annotation',
  title: 'Page annotation in Chromium: generated articles in a news page, with Backstory vs without the extension',
  async run(context: BenchContext) {
    const sizes: readonly number[] = context.quick ? [1_000, 10_000] : ARTICLE_WORDS;
    const runs = context.quick ? 1 : 5;
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const problems: string[] = [];

    const pages = await servePages(sizes);
    const extension = await launchExtension();
    const plain = await launchPlain();
    const loads = new Map<number, Array<{ with: Load; without: Load }>>(sizes.map((s) => [s, []]));
    try {
      context.log(`warming up (one load of each page in each browser)`);
      for (const size of sizes) {
        await withBackstory(extension, pages.url(size));
        await withoutExtension(plain, pages.url(size), 5_000);
      }
      for (let r = 0; r < runs; r++) {
        for (const size of sizes) {
          context.log(`run ${r + 1}/${runs}: ${size.toLocaleString('en')} words`);
          const backstory = await withBackstory(extension, pages.url(size));
          const windowMs = untilLastHighlight(backstory.instruments);
          const peer = await withoutExtension(plain, pages.url(size), windowMs);
          loads.get(size)!.push({ with: backstory, without: peer });
          if (backstory.instruments.marks === 0) problems.push(`no marks on the ${size}-word page (run ${r + 1})`);
        }
      }
    } finally {
      await extension.browser.close();
      await plain.close();
      await pages.close();
    }

    for (const size of sizes) {
      const pairs = loads.get(size)!;
      const label = `${size / 1000}k words`;
      const key = `${size / 1000}k`;
      const is10k = size === 10_000;
      const scriptMs = pairs.map((p) => p.with.trace.scriptMs);
      const longest = pairs.map((p) => longestScriptTask(p.with.trace));
      const first = pairs.map((p) => (p.with.instruments.firstMark ?? NaN) - p.with.instruments.dcl);
      const last = pairs.map((p) => (p.with.instruments.lastMark ?? NaN) - p.with.instruments.dcl);
      const cls = pairs.map((p) => p.with.instruments.cls);
      const peerCls = pairs.map((p) => p.without.instruments.cls);
      const busy = pairs.map((p) => p.with.trace.busyMs);
      const peerBusy = pairs.map((p) => p.without.trace.busyMs);
      const heap = pairs.map((p) => mb(p.with.heap.jsBytes - p.without.heap.jsBytes));
      const dom = pairs.map((p) => mb((p.with.heap.embedderBytes ?? NaN) - (p.without.heap.embedderBytes ?? NaN)));
      const nodes = pairs.map((p) => p.with.heap.nodes - p.without.heap.nodes);
      const marks = median(pairs.map((p) => p.with.instruments.marks));
      const longTasks = pairs.map((p) => p.with.instruments.longTasks.filter(([, d]) => d > LONG_TASK_MS).length);
      const peerLongTasks = pairs.map((p) => p.without.instruments.longTasks.filter(([, d]) => d > LONG_TASK_MS).length);

      rows.push(
        row({
          id: `page.main-thread.${key}`,
          name: `${label}: content-script main-thread time`,
          unit: 'ms',
          samples: scriptMs,
          ...(is10k ? { budget: { text: `≤ ${MAIN_THREAD_BUDGET_MS} ms`, met: median(scriptMs) <= MAIN_THREAD_BUDGET_MS } } : {}),
          note: `${marks.toLocaleString('en')} marks (entities and figures); ${pages.pageWords(size).toLocaleString('en')} words on the page in all`,
        }),
        row({
          id: `page.longest-task.${key}`,
          name: `${label}: longest task the content script ran in`,
          unit: 'ms',
          samples: longest.map((l) => l.duration),
          ...(size >= 10_000 ? { budget: { text: `≤ ${LONG_TASK_MS} ms`, met: median(longest.map((l) => l.duration)) <= LONG_TASK_MS } } : {}),
          note: `the script's own time in that task: ${formatNumber(median(longest.map((l) => l.scriptMs)))} ms (median); page long tasks (> 50 ms) per load: ${median(longTasks)} with Backstory, ${median(peerLongTasks)} without`,
        }),
        row({
          id: `page.script-per-task.${key}`,
          name: `${label}: most content-script time in one task`,
          unit: 'ms',
          samples: pairs.map((p) => Math.max(0, ...p.with.trace.tasks.map((t) => t.scriptMs))),
          note: 'the part of a task the content script controls (CPU samples): wall-clock task lengths also count what else ran in the task and, on a busy machine, the time the thread waited for a core',
        }),
        row({
          id: `page.dcl-first-highlight.${key}`,
          name: `${label}: DOMContentLoaded → first highlight on screen`,
          unit: 'ms',
          samples: first,
          note: `the content script starts ${formatNumber(median(pairs.map((p) => p.with.trace.scriptStart - p.with.instruments.dcl)))} ms after DOMContentLoaded (document_idle)`,
        }),
        row({
          id: `page.dcl-last-highlight.${key}`,
          name: `${label}: DOMContentLoaded → last highlight on screen`,
          unit: 'ms',
          samples: last,
        }),
        row({
          id: `page.worker.${key}`,
          name: `${label}: service-worker main-thread time during the load (annotate: matcher, resolver, figures, summaries)`,
          unit: 'ms',
          samples: pairs.map((p) => p.with.trace.workerBusyMs),
          note: `its longest task: ${formatNumber(median(pairs.map((p) => p.with.trace.workerLongestMs)))} ms (median)`,
        }),
        row({
          id: `page.cls.${key}`,
          name: `${label}: cumulative layout shift`,
          unit: 'CLS',
          samples: cls,
          peer: { name: 'without the extension', samples: cls.map((c, i) => (c === peerCls[i] ? 1 : c === 0 ? Infinity : (peerCls[i] ?? 0) / c)), values: peerCls },
          budget: { text: '0', met: median(cls) === 0 },
          note: `largest in a run: ${formatNumber(Math.max(...cls))} with Backstory, ${formatNumber(Math.max(...peerCls))} without (the page alone shifts by a hair now and then)`,
        }),
        row({
          id: `page.busy.${key}`,
          name: `${label}: page main-thread busy time until the last highlight`,
          unit: 'ms',
          samples: busy,
          peer: { name: 'without the extension', samples: busy.map((b, i) => peerBusy[i]! / b), values: peerBusy },
          note: 'every main-thread task (parse, style, layout, paint, scripts) from navigation to the last highlight + 0.5 s, in both browsers',
        }),
        row({
          id: `page.added-heap.${key}`,
          name: `${label}: added JS heap of the page (with − without the extension)`,
          unit: 'MB',
          samples: heap,
          budget: { text: `≤ ${HEAP_BUDGET_MB} MB`, met: median(heap) <= HEAP_BUDGET_MB },
          note: `after two full collections; the page alone: ${formatNumber(median(pairs.map((p) => mb(p.without.heap.jsBytes))))} MB; added DOM (Blink's heap): ${formatNumber(median(dom))} MB, ${median(nodes).toLocaleString('en')} nodes`,
        }),
      );
    }
    notes.push(
      `Page annotation: ${runs} load(s) of each page in each browser after one warm-up load, alternating; Chromium headless (new), 1280×900, the bundled packs installed, default settings. ` +
        'Times come from a DevTools trace with the V8 sampling profiler on (≈ 0.2 ms samples), which slows the page down somewhat; the highlight times from requestAnimationFrame inside the page.',
    );
    return { rows, notes, problems };
  },
};
