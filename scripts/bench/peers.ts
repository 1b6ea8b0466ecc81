/**
 * Two peers of the matcher for the benchmarks, computing the same mentions (`MatchResult`: offsets in
 * the original text, entity id, kind, alternatives) by the usual means of in-page highlighters:
 *
 * 1. `regexPeer`: ONE JavaScript regular expression, the alternation of every alias key (escaped,
 *    longest first), run once over the text;
 * 2. `perTermPeer`: the mark.js way, one scan of the text per alias (`indexOf`, with word-boundary
 *    checks), then the leftmost-longest choice among the hits. Written here after mark.js's algorithm;
 *    the mark.js package is not used.
 *
 * Both replace only the search. What a word is, how it is folded and how an alias is written stay the
 * matcher's own rules, shared rather than imitated, so that the output can be identical:
 * - the text is cut into tokens by `TokenReader` (lib/text/normalize.ts) and the peers search a
 *   "folded text": the folded tokens joined by " " where the gap between them may sit inside a name
 *   (space, hyphen, apostrophe, abbreviation period) and by "\n" where it may not (commas, sentence ends);
 * - an alias becomes a key and case rules by `compileAlias` (lib/matcher/index-data.ts), as in the index;
 * - a hit whose text does not fit any variant's case rules is dropped (and the next shorter alias at the
 *   same place is tried), and the entities sharing the words are ordered by `rankCandidates`.
 * The cost of tokenizing and folding the text is part of each peer's time.
 */
import { caseRuleOf, CASE_CAPITAL, CASE_UPPER, compileAlias, type MatchableEntity } from '../../lib/matcher/index-data';
import type { MatchResult } from '../../lib/matcher';
import { rankCandidates, type Candidate } from '../../lib/matcher/rank';
import { isJoinable, stripDiacritics, TokenReader } from '../../lib/text/normalize';
import type { EntityKind } from '../../lib/pack/types';

export interface Peer {
  name: string;
  find(text: string): MatchResult[];
}

interface PeerVariant {
  entity: number;
  caseFlags: number;
  /** Exact form of an ambiguous alias; '' for others. */
  exact: string;
  isName: boolean;
}

interface KeyEntry {
  key: string;
  tokenCount: number;
  /** Sorted by entity. */
  variants: PeerVariant[];
}

/** Every alias of every entity, by key: the list a highlighter would build from the pack. */
export interface AliasTable {
  entities: Array<{ id: string; kind: EntityKind; prominence: number }>;
  byKey: Map<string, KeyEntry>;
}

/**
 * The aliases of the entities, merged as the matcher's index merges them: an id seen twice is one entity
 * (the first record's name, kind and prominence), an alias listed as ambiguous must match with its exact case.
 */
export function aliasTable(entities: Iterable<MatchableEntity>): AliasTable {
  const table: AliasTable = { entities: [], byKey: new Map() };
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  const seen = new Map<string, PeerVariant>();
  for (const entity of entities) {
    let e = indexOf.get(entity.id);
    if (e === undefined) {
      e = table.entities.length;
      indexOf.set(entity.id, e);
      table.entities.push({ id: entity.id, kind: entity.kind, prominence: entity.prominence ?? 0 });
      names.push(entity.name);
    }
    const ambiguous = new Set((entity.ambiguous ?? []).map((a) => compileAlias(a, false)?.key));
    for (const alias of new Set([entity.name, ...entity.aliases])) {
      const plain = compileAlias(alias, false);
      if (!plain) continue;
      const compiled = ambiguous.has(plain.key) ? compileAlias(alias, true)! : plain;
      const isName = alias === names[e];
      const signature = `${compiled.key}\u0000${e}\u0000${compiled.caseFlags}\u0000${compiled.exact}`;
      const same = seen.get(signature);
      if (same) {
        same.isName ||= isName;
        continue;
      }
      const variant: PeerVariant = { entity: e, caseFlags: compiled.caseFlags, exact: compiled.exact, isName };
      seen.set(signature, variant);
      let entry = table.byKey.get(compiled.key);
      if (!entry) table.byKey.set(compiled.key, (entry = { key: compiled.key, tokenCount: compiled.tokenCount, variants: [] }));
      entry.variants.push(variant);
    }
  }
  for (const entry of table.byKey.values()) entry.variants.sort((a, b) => a.entity - b.entity);
  return table;
}

