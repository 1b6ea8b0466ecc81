/**
 * How long the extension takes, in Chromium, to apply a synced update of a pack of N generated entities
 * on top of the bundled packs, and the service worker's JS heap while it does (sampled every 10 ms through
 * the DevTools protocol). Each run uses a fresh profile: the bundled packs install, version 1 of the
 * generated pack is imported, version 2 is published on a local pack server (signed with the development
 * key) and synced. Used by `npm run bench` (scripts/bench/install-apply.ts). Needs a build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../../e2e/browser';
import { askBackground, publishToDir, serviceWorkerTarget } from '../../e2e/pack-publishing';
import type { SyncReport } from '../../lib/messages';
import { toBase64 } from '../../lib/sync/bytes';
import { generatedPack } from '../generated-pack';
import { startPackServer } from '../pack-server';

/** Samples the service worker's used JS heap through a (non-flattened) DevTools session on its target. */
export async function heapSampler(cdp: CDPSession, extensionId: string) {
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

export interface ApplyRun {
  applyMs: number;
  downloadMs: number;
  baselineHeap: number;
  peakHeap: number;
  /** User Timing measures of the install's steps (validate, index:read, index:build, write), in ms. */
  steps: Record<string, number>;
}

export async function measureApply(count: number): Promise<ApplyRun> {
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
