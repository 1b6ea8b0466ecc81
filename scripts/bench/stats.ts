/** Small helpers the sections share: medians, timing, heap, formatting. */
import type { BenchRow } from './types';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** `global.gc` when node runs with --expose-gc (the bench command passes it), else undefined. */
export const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** A full collection (twice, so objects freed by finalizers go too); a no-op without --expose-gc. */
export function collect(): void {
  gc?.();
  gc?.();
}

/** Milliseconds one call of `fn` takes; short calls are repeated until `minMs` has passed and averaged. */
export function timeOnce(fn: () => unknown, minMs = 0): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / calls;
}

/** Bytes of the JS heap that `make`'s result keeps alive, after full collections before and after. */
export function retainedHeap<T>(make: () => T): { value: T; bytes: number } {
  if (!gc) throw new Error('Heap figures need node --expose-gc');
  collect();
  const before = process.memoryUsage().heapUsed;
  const value = make();
  collect();
  const bytes = process.memoryUsage().heapUsed - before;
  return { value, bytes };
}

export const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
export const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

/** A row from its samples; the peer ratio is the median of the per-run ratios. */
export function row(fields: Omit<BenchRow, 'peer'> & { peer?: { name: string; samples: number[]; values: number[] } }): BenchRow {
  const { peer, ...rest } = fields;
  return { ...rest, ...(peer ? { peer: { ...peer, ratio: median(peer.samples) } } : {}) };
}

/** "12,345" / "1.23" / "0.0123": three significant figures or the integer part. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toLocaleString('en');
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

export const kb = (chars: number) => `${Math.round(chars / 1000).toLocaleString('en')} KB`;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