/**
 * The text as the peers search it: the folded text and, per token, where it lies in the original text
 * and in the folded one, how it is written and what separates it from the token before.
 */
interface FoldedText {
  text: string;
  folded: string;
  count: number;
  /** Offsets of token t in the original text. */
  start: Int32Array;
  end: Int32Array;
  /** Offsets of token t in `folded`. */
  foldedStart: Int32Array;
  foldedEnd: Int32Array;
  shape: Uint8Array;
  /** 1 where the gap before token t is an abbreviation period ("U.S."), else 0. */
  abbreviation: Uint8Array;
}

const JOIN = ' ';
const BREAK = '\n';
const LOWER = 0;
const UPPER = 2;
const SHAPES = { lower: LOWER, capital: 1, upper: UPPER } as const;

export function foldText(text: string): FoldedText {
  // Tokens are maximal runs of word characters, so there are at most half as many as code units; start
  // with a guess and grow.
  let size = Math.max(16, Math.ceil(text.length / 4));
  let start = new Int32Array(size);
  let end = new Int32Array(size);
  let foldedStart = new Int32Array(size);
  let foldedEnd = new Int32Array(size);
  let shape = new Uint8Array(size);
  let abbreviation = new Uint8Array(size);
  const grow = () => {
    size *= 2;
    const bigger = <A extends Int32Array | Uint8Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(size);
      b.set(a);
      return b;
    };
    [start, end, foldedStart, foldedEnd, shape, abbreviation] = [bigger(start), bigger(end), bigger(foldedStart), bigger(foldedEnd), bigger(shape), bigger(abbreviation)];
  };
  const reader = new TokenReader(text);
  let folded = '';
  let count = 0;
  for (let t = reader.next(); t !== undefined; t = reader.next(), count++) {
    if (count === size) grow();
    if (count > 0) folded += isJoinable(t.gap) ? JOIN : BREAK;
    start[count] = t.start;
    end[count] = t.end;
    shape[count] = SHAPES[t.shape];
    abbreviation[count] = t.gap === 'abbreviation' ? 1 : 0;
    foldedStart[count] = folded.length;
    folded += t.folded;
    foldedEnd[count] = folded.length;
  }
  return { text, folded, count, start, end, foldedStart, foldedEnd, shape, abbreviation };
}

/** Whether the text's tokens `first..first+count-1` are written as the variant demands. */
function fits(v: PeerVariant, f: FoldedText, first: number, count: number): boolean {
  if (v.exact !== '') {
    let written = '';
    for (let t = first; t < first + count; t++) written += (t > first ? ' ' : '') + stripDiacritics(f.text.slice(f.start[t], f.end[t]));
    return written === v.exact;
  }
  for (let t = 0; t < count; t++) {
    const rule = caseRuleOf(v.caseFlags, t);
    const shape = f.shape[first + t];
    if (rule === CASE_CAPITAL ? shape === LOWER : rule === CASE_UPPER && shape !== UPPER) return false;
  }
  return true;
}

type PeerCandidate = Candidate & { entity: number };

/** The entities whose variant of the key fits the words at `first`, one per entity, best first; undefined when none fits. */
function candidatesAt(table: AliasTable, entry: KeyEntry, f: FoldedText, first: number): PeerCandidate[] | undefined {
  let found: PeerCandidate[] | undefined;
  for (const v of entry.variants) {
    if (!fits(v, f, first, entry.tokenCount)) continue;
    found ??= [];
    const previous = found[found.length - 1];
    if (previous?.entity === v.entity) previous.isName ||= v.isName;
    else {
      const e = table.entities[v.entity]!;
      found.push({ id: e.id, kind: e.kind, prominence: e.prominence, isName: v.isName, entity: v.entity });
    }
  }
  return found && found.length > 1 ? rankCandidates(found) : found;
}

/** The mention of tokens `first..first+count-1`, ending after a dotted initialism's period ("U.S."). */
function mention(f: FoldedText, first: number, count: number, candidates: PeerCandidate[]): MatchResult {
  const last = first + count - 1;
  const lastEnd = f.end[last]!;
  const dotted = count > 1 && f.abbreviation[last] === 1 && lastEnd - f.start[last]! === 1 && f.shape[last] === UPPER && f.text.charCodeAt(lastEnd) === 0x2e;
  const start = f.start[first]!;
  const end = dotted ? lastEnd + 1 : lastEnd;
  const [best, ...others] = candidates;
  return { start, end, text: f.text.slice(start, end), id: best!.id, kind: best!.kind, alternatives: others.map((c) => c.id) };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The alternation's source: every key, longest first, standing between separators (or the text's ends). */
