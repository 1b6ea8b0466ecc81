/**
 * `npm run measure:apply [-- --runs 3 --entities 10000]`: how long the extension takes, in Chromium, to
 * apply a synced update of a pack of N generated entities on top of the bundled packs, and the service
 * worker's JS heap while it does (sampled every 10 ms through the DevTools protocol). Each run uses a
 * fresh profile: the bundled packs install, version 1 of the generated pack is imported, version 2 is
 * published on a local pack server (signed with the development key) and synced.
 * Needs a build (`npm run build`). Not a test: figures for the README and the closing notes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../e2e/browser';
import { askBackground, publishToDir, serviceWorkerTarget } from '../e2e/pack-publishing';
import type { SyncReport } from '../lib/messages';
import { toBase64 } from '../lib/sync/bytes';
import { generatedPack } from './generated-pack';
import { startPackServer } from './pack-server';

/** Samples the service worker's used JS heap through a (non-flattened) DevTools session on its target. */
async function heapSampler(cdp: CDPSession, extensionId: string) {
  const targetId = await serviceWorkerTarget(cdp, extensionId);
  if (!targetId) throw new Error('no service worker');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  let id = 0;
  const waiting = new Map<number, (usedSize: number) => void>();
  cdp.on('Target.receivedMessageFromTarget' as never, (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result?.usedSize ?? 0);
  });
  const heap = () =>
    new Promise<number>((resolve) => {
      const next = ++id;
      waiting.set(next, resolve);
      void cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id: next, method: 'Runtime.getHeapUsage' }) } as never);
    });
  let peak = 0;
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  return {
    heap,
    start() {
      running = true;
      peak = 0;
      loop = (async () => {
        while (running) {
          peak = Math.max(peak, await heap());
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
    },
    async stop(): Promise<number> {
      running = false;
      await loop;
      return peak;
    },
  };
}

interface Run {
  applyMs: number;
  downloadMs: number;
  baselineHeap: number;
  peakHeap: number;
  /** User Timing measures of the install's steps (validate, index:read, index:build, write), in ms. */
  steps: Record<string, number>;
}

async function measureOnce(count: number): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), 'backstory-measure-apply-'));
  const server = await startPackServer({ root });
  let browser: ExtensionBrowser | undefined;
  try {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.locator('[data-pack-id="world.gazetteer"]').waitFor({ timeout: 60_000 });
    const v1 = generatedPack(count, 1);
    const imported = await askBackground<{ ok: boolean; errors?: string[] }>(page, 'installPack', {
      name: 'bench.generated.json',
      data: toBase64(new TextEncoder().encode(JSON.stringify(v1))),
      allowUnsigned: true,
    });
    if (!imported.ok) throw new Error(`import failed: ${imported.errors?.join('; ')}`);
    await publishToDir(root, [generatedPack(count, 2)]);
    // Point the extension at the server through the same setting the options page writes.
    const field = page.locator('[data-part="pack-server"]');
    await field.fill(server.url('/'));
    await field.blur();
    await page.waitForTimeout(300);

    const cdp = await browser.context.newCDPSession(page);
    const sampler = await heapSampler(cdp, browser.extensionId);
    const baselineHeap = await sampler.heap();
    sampler.start();
    await browser.serviceWorker.evaluate(() => performance.clearMeasures());
    const report = await askBackground<SyncReport>(page, 'syncNow');
    const peakHeap = await sampler.stop();
    const steps = await browser.serviceWorker.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('backstory:')).map((m) => [m.name.slice(10), Math.round(m.duration)])),
    );
    if (report.outcome !== 'updated') throw new Error(`sync ${report.outcome}: ${report.error ?? JSON.stringify(report.packs)}`);
    return { applyMs: report.timings?.applyMs ?? NaN, downloadMs: report.timings?.downloadMs ?? NaN, baselineHeap, peakHeap, steps };
  } finally {
    await browser?.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const runs = option('runs', 3);
const count = option('entities', 10_000);
const results: Run[] = [];
for (let i = 0; i < runs; i++) results.push(await measureOnce(count));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[], unit: (n: number) => string) =>
  `${unit(median(values))} (${unit(Math.min(...values))}–${unit(Math.max(...values))})`;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
console.log(`Synced update of a ${count.toLocaleString('en')}-entity pack in Chromium, ${runs} fresh profiles (median, min–max):`);
console.log(`  apply (validate, hash, one write transaction, matcher index rebuilt over all packs): ${range(results.map((r) => r.applyMs), ms)}`);
for (const step of Object.keys(results[0]!.steps)) console.log(`    ${step}: ${range(results.map((r) => r.steps[step] ?? NaN), ms)}`);
console.log(`  download and decode from 127.0.0.1: ${range(results.map((r) => r.downloadMs), ms)}`);
console.log(`  service worker JS heap: ${range(results.map((r) => r.baselineHeap), mb)} before, peak ${range(results.map((r) => r.peakHeap), mb)} during the sync`);
