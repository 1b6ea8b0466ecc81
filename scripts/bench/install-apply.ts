/**
 * First install and update, in Chromium with the built extension (scripts/measure/): the first install of
 * every bundled pack in a fresh profile, and a synced update of a 10,000-entity pack applied on top of the
 * bundled packs; time and the service worker's peak JS heap for each.
 * Budgets (issue 8): first install <= 2 s, the 10,000-entity update <= 1 s.
 */
import { measureApply, type ApplyRun } from '../measure/apply';
import { measureInstall, type InstallRun } from '../measure/install';
import { median } from './stats';
import type { BenchSection } from './types';

const MB = 1e6;

export const installApply: BenchSection = {
  id: 'install',
  title: 'First install and update (Chromium, built extension, fresh profiles)',
  async run({ log, quick }) {
    const runs = quick ? 1 : 3;
    const entities = quick ? 2_000 : 10_000;
    const installs: InstallRun[] = [];
    for (let i = 0; i < runs; i++) {
      log(`first install ${i + 1}/${runs}`);
      installs.push(await measureInstall());
    }
    const applies: ApplyRun[] = [];
    for (let i = 0; i < runs; i++) {
      log(`apply of a ${entities}-entity update ${i + 1}/${runs}`);
      applies.push(await measureApply(entities));
    }
    const stepNames = Object.keys(applies[0]?.steps ?? {});
    return {
      rows: [
        {
          id: 'install.bundled.ms',
          name: 'first install of the bundled packs',
          unit: 'ms',
          samples: installs.map((r) => r.ms),
          budget: { text: '≤ 2000 ms', met: median(installs.map((r) => r.ms)) <= 2000 },
          note: installs[0]!.packs.map((p) => `${p.file} ${Math.round(p.ms)} ms`).join(', '),
        },
        { id: 'install.bundled.heap', name: 'first install: service worker peak heap', unit: 'MB', samples: installs.map((r) => r.peakHeap / MB) },
        { id: 'install.bundled.storage', name: 'first install: storage used', unit: 'MB', samples: installs.map((r) => r.usageBytes / MB) },
        {
          id: 'apply.update.ms',
          name: `apply a synced ${entities.toLocaleString('en')}-entity update`,
          unit: 'ms',
          samples: applies.map((r) => r.applyMs),
          budget: { text: '≤ 1000 ms', met: median(applies.map((r) => r.applyMs)) <= 1000 },
          note: `steps (median): ${stepNames.map((step) => `${step} ${Math.round(median(applies.map((r) => r.steps[step] ?? NaN)))} ms`).join(', ')}; download and decode ${Math.round(median(applies.map((r) => r.downloadMs)))} ms (not in the apply)`,
        },
        { id: 'apply.update.heap', name: 'apply: service worker peak heap', unit: 'MB', samples: applies.map((r) => r.peakHeap / MB) },
      ],
      notes: [
        'Install and apply times are the background\'s own (performance.now around the install; the sync report\'s applyMs: validate, hash, one write transaction with the matcher index). Heap: CDP Runtime.getHeapUsage of the service worker every 10 ms.',
      ],
    };
  },
};
