/**
 * Kind cues: the words right around a mention that say what sort of thing it names. "President" or
 * "Gov." before it, "said" after it: a person. "in" or "the city of" before it: a place, a city.
 * "region", "state" after it: a region. A following possessive "'s" says nothing.
 */
import type { EntityRef } from '../matcher';
import { isCountry, isSettlement } from './entity-facts';
import type { TextContext } from './text-context';
import {
  CAPITALISED_ONLY_TITLES,
  CITY_WORDS,
  COUNTRY_WORDS,
  OFFICES,
  PERSON_TITLES,
  PLACE_PREPOSITIONS,
  REGION_WORDS,
  ROLE_NOUNS,
  SPEECH_VERBS,
  VENUE_NOUNS,
} from './words';

export interface Cues {
  /** A person's title or role right before ("President", "Gov.", "spokesman", "its queen, ..."). */
  title: boolean;
  /** A verb of speech right after ("said", "told"). */
  speech: boolean;
  /** "in", "near", "outside"... right before. */
  placePreposition: boolean;
  /** "the city of X", "capital X", "X city". */
  city: boolean;
  /** "the state of X", "the governor of X", "X region", "X province", "X regional ...". */
  region: boolean;
  /** "the Republic of X", "the country of X". */
  country: boolean;
  /** An office right after ("Mykolaiv Governor", "Kharkiv Mayor", "Jordan King"): the name is a place. */
  officeAfter: boolean;
  /** A role noun right after ("White House spokesman"): an institution, not its building. */
  roleAfter: boolean;
  /** A venue noun right after ("White House talks"): the building, not the institution. */
  venueAfter: boolean;
  /** The name is (part of) a dateline ("Pentagon — ...", "TBILISI, GEORGIA —"): a place. */
  dateline: boolean;
  /** A place's part comes first ("the West Wing of the White House"): the name is a place too. */
  afterPartOfPlace: boolean;
  /** People among the candidates whose given name (or its initial) stands right before: "Dmitri" Kuleba. */
  givenNameOf: readonly string[];
  /** Candidate ids of the name right after a comma ("Mobile, Alabama", "Split, Croatia"): where the place lies. */
  apposition: readonly string[];
}

export const NO_CUES: Cues = {
  title: false,
  speech: false,
  placePreposition: false,
  city: false,
  region: false,
  country: false,
  officeAfter: false,
  roleAfter: false,
  venueAfter: false,
  dateline: false,
  afterPartOfPlace: false,
  givenNameOf: [],
  apposition: [],
};

/** What the cues need of the matches next to a mention. */
export interface Neighbours {
  /** The match before: where it ends and whether its best candidate is a place. */
  previous?: { end: number; isPlace: boolean };
  /** The match after: where it starts and its candidate ids. */
  next?: { start: number; ids: readonly string[] };
}

