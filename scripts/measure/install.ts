/**
 * The first install of the bundled packs in Chromium, in a fresh profile: the background's own timing of
 * the install (read from the knowledge base's `meta.bundledInstall` record), the service worker's JS heap
 * peak while it runs (sampled from the moment the worker can be attached, about 100 ms after it starts),
 * and the origin's storage use afterwards (`navigator.storage.estimate()`). Used by `npm run bench`.
 */
import { launchWithExtension } from '../../e2e/browser';
import { heapSampler } from './apply';

export interface InstallRun {
  ms: number;
  peakHeap: number;
  packs: Array<{ file: string; status: string; ms: number }>;
  usageBytes: number;
}

export async function measureInstall(): Promise<InstallRun> {
  const browser = await launchWithExtension();
  try {
    const worker = browser.serviceWorker;
    const page = await browser.context.newPage();
    const sampler = await heapSampler(await browser.context.newCDPSession(page), browser.extensionId);
    sampler.start();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const result = await worker.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('backstory');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        try {
          if (!db.objectStoreNames.contains('meta')) return undefined;
          const record = await new Promise<unknown>((resolve, reject) => {
            const request = db.transaction('meta').objectStore('meta').get('bundledInstall');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          if (!record) return undefined;
          const { usage } = await navigator.storage.estimate();
          return { ...(record as Omit<InstallRun, 'usageBytes' | 'peakHeap'>), usageBytes: usage ?? 0 };
        } finally {
          db.close();
        }
      });
      if (result) return { ...result, peakHeap: await sampler.stop() };
      if (Date.now() > deadline) throw new Error('The bundled packs were not installed within 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await browser.close();
  }
}
