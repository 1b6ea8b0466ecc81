/** The facts of candidate entities the resolver weighs, read from the matcher's index once per page. */
import type { EntityRef, Matcher } from '../matcher';

export class EntityFacts {
  private readonly cache = new Map<string, EntityRef>();

  constructor(private readonly matcher: Matcher) {}

  /** The entity behind a candidate id (always indexed: candidates come from the same matcher). */
  get(id: string): EntityRef {
    let ref = this.cache.get(id);
    if (ref === undefined) {
      ref = this.matcher.entity(id) ?? { id, kind: 'place', name: id, prominence: 0, population: 0, countries: [] };
      this.cache.set(id, ref);
    }
    return ref;
  }
}

export function isCountry(ref: EntityRef): boolean {
  return ref.placeType === 'country' || ref.placeType === 'territory';
}

export function isSettlement(ref: EntityRef): boolean {
  return ref.placeType === 'city' || ref.placeType === 'town' || ref.placeType === 'village' || ref.placeType === 'capital-district';
}

/** The countries a place, organization or person belongs to; a country is its own. */
export function homeCountries(ref: EntityRef): readonly string[] {
  return isCountry(ref) ? [ref.id] : ref.countries;
}

/** Cities this large are what their name means in the news, whatever else the word means. */
const SELF_EVIDENT_POPULATION = 1_000_000;
const SELF_EVIDENT_PROMINENCE = 70;

/**
 * Whether a place's name means the place wherever it stands, even when the pack marks it ambiguous:
 * countries, territories and first-level regions ("Georgia", "Jordan", "Chad", "U.S.") and large or
 * prominent cities ("Paris", "Washington"). Their ambiguity needs choosing between candidates, not
 * suppression. Organizations and events count as self-evident too: their ambiguous forms are
 * acronyms and translations. People never are: a bare surname needs a reason to be theirs.
 */
export function isSelfEvident(ref: EntityRef): boolean {
  if (ref.kind === 'person') return false;
  if (ref.kind !== 'place') return true;
  return (
    isCountry(ref) ||
    ref.placeType === 'region' ||
    ref.population >= SELF_EVIDENT_POPULATION ||
    ref.prominence >= SELF_EVIDENT_PROMINENCE
  );
}
