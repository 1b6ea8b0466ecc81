/**
 * `npm run measure:install [-- --runs 3]`: the first install of the bundled packs in Chromium, measured in a
 * fresh profile each run: the background's own timing of the install (read from the knowledge base's
 * `meta.bundledInstall` record) and the origin's storage use afterwards (`navigator.storage.estimate()`).
 * Needs a build (`npm run build`).
 */
import { launchWithExtension } from '../e2e/browser';

interface Measurement {
  ms: number;
  packs: Array<{ file: string; status: string; ms: number }>;
  usageBytes: number;
}

async function measureOnce(): Promise<Measurement> {
  const browser = await launchWithExtension();
  try {
    const worker = browser.serviceWorker;
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
          return { ...(record as Omit<Measurement, 'usageBytes'>), usageBytes: usage ?? 0 };
        } finally {
          db.close();
        }
      });
      if (result) return result;
      if (Date.now() > deadline) throw new Error('The bundled packs were not installed within 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await browser.close();
  }
}

const runsAt = process.argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
const results: Measurement[] = [];
for (let i = 0; i < runs; i++) results.push(await measureOnce());
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`First install of the bundled packs in Chromium, ${runs} fresh profiles (median, min–max):`);
const total = results.map((r) => r.ms);
console.log(`  all packs: ${median(total).toFixed(0)} ms (${Math.min(...total).toFixed(0)}–${Math.max(...total).toFixed(0)})`);
for (const [i, pack] of results[0]!.packs.entries()) {
  const times = results.map((r) => r.packs[i]!.ms);
  console.log(`  ${pack.file}: ${median(times).toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}), ${pack.status}`);
}
const usage = results.map((r) => r.usageBytes);
console.log(`  storage used afterwards: ${(median(usage) / 1e6).toFixed(1)} MB (navigator.storage.estimate)`);