/** The cues around the mention made of tokens `first`..`last` of the text. */
export function cuesAround(ctx: TextContext, first: number, last: number, neighbours: Neighbours = {}): Cues {
  const cues = { ...NO_CUES };
  const tokens = ctx.tokens;
  const before = tokens[first - 1];
  if (before !== undefined && ctx.adjacent(first)) {
    const word = before.folded;
    cues.title = PERSON_TITLES.has(word) && (before.shape !== 'lower' || !CAPITALISED_ONLY_TITLES.has(word));
    // "in Reading", "at the White House".
    const preposition = word === 'the' && before.shape === 'lower' && ctx.adjacent(first - 1) ? tokens[first - 2] : before;
    cues.placePreposition = preposition?.shape === 'lower' && PLACE_PREPOSITIONS.has(preposition.folded);
    cues.city = word === 'capital';
    const head = tokens[first - 2];
    if (word === 'of' && head !== undefined && ctx.adjacent(first - 1)) {
      cues.city ||= CITY_WORDS.has(head.folded);
      // "the state of Washington", "the regional governor of Odesa" (governors govern regions).
      cues.region = REGION_WORDS.has(head.folded) || head.folded === 'governor';
      cues.country = COUNTRY_WORDS.has(head.folded);
    }
  }
  // A title in apposition: "its queen, Rania", "the group's leader, Prigozhin".
  if (before !== undefined && PERSON_TITLES.has(before.folded) && /^,[ \t\u00a0]+$/.test(ctx.gapBefore(first))) cues.title = true;
  const after = tokens[last + 1];
  if (after !== undefined && ctx.adjacent(last + 1)) {
    cues.speech = after.shape === 'lower' && SPEECH_VERBS.has(after.folded);
    // "Donetsk city", but not "the Gaza city of Rafah" (a city in Gaza).
    cues.city ||= after.folded === 'city' && tokens[last + 2]?.folded !== 'of';
    // "Georgia state", "Kursk province" (where no alias covers it), "the Donetsk regional governor".
    cues.region ||= REGION_WORDS.has(after.folded) || (after.folded === 'regional' && after.shape === 'lower');
    cues.officeAfter = after.shape !== 'lower' && OFFICES.has(after.folded);
    cues.roleAfter = after.shape === 'lower' && ROLE_NOUNS.has(after.folded);
    cues.venueAfter = after.shape === 'lower' && VENUE_NOUNS.has(after.folded);
  }
  cues.dateline = inDateline(ctx, first, last);
  const { previous, next } = neighbours;
  if (next !== undefined && after !== undefined && after.start === next.start && /^,[ \t\u00a0]*$/.test(ctx.gapBefore(last + 1))) {
    cues.apposition = next.ids;
  }
  if (previous?.isPlace && /^\s+of\s+the\s+$/.test(ctx.text.slice(previous.end, tokens[first]!.start))) cues.afterPartOfPlace = true;
  return cues;
}

/** How far from the line start a dateline may reach, and how far after the name its dash may come. */
const MAX_DATELINE = 60;

/**
 * Whether the mention is (part of) a dateline: it opens its line, after nothing but other capitalised
 * words and commas, and a dash follows, perhaps after ", COUNTRY": "Pentagon — ...", "WASHINGTON —",
 * "TBILISI, GEORGIA —", "Kyiv, Ukraine —".
 */
function inDateline(ctx: TextContext, first: number, last: number): boolean {
  const start = ctx.tokens[first]!.start;
  const end = ctx.tokens[last]!.end;
  const before = ctx.text.slice(ctx.lineStart(start), start);
  if (before.length > MAX_DATELINE || !/^(?:[\p{Lu}][\p{L}\p{M}'’.-]*,?\s+)*$/u.test(before)) return false;
  return /^(?:,\s*[\p{Lu}][\p{L}\p{M} .'’-]*?)?\s*[—–-]\s/u.test(ctx.text.slice(end, end + MAX_DATELINE));
}

/** How much the cues raise (or lower) a candidate's score. */
export function cueScore(c: EntityRef, cues: Cues): number {
  let score = 0;
  if (cues.title) score += c.kind === 'person' ? 3 : -2;
  if (cues.speech) score += c.kind === 'person' ? 1.5 : c.kind === 'organization' ? 0.5 : isSettlement(c) ? -0.5 : 0;
  if (cues.placePreposition) score += c.kind === 'place' ? 1.5 : -1;
  if (cues.city) score += isSettlement(c) ? 2 : c.kind === 'place' ? -1 : -2;
  if (cues.region) score += c.placeType === 'region' ? 2 : c.kind === 'place' ? -0.5 : -2;
  if (cues.country) score += isCountry(c) ? 2 : -1;
  if (cues.officeAfter) score += c.kind === 'place' ? 1 : c.kind === 'person' ? -1 : 0;
  if (cues.roleAfter) score += c.kind === 'place' ? -1 : 1;
  if (cues.venueAfter) score += c.kind === 'place' ? 1.5 : -0.5;
  if (cues.dateline) score += c.kind === 'place' ? 2 : -1;
  if (cues.afterPartOfPlace) score += c.kind === 'place' ? 1.5 : -0.5;
  if (cues.givenNameOf.includes(c.id)) score += 3;
  if (c.kind === 'place' && cues.apposition.some((id) => id === c.region || c.countries.includes(id))) score += 2;
  return score;
}
