/**
 * What the Chromium sections (page annotation, hover latency) share: the built extension in Debian's
 * Chromium next to a plain Chromium without it (the peer), the generated article pages served from
 * 127.0.0.1, the extension's settings, a DevTools trace of a page load read back as tasks and CPU
 * samples, and the page's heap. Everything is read from the browser (the Performance API inside the
 * page, the DevTools protocol outside), not from wall clocks around it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { chromiumPath, launchWithExtension, type ExtensionBrowser } from '../../e2e/browser';
import { startDemoServer, type DemoServer } from '../../e2e/server';
import { tabIdOf } from '../../e2e/tabs';
import { articlePage } from './article-pages';

/** The extension API inside extension pages, as page.evaluate uses it there. */
declare const chrome: {
  storage: { sync: { set(items: object): Promise<void> } };
  tabs: { sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown> };
};

// ---------------------------------------------------------------------------------------------
// Pages

export interface ServedPages {
  server: DemoServer;
  /** The URL of the generated article of `words` words. */
  url(words: number): string;
  /** Words of the whole page's running text (article, teasers, comments, footer). */
  pageWords(words: number): number;
  close(): Promise<void>;
}

/** Generate the article pages of these sizes into out/bench/pages/ and serve them on 127.0.0.1. */
export async function servePages(sizes: readonly number[]): Promise<ServedPages> {
  const root = resolve('out/bench/pages');
  mkdirSync(root, { recursive: true });
  const words = new Map<number, number>();
  for (const size of sizes) {
    const page = articlePage(size);
    writeFileSync(join(root, `article-${size}.html`), page.html);
    words.set(size, page.pageWords);
  }
  const server = await startDemoServer(root);
  return {
    server,
    url: (size) => server.url(`/article-${size}.html`),
    pageWords: (size) => words.get(size) ?? NaN,
    close: () => server.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Browsers

export interface PlainBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** The peer: the same Chromium with the same flags and window, without the extension. */
export async function launchPlain(): Promise<PlainBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'backstory-plain-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: false,
    viewport: { width: 1280, height: 900 },
    args: ['--headless=new', '--no-sandbox', '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface BenchExtension {
  browser: ExtensionBrowser;
  /** The options page, kept open: settings are written and tabs are asked from it. */
  extensionPage: Page;
  /** `chrome-extension://<id>/content-scripts/content.js`. */
  contentScriptUrl: string;
}

/** The built extension, with the bundled packs installed (the options page lists them). */
export async function launchExtension(): Promise<BenchExtension> {
  const browser = await launchWithExtension();
  const extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await extensionPage.locator('[data-pack-id="world.gazetteer"]').waitFor({ timeout: 120_000 });
  await extensionPage.locator('[data-pack-id="war.russia-ukraine"]').waitFor({ timeout: 120_000 });
  return { browser, extensionPage, contentScriptUrl: `chrome-extension://${browser.extensionId}/content-scripts/content.js` };
}

/** Write settings as the options page does (utils/settings.ts: `sync:<key>` items). */
export async function setSettings(extension: BenchExtension, values: Record<string, unknown>): Promise<void> {
  await extension.extensionPage.evaluate((items) => chrome.storage.sync.set(items), values);
}

/** Ask the content script of `page` for its summary: answers once its scan is done. */
export async function pageSummary(extension: BenchExtension, page: Page): Promise<{ scanned: boolean; entities: unknown[] }> {
  const tabId = await tabIdOf(extension.extensionPage, page);
  const reply = (await extension.extensionPage.evaluate(
    (id) => chrome.tabs.sendMessage(id, { backstory: 1, type: 'pageSummary', payload: {} }, { frameId: 0 }),
    tabId,
  )) as { ok: boolean; value?: { scanned: boolean; entities: unknown[] }; error?: string };
  if (!reply?.ok || !reply.value) throw new Error(`pageSummary: ${reply?.error ?? 'no answer'}`);
  return reply.value;
}

// ---------------------------------------------------------------------------------------------
// Instrumentation inside the page (added at document start with page.addInitScript)

/** What the init script records, read back with `readInstruments`. */
export interface PageInstruments {
  /** performance.now() of DOMContentLoaded (its start, from the navigation timing entry). */
  dcl: number;
  /** Backstory mark elements on the page at the last frame, and the frames (performance.now()) in which the first
   * appeared and in which the count last changed. */
  marks: number;
  firstMark: number | null;
  lastMark: number | null;
  /** Layout shifts without recent input, summed (the page's CLS over the whole load). */
  cls: number;
  /** Long tasks the page saw (PerformanceObserver 'longtask'): [start, duration]. */
  longTasks: Array<[number, number]>;
}

/**
 * The init script (page.addInitScript, at document start, in the page's world): layout shifts and long
 * tasks from buffered PerformanceObservers, and from DOMContentLoaded on (the content script runs after it,
 * at document_idle) a requestAnimationFrame loop that counts the `<backstory-mention>` elements through a
 * live collection: the first frame that has one is the first highlight on screen, the frame in which the
 * count last changed the last. It reads one cached length per frame: no MutationObserver, which would make
 * every DOM insertion of the content script queue a record and so slow down what is measured.
 */
export const INSTRUMENTS = `(() => {
  const state = { dcl: 0, marks: 0, firstMark: null, lastMark: null, cls: 0, longTasks: [] };
  Object.defineProperty(window, '__backstoryBench', { value: state });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) state.cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  document.addEventListener('DOMContentLoaded', () => {
    state.dcl = performance.now();
    const marks = document.getElementsByTagName('backstory-mention');
    const frame = () => {
      const count = marks.length;
      if (count !== state.marks) {
        const t = performance.now();
        if (state.firstMark === null) state.firstMark = t;
        state.lastMark = t;
        state.marks = count;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, { once: true, capture: true });
})();`;

export async function readInstruments(page: Page): Promise<PageInstruments> {
  return page.evaluate(() => {
    const state = (window as unknown as { __backstoryBench: PageInstruments }).__backstoryBench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { ...state, dcl: nav?.domContentLoadedEventStart ?? state.dcl, longTasks: [...state.longTasks] };
  });
}

/** Wait until the count of marks has not changed for `quietMs` (measured inside the page). */
export async function waitForQuiet(page: Page, quietMs: number, timeoutMs = 180_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const quiet = await page.evaluate(() => {
      const state = (window as unknown as { __backstoryBench: PageInstruments }).__backstoryBench;
      return performance.now() - (state.lastMark ?? state.dcl ?? 0);
    });
    if (quiet >= quietMs) return;
    if (Date.now() - started > timeoutMs) throw new Error('marks kept coming');
    await new Promise((r) => setTimeout(r, Math.max(50, quietMs - quiet)));
  }
}

// ---------------------------------------------------------------------------------------------
// DevTools trace

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Trace categories: the main thread's tasks (toplevel, devtools.timeline) and the V8 sampling profiler
 * inside the trace, on the same clock, so each CPU sample can be put in its task and attributed to a script.
 */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'loading',
  'blink.user_timing',
];

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] },
  } as never);
}

