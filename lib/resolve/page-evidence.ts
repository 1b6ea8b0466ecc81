/**
 * What the rest of the page says about where and whom it is about: the entities it names without
 * doubt ("anchors": one candidate, not a common word), the people it names in full, and the surnames
 * that belong to people the knowledge base does not hold ("Hunter Biden").
 */
import type { EntityRef } from '../matcher';
import { homeCountries, isCountry } from './entity-facts';

/** Caps on the two kinds of support, so that a page full of US names cannot outvote "Tbilisi". */
const MAX_STRONG_SUPPORT = 8;
const MAX_WEAK_SUPPORT = 1.5;
/** Weights of a strong vote from the mention's own paragraph and from elsewhere on the page. */
const NEARBY = 1.5;
const ELSEWHERE = 0.5;

const intersects = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

export class PageEvidence {
  private readonly anchors = new Map<string, EntityRef>();
  /** The paragraphs each anchor is named in. */
  private readonly anchorParagraphs = new Map<string, Set<string>>();
  private readonly fullNames = new Set<string>();
  private readonly unknownSurnames = new Set<string>();

  /** `paragraph` identifies the text and line the anchor stands in: nearby anchors count double. */
  addAnchor(ref: EntityRef, paragraph: string): void {
    this.anchors.set(ref.id, ref);
    let paragraphs = this.anchorParagraphs.get(ref.id);
    if (!paragraphs) this.anchorParagraphs.set(ref.id, (paragraphs = new Set()));
    paragraphs.add(paragraph);
  }

  /** A person named with several words ("Vladimir Putin", "Vitaliy Kim"). */
  addFullName(id: string): void {
    this.fullNames.add(id);
  }

  /** A surname seen after an unknown first name ("Hunter Biden"): the page has someone else of that name. */
  addUnknownSurname(folded: string): void {
    this.unknownSurnames.add(folded);
  }

  isAnchor(id: string): boolean {
    return this.anchors.has(id);
  }

  isNamedInFull(id: string): boolean {
    return this.fullNames.has(id);
  }

  hasUnknownSurname(folded: string): boolean {
    return this.unknownSurnames.has(folded);
  }

  get namedInFull(): ReadonlySet<string> {
    return this.fullNames;
  }

  /**
   * How much the page's anchors vote for a candidate. Strong votes: a place that lies in the
   * candidate (Tbilisi for Georgia the country, Atlanta for Georgia the state), a place in the same
   * first-level region, the country of a person who belongs to the candidate country, the candidate
   * itself named without doubt elsewhere. `rivals` are the other candidates of the mention. Weak votes
   * (capped): the candidate's country itself, other places of the same country, people of the same country.
   * Strong votes from the mention's own paragraph count three times as much as those from elsewhere, so
   * a page that visits both Washingtons reads each paragraph by its own neighbours.
   */
  support(c: EntityRef, paragraph: string, rivals: ReadonlySet<string>): number {
    let strong = 0;
    let weak = 0;
    const cCountries = homeCountries(c);
    for (const a of this.anchors.values()) {
      const before = strong;
      const aCountries = homeCountries(a);
      if (a.id === c.id) {
        // One sense per page: the same entity named without doubt elsewhere.
        strong += 1;
      } else if (rivals.has(a.id)) {
        // Another reading of the same words votes for nothing else.
        continue;
      } else if (c.kind === 'person') {
        if (isCountry(a) && c.countries.includes(a.id)) strong += 0.75;
        else if (intersects(aCountries, c.countries)) weak += 0.3;
      } else if (a.kind === 'person') {
        if (isCountry(c) && a.countries.includes(c.id)) strong += 1;
        else if (intersects(a.countries, cCountries)) weak += 0.3;
      } else if (a.region === c.id || (isCountry(c) && a.countries.includes(c.id))) {
        strong += 2;
      } else if (c.region !== undefined && (a.region === c.region || a.id === c.region)) {
        strong += 1.5;
      } else if (isCountry(a) && c.countries.includes(a.id)) {
        weak += 0.75;
      } else if (intersects(aCountries, cCountries)) {
        weak += 0.5;
      }
      if (strong > before) strong = before + (strong - before) * (this.anchorParagraphs.get(a.id)!.has(paragraph) ? NEARBY : ELSEWHERE);
    }
    return Math.min(strong, MAX_STRONG_SUPPORT) + Math.min(weak, MAX_WEAK_SUPPORT);
  }

  /**
   * Whether the page names something close to a place: with `within: 'region'`, its first-level region or
   * another place in that region (Alabama or Montgomery for Mobile); with 'places of the country', also
   * another place of its country (Kharkiv for Mykolaiv); with 'country', also the country itself. What a common-word name ("Split", "Reading") needs before it
   * is taken for the place.
   */
  placeIsInContext(c: EntityRef, within: 'region' | 'places of the country' | 'country'): boolean {
    const cCountries = homeCountries(c);
    for (const a of this.anchors.values()) {
      if (a.id === c.id || a.kind === 'person') continue;
      if (a.region === c.id || (isCountry(c) && a.countries.includes(c.id))) return true;
      if (c.region !== undefined && (a.id === c.region || a.region === c.region)) return true;
      if (within === 'region' || !intersects(homeCountries(a), cCountries)) continue;
      if (within === 'country' || !isCountry(a)) return true;
    }
    return false;
  }
}
