/**
 * End to end: hostile sizes, read within a time budget, completely, and in short tasks: the content script's
 * CPU time in any main-thread task (a DevTools trace with the sampling profiler, as
 * e2e/highlight-large.test.ts).
 * - One 5 MB text node: left alone (docs/highlighting.md), the rest of the page marked, no content-script
 *   share of a task over 50 ms.
 * - 200,000 text nodes: every mention marked. A few slices run long there, inside single DOM calls of the
 *   walk (Blink's own work for a document that size, which a walk in the page's own world meets too), so the
 *   bound asserted is a regression guard, not the 50 ms goal; docs/highlighting.md gives the figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTrace, stopTrace, summariseTrace } from '../scripts/bench/chromium';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { startGeneratedSite, type DemoServer } from './server';
import { openOptionsWhenInstalled, pageSummaryOf } from './tabs';
import type { PageSummary } from '../lib/messages';

const LONG_TASK_MS = 50;
/** The 200,000-node page: the longest content-script share seen is 80-150 ms (one to three slices), see above. */
const MANY_NODES_GUARD_MS = 300;
/** The whole page read and marked within this long (ms); a budget for a slow shared CI machine. */
const SCAN_BUDGET_MS = 60_000;

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile size</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2024-06-01T08:00:00Z"></head>`;

const PLACES = ['Kyiv', 'Kharkiv', 'Odesa', 'Lisbon', 'Moscow'];

/** 20,000 paragraphs of ten text nodes each (inline markup between them); one in four names a place. */
function manyNodesPage(): string {
  const paragraphs: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const place = i % 4 === 0 ? PLACES[(i / 4) % PLACES.length] : 'the region';
    paragraphs.push(
      `<p>Item ${i} <b>from</b> reporters <i>in</i> ${place} <span>said</span> the <em>roads</em> were <u>open</u> again <small>today</small>.</p>`,
    );
  }
  return `${HEAD}<body><article><h1>Two hundred thousand text nodes</h1>${paragraphs.join('\n')}</article>
</body></html>`;
}

/** One text node of 5,000,000 characters (built by the page's script, so the parser cannot split it) after a normal paragraph. */
function hugeNodePage(): string {
  return `${HEAD}<body><article><h1>One enormous text node</h1>
<p id="lead">Reporters in Kharkiv and Odesa filed this page before the log below was pasted into it.</p>
<div id="dump"></div></article>
<script>
  const line = 'Kyiv Kharkiv Odesa Lisbon Moscow: status line with the same names over and over again. ';
  document.getElementById('dump').appendChild(document.createTextNode(line.repeat(Math.ceil(5e6 / line.length)).slice(0, 5e6)));
</script></body></html>`;
}

let server: DemoServer;
let browser: ExtensionBrowser;
let extensionPage: Page;

beforeAll(async () => {
  server = await startGeneratedSite({ 'nodes.html': manyNodesPage(), 'huge.html': hugeNodePage() });
  browser = await launchWithExtension();
  extensionPage = await openOptionsWhenInstalled(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Measured {
  page: Page;
  summary: PageSummary;
  scanMs: number;
  /** The content script's CPU time in the main-thread task where it was largest. */
  longestScriptMs: number;
  /** The longest whole task that held content-script work (the page's own layout included). */
  longestTaskMs: number;
  /** How many tasks held content-script work. */
  scriptTasks: number;
}

/** Load `path`, wait for the content script's summary (it answers once the scan is done), and trace it all. */
async function loadAndMeasure(path: string): Promise<Measured> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await startTrace(cdp);
  const url = server.url(path);
  const started = Date.now();
  await page.goto(url, { timeout: 60_000 });
  const summary = await pageSummaryOf(extensionPage, page);
  const scanMs = Date.now() - started;
  const events = await stopTrace(cdp);
  await cdp.detach();
  const trace = summariseTrace(events, url, `chrome-extension://${browser.extensionId}/`);
  const scriptTasks = trace.tasks.filter((task) => task.scriptMs > 0);
  expect(scriptTasks.length).toBeGreaterThan(0);
  const measured = {
    page,
    summary,
    scanMs,
    longestScriptMs: Math.max(...scriptTasks.map((task) => task.scriptMs)),
    longestTaskMs: Math.max(...scriptTasks.map((task) => task.duration)),
    scriptTasks: scriptTasks.length,
  };
  console.log(
    `${path}: scan ${scanMs} ms, ${scriptTasks.length} tasks with content-script work, its longest share of one ${measured.longestScriptMs.toFixed(1)} ms, ` +
      `tasks over 50 ms ${scriptTasks.filter((task) => task.scriptMs >= LONG_TASK_MS).length}, longest whole task with its work ${measured.longestTaskMs.toFixed(1)} ms`,
  );
  return measured;
}

describe('hostile page sizes', () => {
  it('a page of 200,000 text nodes is read and marked completely, in many short slices', async () => {
    const { page, summary, scanMs, longestScriptMs, scriptTasks } = await loadAndMeasure('/nodes.html');
    expect(await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let count = 0;
      while (walker.nextNode()) count++;
      return count;
    })).toBeGreaterThanOrEqual(200_000);
    expect(summary.scanned).toBe(true);
    // Every place is found, 1,000 times each (one paragraph in four names one of five places).
    for (const id of ['place:kyiv-ua', 'place:kharkiv-ua', 'place:odesa-ua', 'place:lisbon-pt', 'place:moscow-ru']) {
      expect(summary.entities.find((entity) => entity.id === id)?.count).toBe(1_000);
    }
    expect(await page.locator('backstory-mention[data-backstory-id]').count()).toBe(5_000);
    expect(scriptTasks).toBeGreaterThan(100);
    expect(longestScriptMs).toBeLessThan(MANY_NODES_GUARD_MS);
    expect(scanMs).toBeLessThan(SCAN_BUDGET_MS);
    await page.close();
  });

  it('a page with one 5 MB text node stays responsive: the node is left alone, the rest is marked', async () => {
    const { page, summary, scanMs, longestScriptMs } = await loadAndMeasure('/huge.html');
    expect(summary.scanned).toBe(true);
    expect(await page.locator('#lead backstory-mention[data-backstory-id="place:kharkiv-ua"]').count()).toBe(1);
    expect(await page.locator('#dump backstory-mention').count()).toBe(0);
    expect(await page.evaluate(() => {
      const dump = document.getElementById('dump')!;
      return { nodes: dump.childNodes.length, length: (dump.firstChild as Text).data.length };
    })).toEqual({ nodes: 1, length: 5_000_000 });
    expect(longestScriptMs).toBeLessThan(LONG_TASK_MS);
    expect(scanMs).toBeLessThan(SCAN_BUDGET_MS);
    await page.close();
  });
});