export async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const done = new Promise<string>((resolveStream) =>
    cdp.once('Tracing.tracingComplete' as never, ((event: { stream: string }) => resolveStream(event.stream)) as never),
  );
  await cdp.send('Tracing.end');
  const stream = await done;
  const chunks: string[] = [];
  for (;;) {
    const { data, eof, base64Encoded } = (await cdp.send('IO.read', { handle: stream, size: 4 << 20 })) as { data: string; eof: boolean; base64Encoded?: boolean };
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const text = chunks.join('');
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** One top-level task of the page's main thread, with the CPU time the sampled scripts spent in it. */
export interface MainTask {
  start: number;
  /** ms */
  duration: number;
  /** ms of CPU samples inside the task whose stack holds a frame of the watched script. */
  scriptMs: number;
}

export interface TraceSummary {
  /** Every top-level task of the page's main thread, from navigation on (within the window), in order. */
  tasks: MainTask[];
  /** Sum of the samples whose stack holds a frame of the watched script, and of its compiles (ms). */
  scriptMs: number;
  /** When the watched script was first evaluated, in ms from the navigation (NaN when it never was). */
  scriptStart: number;
  /** The extension's service worker thread: the sum of its tasks in the window and the longest (ms). */
  workerBusyMs: number;
  workerLongestMs: number;
  /** Sum of all top-level task durations (ms). */
  busyMs: number;
  /** The sampling interval seen (ms, median of the deltas). */
  sampleIntervalMs: number;
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName?: string };
}

/**
 * The page's main thread in a trace: the renderer process that parsed `pageUrl`, its CrRendererMain
 * thread; its top-level tasks; and its CPU samples, attributed to `scriptPrefix` when any frame of the
 * sample's stack has a URL starting with it (so Blink work a script calls, such as a DOM insertion or a
 * style read, counts as the script's). Tasks are those that start within `windowMs` of the navigation.
 */
