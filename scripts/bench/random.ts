/** A small seeded pseudo-random generator (mulberry32), so every generated pack and corpus is the same on every run. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /**
   * An index in [0, n) skewed towards 0 (roughly Zipf-like with exponent `skew`): a few items are drawn
   * often and most rarely, as names and words are in news text.
   */
  skewed(n: number, skew?: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (list) => list[int(list.length)]!,
    chance: (p) => next() < p,
    skewed: (n, skew = 2) => Math.min(n - 1, Math.floor(n * Math.pow(next(), skew))),
  };
}
