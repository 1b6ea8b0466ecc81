/**
 * Finds mentions of indexed entities in text in one pass: the text is tokenized once and, at each
 * token, a hash lookup of the growing key ("donetsk", "donetsk region", ...) in the index's
 * precomputed table says whether an alias ends there and whether a longer one may follow.
 * The cost is per token, not per alias.
 */
import { ENTITY_KINDS, type EntityKind, type PlaceType } from '../pack/types';
import { isJoinable, stripDiacritics, TokenReader, type Token } from '../text/normalize';
import {
  CASE_CAPITAL,
  CASE_UPPER,
  caseRuleOf,
  FLAG_EXACT,
  FLAG_IS_NAME,
  hashKey,
  INDEXED_PLACE_TYPES,
  MATCHER_INDEX_FORMAT,
  splitList,
  type MatcherIndexData,
} from './index-data';
import { rankCandidates, type Candidate } from './rank';

export interface MatchResult {
  /**
   * UTF-16 offsets into the searched text; `end` is exclusive, never includes a possessive "'s" and
   * includes the final period of a dotted initialism ("U.S.").
   */
  start: number;
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  /** The best candidate. */
  id: string;
  kind: EntityKind;
  /** Other entities the same words may name, best first. */
  alternatives: string[];
}

export interface EntityRef {
  id: string;
  kind: EntityKind;
  name: string;
  prominence: number;
  /** Places only. */
  placeType?: PlaceType;
  /** A place's latest population; 0 when unknown. */
  population: number;
  /** A place's or organization's country, a person's countries (ids of indexed entities). */
  countries: string[];
  /** A place's first-level region (id of an indexed entity). */
  region?: string;
}

/** One entity the matched words may name, with how they named it. */
export interface MatchCandidate extends Candidate {
  /** Index of the entity in the matcher's index. */
  entity: number;
  /** The words are an alias the entity lists as ambiguous (a common word, a first name, a shared name). */
  exact: boolean;
  /**
   * Only `findCandidates` gives these: an ambiguous alias written all in capitals ("GEORGIA" for
   * "Georgia"), which may be a dateline or a headline word as well as the name.
   */
  capitals: boolean;
}

/** A match with every candidate, best first by `rankCandidates`: what the resolver chooses from. */
export interface CandidateMatch {
  start: number;
  end: number;
  text: string;
  /** How many words the alias has ("Donetsk region": 2). */
  tokenCount: number;
  candidates: MatchCandidate[];
}

/** Whether `tokens[0..count-1]` are written in a case the variant's rules accept. */
function fitsCase(flags: number, tokens: readonly Token[], count: number): boolean {
  for (let t = 0; t < count; t++) {
    const rule = caseRuleOf(flags, t);
    const shape = tokens[t]!.shape;
    if (rule === CASE_CAPITAL ? shape === 'lower' : rule === CASE_UPPER && shape !== 'upper') return false;
  }
  return true;
}

/** Whether every one of `tokens[0..count-1]` is written in capitals ("WASHINGTON"). */
function isAllCaps(tokens: readonly Token[], count: number): boolean {
  for (let t = 0; t < count; t++) if (tokens[t]!.shape !== 'upper') return false;
  return true;
}

/**
 * Where a mention of `tokens[0..last]` ends: after the last token, plus the closing period of a
 * dotted initialism ("U.S.", "D.C."), which belongs to the name even at the end of a sentence.
 */
function endOfMention(text: string, tokens: readonly Token[], last: number): number {
  const lastToken = tokens[last]!;
  const dotted =
    last > 0 &&
    lastToken.gap === 'abbreviation' &&
    lastToken.end - lastToken.start === 1 &&
    lastToken.shape === 'upper' &&
    text.charCodeAt(lastToken.end) === 0x2e; /* . */
  return dotted ? lastToken.end + 1 : lastToken.end;
}

export class Matcher {
  private entityById: Map<string, number> | undefined;
  private entityNames: string[] | undefined;

  private constructor(
    private readonly data: MatcherIndexData,
    private readonly entityIds: string[],
    /** Variant index → exact form, for ambiguous aliases. */
    private readonly exactForms: Map<number, string>,
  ) {}

  /** Builds the lookup tables from index data (e.g. just read from IndexedDB). Throws on an unknown format. */
  static load(data: MatcherIndexData): Matcher {
    if (data.formatVersion !== MATCHER_INDEX_FORMAT) {
      throw new Error(`Unsupported matcher index format ${String(data.formatVersion)}`);
    }
    const slots = data.keySlots.length;
    if (slots === 0 || (slots & (slots - 1)) !== 0) throw new Error('Corrupt matcher index: bad hash table size');
    const exactForms = new Map<number, string>();
    data.exactVariants.forEach((v, i) => exactForms.set(v, data.exactForms[i]!));
    return new Matcher(data, splitList(data.entityIds), exactForms);
  }

  get size(): { entities: number; aliases: number } {
    return { entities: this.entityIds.length, aliases: this.data.variantEntity.length };
  }

  entity(id: string): EntityRef | undefined {
    // Built on first use: the service worker answering `find` does not need them.
    this.entityById ??= new Map(this.entityIds.map((entityId, i) => [entityId, i]));
    const e = this.entityById.get(id);
    if (e === undefined) return undefined;
    this.entityNames ??= splitList(this.data.entityNames);
    const d = this.data;
    const placeType = INDEXED_PLACE_TYPES[d.entityPlaceTypes[e]!];
    const region = d.entityRegion[e]!;
    return {
      id,
      kind: this.kindOf(e),
      name: this.entityNames[e]!,
      prominence: d.entityProminence[e]!,
      ...(placeType ? { placeType } : {}),
      population: d.entityPopulation[e]!,
      countries: Array.from(d.countryList.subarray(d.countryStarts[e]!, d.countryStarts[e + 1]!), (c) => this.entityIds[c]!),
      ...(region >= 0 ? { region: this.entityIds[region]! } : {}),
    };
  }

