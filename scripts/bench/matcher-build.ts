/**
 * Section "matcher-build": how long it takes from stored pack data to a matcher ready to search, and how
 * much heap the ready matcher keeps, for (a) the bundled packs and (b) the generated 100,000-entity pack.
 * Two paths, as in the extension: at install (pack JSON → `buildMatcherIndex` → `Matcher.load`) and at
 * every service-worker start (the stored index, read from IndexedDB → `Matcher.load`). The peer is the
 * regex alternation, which has to be compiled on both paths: V8 cannot store a compiled RegExp.
 */
import { serialize } from 'node:v8';
import { buildMatcherIndex, Matcher } from '../../lib/matcher';
import * as fixtures from './fixtures';
import { LABEL, PACK_SETS, type PackSet } from './fixtures';
import { collect, formatNumber, gc, mb, retainedHeap, row } from './stats';
import type { BenchRow, BenchSection } from './types';

interface Build {
  parseMs: number;
  buildMs: number;
  loadMs: number;
}

function buildOnce(set: PackSet): Build {
  collect();
  const t0 = performance.now();
  const entities = fixtures.parsePacks(fixtures.storedPacks(set));
  const t1 = performance.now();
  const data = buildMatcherIndex(entities);
  const t2 = performance.now();
  Matcher.load(data);
  const t3 = performance.now();
  return { parseMs: t1 - t0, buildMs: t2 - t1, loadMs: t3 - t2 };
}

const total = (b: Build) => b.parseMs + b.buildMs + b.loadMs;
const ms = (values: number[]) => `${formatNumber(values.reduce((a, b) => a + b, 0) / values.length)} ms`;

export const matcherBuild: BenchSection = {
  id: 'matcher-build',
  title: 'Matcher build, load and heap in Node',
  async run(context) {
    const rows: BenchRow[] = [];
    const notes: string[] = [
      'Install path: JSON.parse of the pack files, buildMatcherIndex, Matcher.load. Start path: structuredClone of the stored index (a stand-in for the IndexedDB read) and Matcher.load. Heap: what the ready matcher keeps (process.memoryUsage().heapUsed after full collections, node --expose-gc), index data included.',
      'Peer: the regex alternation of scripts/bench/peers.ts. Install path: JSON.parse, its alias table (alias → key, case rules, entities), the source and V8\'s compiles (bytecode, machine code, two-byte subjects); start path: the compiles only (a lower bound: the alias table would be read back too). Its heap: the alias table and the compiled expression.',
    ];
    if (!gc) notes.push('No heap figures: run with node --expose-gc (npm run bench does).');
    for (const set of PACK_SETS) {
      const runs = context.quick || set === 'generated' ? 3 : 5;
      // The regex peer is measured once when it is first built (usually by the throughput section); the
      // bundled packs' one compiles in a second or two, so it is built twice more for a spread.
      const shared = fixtures.sharedRegexPeer(set);
      const peers = [shared, ...(set === 'bundled' ? [1, 2].map((salt) => fixtures.buildRegexPeer(set, salt)) : [])];
      const peerInstall = peers.map((p) => p.parseMs + p.tableMs + p.compileMs);
      const peerStart = peers.map((p) => p.compileMs);

      context.log(`${LABEL[set]}: building the index ${runs} times`);
      const builds: Build[] = [];
      for (let r = 0; r < runs; r++) builds.push(buildOnce(set));
      const install = builds.map(total);
      rows.push(
        row({
          id: `build.install.${set}`,
          name: `${LABEL[set]}: pack JSON → ready matcher (install)`,
          unit: 'ms',
          samples: install,
          peer: { name: 'regex alternation', samples: peerInstall.map((p, i) => p / install[i]!), values: peerInstall },
          note: `mean of the steps: JSON.parse ${ms(builds.map((b) => b.parseMs))}, buildMatcherIndex ${ms(builds.map((b) => b.buildMs))}, Matcher.load ${ms(builds.map((b) => b.loadMs))}`,
        }),
      );

      const stored = fixtures.index(set);
      const loads: number[] = [];
      for (let r = 0; r < 5; r++) {
        collect();
        const t0 = performance.now();
        Matcher.load(structuredClone(stored));
        loads.push(performance.now() - t0);
      }
      rows.push(
        row({
          id: `build.start.${set}`,
          name: `${LABEL[set]}: stored index → ready matcher (service-worker start)`,
          unit: 'ms',
          samples: loads,
          peer: { name: 'regex alternation', samples: peerStart.map((p, i) => p / loads[i]!), values: peerStart },
          note: `stored index: ${mb(serialize(stored).length)} structured-clone serialized (v8.serialize, the format IndexedDB keeps)`,
        }),
      );

      if (gc) {
        const heaps: number[] = [];
        for (let r = 0; r < 3; r++) heaps.push(retainedHeap(() => Matcher.load(structuredClone(stored))).bytes / 1e6);
        const peerHeaps = peers.flatMap((p) => (p.heapBytes === undefined ? [] : [p.heapBytes / 1e6]));
        rows.push(
          row({
            id: `build.heap.${set}`,
            name: `${LABEL[set]}: heap of the ready matcher`,
            unit: 'MB',
            samples: heaps,
            ...(peerHeaps.length > 0 ? { peer: { name: 'regex alternation', samples: peerHeaps.map((p, i) => p / heaps[i]!), values: peerHeaps } } : {}),
          }),
        );
      }
      if (peers.length === 1) notes.push(`${LABEL[set]}: the regex alternation was built once (its compile takes ${formatNumber(shared.compileMs / 1000)} s), so its figures have no spread.`);
    }
    return { rows, notes };
  },
};
