/**
 * Scoring detected mentions against hand-made gold mentions: precision, recall and F1, overall and
 * by kind. A detection counts when its span is exactly the gold span and its kind is the gold type
 * ("strict"), or when the spans overlap and the kinds agree ("overlap", which forgives a boundary
 * disagreement such as "Donetsk" vs "Donetsk region").
 */
import type { EntityKind } from '../pack/types';

export interface Span {
  start: number;
  end: number;
  kind: EntityKind;
  text: string;
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export interface DocumentScore {
  /** Strict pairs: index into gold, index into found. */
  matched: Array<{ gold: number; found: number }>;
  strict: Counts;
  overlap: Counts;
  byKind: Record<EntityKind, Counts>;
  missed: Span[];
  spurious: Span[];
}

const KINDS: EntityKind[] = ['person', 'place', 'organization', 'event'];

const emptyCounts = (): Counts => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Greedy one-to-one pairing in text order: each gold span is used by at most one detection. */
function pair(
  gold: readonly Span[],
  found: readonly Span[],
  same: (g: Span, f: Span) => boolean,
): { hits: Set<number>; used: Set<number>; pairs: Array<{ gold: number; found: number }> } {
  const used = new Set<number>();
  const hits = new Set<number>();
  const pairs: Array<{ gold: number; found: number }> = [];
  found.forEach((f, fi) => {
    const gi = gold.findIndex((g, i) => !used.has(i) && same(g, f));
    if (gi >= 0) {
      used.add(gi);
      hits.add(fi);
      pairs.push({ gold: gi, found: fi });
    }
  });
  return { hits, used, pairs };
}

export function scoreDocument(gold: readonly Span[], found: readonly Span[]): DocumentScore {
  const strict = pair(gold, found, (g, f) => g.start === f.start && g.end === f.end && g.kind === f.kind);
  const overlap = pair(gold, found, (g, f) => overlaps(g, f) && g.kind === f.kind);
  const byKind = Object.fromEntries(KINDS.map((kind) => [kind, emptyCounts()])) as Record<EntityKind, Counts>;
  found.forEach((f, i) => {
    if (strict.hits.has(i)) byKind[f.kind].truePositives += 1;
    else byKind[f.kind].falsePositives += 1;
  });
  gold.forEach((g, i) => {
    if (!strict.used.has(i)) byKind[g.kind].falseNegatives += 1;
  });
  const counts = ({ hits, used }: { hits: Set<number>; used: Set<number> }): Counts => ({
    truePositives: hits.size,
    falsePositives: found.length - hits.size,
    falseNegatives: gold.length - used.size,
  });
  return {
    matched: strict.pairs,
    strict: counts(strict),
    overlap: counts(overlap),
    byKind,
    missed: gold.filter((_, i) => !strict.used.has(i)),
    spurious: found.filter((_, i) => !strict.hits.has(i)),
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    truePositives: a.truePositives + b.truePositives,
    falsePositives: a.falsePositives + b.falsePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
  };
}

export function scores(counts: Counts): Scores {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}