export function summariseTrace(events: TraceEvent[], pageUrl: string, scriptPrefix: string, windowMs = Infinity): TraceSummary {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === pageUrl);
  if (!parse) throw new Error(`no ParseHTML of ${pageUrl} in the trace`);
  const { pid, tid } = parse;
  const starts = events.filter((e) => e.pid === pid && e.name === 'navigationStart');
  const navigationStart = (starts.find((e) => e.args?.data?.documentLoaderURL === pageUrl) ?? starts[0])?.ts ?? parse.ts;

  // Top-level tasks: the outermost RunTask events of the main thread.
  const raw = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && TASK_NAMES.has(e.name) && e.ts >= navigationStart && e.ts < navigationStart + windowMs * 1000)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const outer: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of raw) {
    if (e.ts < end) continue;
    outer.push(e);
    end = e.ts + (e.dur ?? 0);
  }

  // CPU profile chunks of the main thread (the profile whose Profile event is on it).
  const profileIds = new Set(events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id));
  const nodes = new Map<number, ProfileNode>();
  const samples: Array<{ ts: number; node: number }> = [];
  const deltas: number[] = [];
  for (const id of profileIds) {
    const start = events.find((e) => e.name === 'Profile' && e.id === id)?.args?.data?.startTime as number;
    let ts = start;
    for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === id && e.pid === pid)) {
      const data = chunk.args?.data ?? {};
      for (const node of (data.cpuProfile?.nodes ?? []) as ProfileNode[]) nodes.set(node.id, node);
      const ids = (data.cpuProfile?.samples ?? []) as number[];
      const timeDeltas = (data.timeDeltas ?? []) as number[];
      ids.forEach((node, i) => {
        ts += timeDeltas[i] ?? 0;
        deltas.push(timeDeltas[i] ?? 0);
        samples.push({ ts, node });
      });
    }
  }
  samples.sort((a, b) => a.ts - b.ts);
  const inScript = new Map<number, boolean>();
  const attributed = (id: number): boolean => {
    const known = inScript.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    const value = !!node && ((node.callFrame.url ?? '').startsWith(scriptPrefix) || (node.parent !== undefined && attributed(node.parent)));
    inScript.set(id, value);
    return value;
  };
  // A sample stands for the time until the next one (as DevTools counts it), at most two intervals: the
  // profiler does not sample an idle thread, nor one the system has descheduled (a busy machine), so a
  // longer gap is idle or waiting time, not the script's.
  const sortedDeltas = deltas.filter((d) => d > 0).sort((a, b) => a - b);
  const interval = sortedDeltas[sortedDeltas.length >> 1] ?? 0;
  const cap = Math.max(100, 2 * interval);
  const tasks: MainTask[] = outer.map((e) => ({ start: e.ts, duration: (e.dur ?? 0) / 1000, scriptMs: 0 }));
  let t = 0;
  let scriptUs = 0;
  for (let i = 0; i + 1 < samples.length; i++) {
    const s = samples[i]!;
    if (!attributed(s.node)) continue;
    const span = Math.min(samples[i + 1]!.ts - s.ts, cap);
    scriptUs += span;
    while (t < tasks.length && tasks[t]!.start + tasks[t]!.duration * 1000 <= s.ts) t++;
    const task = tasks[t];
    if (task && task.start <= s.ts) task.scriptMs += Math.min(span, task.start + task.duration * 1000 - s.ts) / 1000;
  }
  // The script's compiles (before it runs, no frame of it is on the stack: the samples say "(program)").
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid || e.name !== 'v8.compile' || !String(e.args?.data?.url ?? '').startsWith(scriptPrefix)) continue;
    const dur = e.dur ?? 0;
    scriptUs += dur;
    const task = tasks.find((t) => t.start <= e.ts && e.ts < t.start + t.duration * 1000);
    if (task) task.scriptMs += dur / 1000;
  }
  const evaluation = events.find((e) => e.pid === pid && e.tid === tid && e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').startsWith(scriptPrefix));
  // The extension's service worker: a "ServiceWorker thread" of another process.
  const worker = events.find((e) => e.name === 'thread_name' && e.args?.name === 'ServiceWorker thread' && e.pid !== pid);
  const windowEnd = navigationStart + windowMs * 1000;
  const workerTasks = worker
    ? events.filter((e) => e.pid === worker.pid && e.tid === worker.tid && e.ph === 'X' && TASK_NAMES.has(e.name) && e.ts >= navigationStart && e.ts < windowEnd)
    : [];
  const workerOuter: TraceEvent[] = [];
  let workerEnd = -Infinity;
  for (const e of workerTasks.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    if (e.ts < workerEnd) continue;
    workerOuter.push(e);
    workerEnd = e.ts + (e.dur ?? 0);
  }
  return {
    tasks,
    scriptMs: scriptUs / 1000,
    scriptStart: evaluation ? (evaluation.ts - navigationStart) / 1000 : NaN,
    workerBusyMs: workerOuter.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000,
    workerLongestMs: workerOuter.reduce((max, e) => Math.max(max, e.dur ?? 0), 0) / 1000,
    busyMs: tasks.reduce((sum, task) => sum + task.duration, 0),
    sampleIntervalMs: interval / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Heap

export interface HeapFigures {
  /** V8's used JS heap of the page's isolate (every world: the page's and the content script's). */
  jsBytes: number;
  /** Blink's own objects (DOM nodes...) on the embedder heap, when Chromium reports it. */
  embedderBytes: number | undefined;
  /** DOM nodes alive (Performance.getMetrics). */
  nodes: number;
}

/** The page's heap after two full collections. */
export async function heapAfterGc(cdp: CDPSession): Promise<HeapFigures> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  await cdp.send('Performance.enable');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  await cdp.send('HeapProfiler.disable');
  return { jsBytes: usage.usedSize, embedderBytes: usage.embedderHeapUsedSize, nodes: metrics.find((m) => m.name === 'Nodes')?.value ?? NaN };
}
