/**
 * Which entity a mention names when its words fit several. Kept apart so that context-aware
 * disambiguation can replace it without touching the search.
 */
import type { EntityKind } from '../pack/types';

export interface Candidate {
  id: string;
  kind: EntityKind;
  prominence: number;
  /** The words matched the entity's display name, not just one of its aliases. */
  isName: boolean;
}

/** Places first: a bare place name in the news is more often the place than a namesake. */
const KIND_PRIORITY: Readonly<Record<EntityKind, number>> = { place: 0, person: 1, organization: 2, event: 3 };

/** Best first: own name, then higher prominence, then kind priority, then id (so the order is stable). */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.isName !== b.isName) return a.isName ? -1 : 1;
  if (a.prominence !== b.prominence) return b.prominence - a.prominence;
  if (a.kind !== b.kind) return KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind];
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Returns the candidates ordered best first (the input is left as is). */
export function rankCandidates<C extends Candidate>(candidates: readonly C[]): C[] {
  return [...candidates].sort(compareCandidates);
}