export function alternationSource(table: AliasTable): string {
  const keys = [...table.byKey.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `(?<![^ \\n])(?:${keys.map(escapeRegExp).join('|')})(?![^ \\n])`;
}

/**
 * Compiles the alternation so that the first search does not pay for it: V8 compiles a regular expression
 * on its first use (to bytecode), again on its second (to machine code), and once more for the first
 * two-byte subject string. `salt` makes the source unique (an alternative that never matches), so a
 * second compile of the same aliases is not answered from V8's regular-expression cache.
 */
export function compileAlternation(table: AliasTable, salt = 0): RegExp {
  const pattern = new RegExp(`${alternationSource(table)}${salt ? `|(?!)${salt}` : ''}`, 'g');
  for (const sample of ['a b', 'a b', 'a \u0436', 'a \u0436']) {
    pattern.lastIndex = 0;
    pattern.exec(sample);
  }
  return pattern;
}

/**
 * Peer 1: one regular expression, the alternation of all alias keys, over the folded text. Because the
 * alternatives are longest first, each hit is the longest alias at its place; if its case does not fit,
 * the shorter aliases its words start with are tried, and the search goes on after the first word.
 */
export function regexPeer(table: AliasTable, pattern = compileAlternation(table)): Peer {
  return {
    name: 'regex alternation',
    find(text: string): MatchResult[] {
      const f = foldText(text);
      const results: MatchResult[] = [];
      pattern.lastIndex = 0;
      let t = 0;
      for (let m = pattern.exec(f.folded); m !== null; m = pattern.exec(f.folded)) {
        while (f.foldedStart[t]! < m.index) t++;
        let key = m[0];
        let done = false;
        for (;;) {
          const entry = table.byKey.get(key);
          const candidates = entry && candidatesAt(table, entry, f, t);
          if (entry && candidates) {
            results.push(mention(f, t, entry.tokenCount, candidates));
            pattern.lastIndex = f.foldedEnd[t + entry.tokenCount - 1]!;
            done = true;
            break;
          }
          const space = key.lastIndexOf(JOIN);
          if (space < 0) break;
          key = key.slice(0, space);
        }
        if (!done) pattern.lastIndex = f.foldedEnd[t]!;
      }
      return results;
    },
  };
}

const isSeparator = (c: number) => c === 0x20 || c === 0x0a;

/**
 * Peer 2, after mark.js: for each alias, every occurrence in the folded text (`indexOf`) that stands
 * between separators and whose case fits; then, from the left, the longest hit at each place, skipping
 * the words it covers (so the result never overlaps, as the matcher's).
 */
export function perTermPeer(table: AliasTable): Peer {
  const entries = [...table.byKey.values()];
  return {
    name: 'per-term scan',
    find(text: string): MatchResult[] {
      const f = foldText(text);
      const { folded, foldedStart: starts } = f;
      const longest = new Int32Array(f.count);
      const chosen = new Map<number, PeerCandidate[]>();
      const tokenAt = (offset: number): number => {
        let lo = 0;
        let hi = f.count - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      for (const entry of entries) {
        const { key, tokenCount } = entry;
        for (let p = folded.indexOf(key); p >= 0; p = folded.indexOf(key, p + 1)) {
          if (p > 0 && !isSeparator(folded.charCodeAt(p - 1))) continue;
          const after = p + key.length;
          if (after < folded.length && !isSeparator(folded.charCodeAt(after))) continue;
          const t = tokenAt(p);
          if (tokenCount <= longest[t]!) continue;
          const candidates = candidatesAt(table, entry, f, t);
          if (!candidates) continue;
          longest[t] = tokenCount;
          chosen.set(t, candidates);
        }
      }
      const results: MatchResult[] = [];
      for (let t = 0; t < f.count; ) {
        const count = longest[t]!;
        if (count === 0) {
          t++;
          continue;
        }
        results.push(mention(f, t, count, chosen.get(t)!));
        t += count;
      }
      return results;
    },
  };
}
