/**
 * The document-level resolver: runs after the matcher over all the texts of one page and decides,
 * for each match, which candidate it names and whether to keep it at all. Dropping is how precision
 * is won: a common-word city at a sentence start with nothing around it, a name inside a longer
 * unknown name, a word of a Title Case headline. `docs/resolver.md` describes the rules.
 */
import type { CandidateMatch, EntityRef, Matcher } from '../matcher';
import type { EntityKind } from '../pack/types';
import { cuesAround, cueScore, type Cues } from './cues';
import { EntityFacts, isSelfEvident } from './entity-facts';
import { findFollowUps, followUpSurnames } from './follow-ups';
import { endsInstitutionName, followedByUnknownName, isOwnNameWord, nameWords, opensLongerName, precededByUnknownName } from './longer-names';
import { PageEvidence } from './page-evidence';
import { closesRegionList, regionNamed } from './region-lists';
import { scoreCandidates, type ScoredCandidate } from './score';
import { TextContext, type LineStyle } from './text-context';
import { firstTokenAfterTitles } from './titles';

export interface ResolvedMention {
  /**
   * UTF-16 offsets into the text, `end` exclusive. A person mention leaves out a leading title ("King
   * Abdullah II" → "Abdullah II") and takes in a given name spelled otherwise than the aliases ("Dmitri Kuleba").
   */
  start: number;
  end: number;
  text: string;
  id: string;
  kind: EntityKind;
  /** The other candidates, best first. */
  alternatives: string[];
  /** The margin between `id` and the first alternative is below `uncertainMargin`. */
  uncertain: boolean;
  /** The chosen candidate's score (prior + page support + cues), for debugging and evaluation. */
  score?: number;
}

export interface ResolveOptions {
  /** A mention whose best candidate leads the second by less than this is `uncertain`. Default 1. */
  uncertainMargin?: number;
}

export const DEFAULT_UNCERTAIN_MARGIN = 1;

/** Why a match was dropped. */
type DropReason = 'address' | 'longer-name' | 'other-person' | 'wrong-kind' | 'no-context';

interface Item {
  ctx: TextContext;
  /** The text and line the match stands in. */
  paragraph: string;
  /** Token indexes of the text that some match covers. */
  covered: ReadonlySet<number>;
  match: CandidateMatch;
  refs: EntityRef[];
  /** Token indexes of the match's first and last word. */
  first: number;
  last: number;
  style: LineStyle;
  sentenceStart: boolean;
  cues: Cues;
  /** Every candidate answers to these words only as an ambiguous alias. */
  allExact: boolean;
  /** A person's bare surname: one word that is not the display name. */
  surname: boolean;
  scored?: ScoredCandidate[];
  drop?: DropReason;
  /** Set when the words around make a city's name its region's ("the Sumy and Odesa regions"). */
  region?: { id: string; kind: EntityKind };
}

/** Prominence from which a bare surname is taken for the person when nothing contradicts it. */
const WELL_KNOWN = 50;

/** Whether the line is prose and the word is not a sentence opener: its capital is evidence of a name. */
const capitalisedInProse = (item: Item) => item.style === 'prose' && !item.sentenceStart;

export function resolveDocument(matcher: Matcher, texts: readonly string[], options: ResolveOptions = {}): ResolvedMention[][] {
  const margin = options.uncertainMargin ?? DEFAULT_UNCERTAIN_MARGIN;
  const facts = new EntityFacts(matcher);
  const page = new PageEvidence();
  const contexts = texts.map((text) => new TextContext(text));
  const covered = contexts.map(() => new Set<number>());
  const items = texts.map((text, t) => analyseText(matcher.findCandidates(text), t, contexts[t]!, covered[t]!, facts));
  const all = items.flat();

  for (const item of all) dropLongerNames(item, page);
  for (const item of all) collectEvidence(item, page);
  for (const item of all) collectGivenNames(item, page);
  const decide = (item: Item) => {
    item.scored = scoreCandidates(item.match.candidates, item.refs, item.cues, page, item.paragraph);
    item.drop = keepOrDrop(item, item.scored[0]!, page);
  };
  for (const item of all) if (!item.drop) decide(item);
  // Second round: names the first round settled with a clear margin ("Georgia" the state) vote too,
  // and the mentions that had several candidates are weighed again.
  const undecided: Item[] = [];
  for (const item of all) {
    if (item.drop || item.match.candidates.length < 2) continue;
    if (leadOf(item) >= margin) page.addAnchor(item.scored![0]!.ref, item.paragraph);
    undecided.push(item);
  }
  for (const item of undecided) decide(item);
  reviveConfirmed(all);
  for (const item of all) if (!item.drop) readAsRegion(item, matcher, facts);

  const surnames = followUpSurnames([...page.namedInFull].map((id) => ({ id, name: facts.get(id).name })));
  return items.map((textItems, t) => {
    const ctx = contexts[t]!;
    const kept = textItems.filter((item) => !item.drop).map((item) => toMention(item, margin, page));
    const followUps = findFollowUps(ctx, covered[t]!, surnames, page, (id) => facts.get(id).name);
    return [...kept, ...followUps].sort((a, b) => a.start - b.start);
  });
}