  /** All mentions in the text, in order, never overlapping; at each place the longest alias that fits wins. */
  find(text: string): MatchResult[] {
    return this.search(text, false).map((m) => {
      const best = m.candidates[0]!;
      return {
        start: m.start,
        end: m.end,
        text: m.text,
        id: best.id,
        kind: best.kind,
        alternatives: m.candidates.length > 1 ? m.candidates.slice(1).map((c) => c.id) : [],
      };
    });
  }

  /**
   * The mentions `find` returns, each with all its candidates and how the words named them; and also
   * ambiguous aliases written in capitals ("WASHINGTON —", "TBILISI, GEORGIA"), which `find` never
   * matches, with `capitals` set: the resolver keeps them only where datelines and headlines put them.
   */
  findCandidates(text: string): CandidateMatch[] {
    return this.search(text, true);
  }

  private search(text: string, acceptCapitals: boolean): CandidateMatch[] {
    const reader = new TokenReader(text);
    // The tokens from the current position on, read only as far as a key needs them.
    const window: Token[] = [];
    const tokenAt = (n: number): Token | undefined => {
      while (window.length <= n) {
        const t = reader.next();
        if (t === undefined) return undefined;
        window.push(t);
      }
      return window[n];
    };
    const results: CandidateMatch[] = [];
    const maxTokens = this.data.maxTokens;
    for (let first = tokenAt(0); first !== undefined; first = tokenAt(0)) {
      // The key of window[0..j] is never built as a string: its hash and length grow word by word.
      let hash = hashKey(first.folded);
      let length = first.folded.length;
      let bestLast = -1;
      let bestCandidates: MatchCandidate[] | undefined;
      for (let j = 0; ; ) {
        const k = this.lookup(hash, length, window, j + 1);
        if (k < 0) break;
        const candidates = this.candidatesFor(k, window, j + 1, text, acceptCapitals);
        if (candidates !== undefined) {
          bestLast = j;
          bestCandidates = candidates;
        }
        j++;
        if (j >= maxTokens) break;
        const next = tokenAt(j);
        if (next === undefined || !isJoinable(next.gap)) break;
        hash = hashKey(next.folded, hashKey(' ', hash));
        length += 1 + next.folded.length;
      }
      if (bestCandidates === undefined) {
        window.shift();
        continue;
      }
      const start = first.start;
      const end = endOfMention(text, window, bestLast);
      results.push({
        start,
        end,
        text: text.slice(start, end),
        tokenCount: bestLast + 1,
        candidates: bestCandidates.length > 1 ? rankCandidates(bestCandidates) : bestCandidates,
      });
      window.splice(0, bestLast + 1);
    }
    return results;
  }

  /**
   * The index of the key made of the folded `tokens[0..count-1]` joined by spaces, given its hash
   * and length, or -1 when no alias starts with these words.
   */
  private lookup(hash: number, length: number, tokens: readonly Token[], count: number): number {
    const { keys, keyStarts, keySlots } = this.data;
    const mask = keySlots.length - 1;
    probing: for (let h = hash & mask; ; h = (h + 1) & mask) {
      const slot = keySlots[h]!;
      if (slot === 0) return -1;
      const k = slot - 1;
      let at = keyStarts[k]!;
      if (keyStarts[k + 1]! - 1 - at !== length) continue;
      for (let t = 0; t < count; t++) {
        if (t > 0 && keys.charCodeAt(at++) !== 0x20) continue probing;
        const word = tokens[t]!.folded;
        if (!keys.startsWith(word, at)) continue probing;
        at += word.length;
      }
      return k;
    }
  }

  /**
   * The entities with a variant of key `k` that fits how `tokens[0..count-1]` are written, one
   * entry per entity, or undefined when none fits.
   */
  private candidatesFor(
    k: number,
    tokens: readonly Token[],
    count: number,
    text: string,
    acceptCapitals: boolean,
  ): MatchCandidate[] | undefined {
    const d = this.data;
    const to = d.firstVariant[k + 1]!;
    let found: MatchCandidate[] | undefined;
    let exactText: string | undefined;
    for (let v = d.firstVariant[k]!; v < to; v++) {
      const flags = d.variantFlags[v]!;
      let capitals = false;
      if (flags & FLAG_EXACT) {
        exactText ??= tokens
          .slice(0, count)
          .map((t) => stripDiacritics(text.slice(t.start, t.end)))
          .join(' ');
        const form = this.exactForms.get(v)!;
        if (form !== exactText) {
          capitals = acceptCapitals && isAllCaps(tokens, count) && form.toUpperCase() === exactText;
          if (!capitals) continue;
        }
      } else if (!fitsCase(flags, tokens, count)) {
        continue;
      }
      const e = d.variantEntity[v]!;
      const isName = (flags & FLAG_IS_NAME) !== 0;
      const exact = (flags & FLAG_EXACT) !== 0;
      found ??= [];
      // Variants are sorted by entity, so another variant of the same entity is the last one found.
      const previous = found[found.length - 1];
      if (previous?.entity === e) {
        previous.isName ||= isName;
        previous.capitals &&= capitals;
      } else {
        found.push({ id: this.entityIds[e]!, kind: this.kindOf(e), prominence: d.entityProminence[e]!, entity: e, isName, exact, capitals });
      }
    }
    return found;
  }

  private kindOf(e: number): EntityKind {
    return ENTITY_KINDS[this.data.entityKinds[e]!] ?? 'place';
  }
}
