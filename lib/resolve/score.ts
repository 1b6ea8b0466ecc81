/**
 * The score of each candidate of a mention: how well known it is (prior), what the rest of the page
 * says (support), the words around the mention (cues) and whether the person was named in full.
 */
import type { EntityRef, MatchCandidate } from '../matcher';
import { cueScore, type Cues } from './cues';
import { isCountry } from './entity-facts';
import type { PageEvidence } from './page-evidence';

/** A person named in full on the page owns the bare surname: this outweighs any prior. */
const FULL_NAME_BONUS = 6;

export interface ScoredCandidate {
  candidate: MatchCandidate;
  ref: EntityRef;
  score: number;
}

/**
 * Importance before context: prominence (0–100) is the main term; the words being the entity's own
 * name, a country, and (logarithmically) a large population add a little.
 */
export function priorScore(candidate: MatchCandidate, ref: EntityRef): number {
  let score = ref.prominence / 20;
  if (candidate.isName) score += 0.5;
  if (ref.kind === 'place') {
    if (isCountry(ref)) score += 0.5;
    if (ref.population > 0) score += Math.min(0.75, Math.max(0, 0.25 * Math.log10(ref.population / 100_000)));
  }
  return score;
}

/** The candidates best first; ties keep the matcher's order (own name, prominence, kind, id). */
export function scoreCandidates(
  candidates: readonly MatchCandidate[],
  refs: readonly EntityRef[],
  cues: Cues,
  page: PageEvidence,
  paragraph: string,
): ScoredCandidate[] {
  const rivals = new Set(candidates.map((c) => c.id));
  const scored = candidates.map((candidate, i) => {
    const ref = refs[i]!;
    let score = priorScore(candidate, ref) + cueScore(ref, cues);
    if (candidates.length > 1) {
      score += page.support(ref, paragraph, rivals);
      if (page.isNamedInFull(ref.id)) score += FULL_NAME_BONUS;
    }
    return { candidate, ref, score, order: i };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map(({ candidate, ref, score }) => ({ candidate, ref, score }));
}