function analyseText(matches: CandidateMatch[], t: number, ctx: TextContext, covered: Set<number>, facts: EntityFacts): Item[] {
  const located = matches.map((match) => ({ match, first: ctx.tokenStartingAt(match.start), last: ctx.tokenEndingBy(match.end) }));
  for (const { first, last } of located) for (let i = first; i >= 0 && i <= last; i++) covered.add(i);
  return located.flatMap(({ match, first, last }, m) => {
    if (first < 0 || last < first) return [];
    const next = matches[m + 1];
    const previous = matches[m - 1];
    const refs = match.candidates.map((c) => facts.get(c.id));
    const item: Item = {
      ctx,
      paragraph: `${t}:${ctx.lineStart(match.start)}`,
      covered,
      match,
      refs,
      first,
      last,
      style: ctx.lineStyle(match.start),
      sentenceStart: ctx.isSentenceStart(first),
      cues: {
        ...cuesAround(ctx, first, last, {
          previous: previous && { end: previous.end, isPlace: previous.candidates[0]!.kind === 'place' },
          next: next && { start: next.start, ids: next.candidates.map((c) => c.id) },
        }),
        givenNameOf: givenNameBefore(ctx, first, covered, refs),
      },
      allExact: match.candidates.every((c) => c.exact),
      surname: match.tokenCount === 1 && match.candidates.some((c, i) => refs[i]!.kind === 'person' && !c.isName),
    };
    if (ctx.inAddress(match.start, match.end)) item.drop = 'address';
    return [item];
  });
}

/** The people among `refs` whose given name (another spelling, an initial) is the word right before: "Dmitri" Kuleba. */
function givenNameBefore(ctx: TextContext, first: number, covered: ReadonlySet<number>, refs: readonly EntityRef[]): string[] {
  const before = ctx.tokens[first - 1];
  if (before === undefined || before.shape === 'lower' || covered.has(first - 1) || !ctx.adjacent(first)) return [];
  return refs.filter((r) => r.kind === 'person' && isOwnNameWord(before.folded, nameWords([r.name]))).map((r) => r.id);
}

/** "Hunter Biden", "Jordan Bardella", "Voice of America": drops the match, remembers the unknown surname. */
function dropLongerNames(item: Item, page: PageEvidence): void {
  if (item.drop || item.style !== 'prose') return;
  const covers = item.covered;
  const placeOrOrganization = item.refs.every((r) => r.kind === 'place' || r.kind === 'organization');
  if (placeOrOrganization && opensLongerName(item.ctx, item.last, covers)) {
    item.drop = 'longer-name';
    return;
  }
  if (!(item.allExact || item.surname)) return;
  const own = nameWords(item.refs.filter((r) => r.kind === 'person').map((r) => r.name));
  // A country or a big city after a sentence opener ("Neighbouring Georgia") is still the place.
  const midSentenceOnly = !item.surname && item.refs.every((r) => isSelfEvident(r));
  if (precededByUnknownName(item.ctx, item.first, covers, own, { midSentenceOnly })) {
    item.drop = 'longer-name';
    if (item.surname) page.addUnknownSurname(item.ctx.tokens[item.first]!.folded);
  } else if (followedByUnknownName(item.ctx, item.last, covers)) {
    item.drop = 'longer-name';
  } else if (item.allExact && item.refs.some((r) => r.kind === 'place') && endsInstitutionName(item.ctx, item.first, covers)) {
    item.drop = 'longer-name';
  }
}

/** Unambiguous mentions become anchors; people named with several words are named in full. */
function collectEvidence(item: Item, page: PageEvidence): void {
  if (item.drop || item.match.candidates.length !== 1) return;
  const [candidate] = item.match.candidates;
  const ref = item.refs[0]!;
  if (!candidate!.exact || (isSelfEvident(ref) && item.style !== 'caps')) page.addAnchor(ref, item.paragraph);
  if (ref.kind === 'person' && item.match.tokenCount >= 2) page.addFullName(ref.id);
}

/** A surname after the person's given name in another spelling ("Dmitri Kuleba") names them in full too. */
function collectGivenNames(item: Item, page: PageEvidence): void {
  if (!item.drop && item.cues.givenNameOf.length === 1) page.addFullName(item.cues.givenNameOf[0]!);
}

function keepOrDrop(item: Item, best: ScoredCandidate, page: PageEvidence): DropReason | undefined {
  const ref = best.ref;
  const { cues } = item;
  if (item.surname && ref.kind === 'person' && !page.isNamedInFull(ref.id) && !cues.title) {
    if (page.hasUnknownSurname(item.ctx.tokens[item.first]!.folded)) return 'other-person';
  }
  if (ref.kind === 'place' && best.candidate.exact && !isSelfEvident(ref) && (cues.title || cues.speech)) return 'wrong-kind';
  if (needsContext(item, best) && !hasContext(item, best, page)) return 'no-context';
  return undefined;
}

/**
 * Names that need more than their capital letter: ambiguous aliases of people and of small places
 * (common words, first names), and any ambiguous alias in capitals or in an ALL CAPS line.
 */
function needsContext(item: Item, best: ScoredCandidate): boolean {
  if (!best.candidate.exact) return false;
  return item.style === 'caps' || best.candidate.capitals || !isSelfEvident(best.ref);
}

function hasContext(item: Item, best: ScoredCandidate, page: PageEvidence): boolean {
  const ref = best.ref;
  if (ref.kind === 'person') {
    // A well-known person's surname, capitalised inside a sentence or saying something, is taken at its
    // word; a lesser-known one ("Meta said") needs the full name or a title.
    if (page.isNamedInFull(ref.id) || item.cues.title || item.cues.givenNameOf.includes(ref.id)) return true;
    return ref.prominence >= WELL_KNOWN && item.style === 'prose' && (!item.sentenceStart || item.cues.speech);
  }
  if (cueScore(ref, item.cues) > 0) return true;
  switch (ref.kind) {
    case 'place':
      // A capital inside a sentence plus a page about the same country will do. A sentence opener or a
      // headline word needs another place of the country if the name is shared with other places
      // (Mykolaiv), and its region if it is a common word of its own (Reading, Mobile).
      if (capitalisedInProse(item)) return page.placeIsInContext(ref, 'country');
      return page.placeIsInContext(ref, item.match.candidates.length > 1 ? 'places of the country' : 'region');
    default:
      return page.isAnchor(ref.id) || capitalisedInProse(item);
  }
}

/**
 * A headline word or a surname dropped for want of context is kept when the page names the same entity
 * where it had context. A common-word place opening a sentence is not: "Reading the report" stays
 * a verb however often the page mentions the town.
 */
function reviveConfirmed(all: Item[]): void {
  const confirmed = new Set(all.filter((i) => !i.drop && i.style === 'prose').map((i) => i.scored![0]!.ref.id));
  for (const item of all) {
    if (item.drop !== 'no-context') continue;
    const best = item.scored![0]!.ref;
    const openerPlace = best.kind === 'place' && item.style === 'prose' && item.sentenceStart;
    if (!openerPlace && confirmed.has(best.id)) item.drop = undefined;
  }
}

/**
 * A city name that the words around make a region's ("the Sumy and Odesa regions", "the governor of
 * Kherson", "the Donetsk regional governor") stands for the region, when the knowledge base has one
 * of that name.
 */
function readAsRegion(item: Item, matcher: Matcher, facts: EntityFacts): void {
  const best = item.scored![0]!.ref;
  if (best.kind !== 'place' || best.placeType === 'region') return;
  if (!item.cues.region && !closesRegionList(item.ctx, item.last)) return;
  const region = regionNamed(matcher, facts, item.match.text, best.countries);
  if (region) item.region = { id: region.id, kind: region.kind };
}

function toMention(item: Item, margin: number, page: PageEvidence): ResolvedMention {
  const scored = item.scored!;
  const best = scored[0]!;
  const ctx = item.ctx;
  // A person mention leaves out leading titles and takes in a given name no alias spelled ("Dmitri Kuleba").
  let start = item.match.start;
  if (best.ref.kind === 'person') {
    start = item.cues.givenNameOf.includes(best.ref.id)
      ? ctx.tokens[item.first - 1]!.start
      : ctx.tokens[firstTokenAfterTitles(ctx, item.first, item.last, best.ref.name)]!.start;
  }
  const end = item.match.end;
  const alternatives = scored.slice(1).map((s) => s.ref.id);
  const chosen = item.region ?? { id: best.ref.id, kind: best.ref.kind };
  if (item.region) alternatives.unshift(best.ref.id);
  return {
    start,
    end,
    text: ctx.text.slice(start, end),
    id: chosen.id,
    kind: chosen.kind,
    alternatives,
    uncertain: leadOf(item) < margin || unsupportedSharedSurname(item, best, page),
    score: Math.round(best.score * 100) / 100,
  };
}

/** The lead of the best candidate over the second. */
function leadOf(item: Item): number {
  const [best, second] = item.scored!;
  return second === undefined ? Infinity : best!.score - second.score;
}

/** A surname two known people share, with neither named in full nor titled: a guess, however famous one of them is. */
function unsupportedSharedSurname(item: Item, best: ScoredCandidate, page: PageEvidence): boolean {
  const people = item.scored!.filter((s) => s.ref.kind === 'person');
  return item.surname && best.ref.kind === 'person' && people.length > 1 && !item.cues.title && !people.some((s) => page.isNamedInFull(s.ref.id));
}
