/**
 * Names inside longer names the knowledge base does not hold. "Hunter Biden" is not Joe Biden,
 * "Jordan Bardella" is not the country, "Voice of America" is not the United States, "National
 * Security Council" is not the UN's: a capitalised word glued to the match that is not a title, a
 * sentence opener or another known name means the match is part of some other name.
 * Only meaningful in running prose: in a Title Case headline every word is capitalised.
 */
import { tokenize } from '../text/normalize';
import type { TextContext } from './text-context';
import { FACILITY_HEADS, HARMLESS_FOLLOWERS, NOT_NAME_WORDS, OF_HEADS, ORGANIZATION_HEADS, PERSON_TITLES } from './words';

/** Whether token i is a capitalised word that could belong to a name no match covers. */
function isUnknownNameWord(ctx: TextContext, i: number, covered: ReadonlySet<number>): boolean {
  const t = ctx.tokens[i];
  if (t === undefined || t.shape === 'lower' || covered.has(i)) return false;
  if (!/\p{L}/u.test(ctx.raw(i))) return false;
  return !NOT_NAME_WORDS.has(t.folded) && !PERSON_TITLES.has(t.folded);
}

/**
 * The word right before the match is an unknown name word ("Hunter" Biden). `ownNameWords` are the
 * folded words of the candidates' display names: "Volodymyr" (or "Volodimir") before "Zelensky" is
 * the same person.
 * With `midSentenceOnly`, a sentence opener is not taken for a name ("Neighbouring Georgia").
 */
export function precededByUnknownName(
  ctx: TextContext,
  first: number,
  covered: ReadonlySet<number>,
  ownNameWords: ReadonlySet<string>,
  { midSentenceOnly = false } = {},
): boolean {
  if (!ctx.adjacent(first) || !isUnknownNameWord(ctx, first - 1, covered)) return false;
  if (midSentenceOnly && ctx.isSentenceStart(first - 1)) return false;
  return !isOwnNameWord(ctx.tokens[first - 1]!.folded, ownNameWords);
}

/**
 * Whether a folded word is one of a person's name words, another spelling of one ("Sergey" for
 * "Sergei"), or its initial ("V." for "Vladimir").
 */
export function isOwnNameWord(word: string, ownNameWords: ReadonlySet<string>): boolean {
  for (const w of ownNameWords) if (w === word || (word.length === 1 ? w.startsWith(word) : sameStem(w, word))) return true;
  return false;
}

/**
 * The words right after the match are an unknown name ("Jordan" Bardella, "Washington" Post). A run of
 * capitalised words holding a title or an office is a title, not a name: "U.S. National Security
 * Adviser Jake Sullivan", "Georgia Foreign Minister".
 */
export function followedByUnknownName(ctx: TextContext, last: number, covered: ReadonlySet<number>): boolean {
  const MAX_RUN = 4;
  if (!ctx.adjacent(last + 1) || !isUnknownNameWord(ctx, last + 1, covered)) return false;
  for (let j = last + 1; j <= last + MAX_RUN && j < ctx.tokens.length && ctx.tokens[j]!.shape !== 'lower'; j++) {
    const word = ctx.tokens[j]!.folded;
    if (HARMLESS_FOLLOWERS.has(word) || PERSON_TITLES.has(word)) return false;
    if (!ctx.adjacent(j + 1)) break;
  }
  return true;
}

/**
 * The match opens the name of an organization or a facility the knowledge base does not hold:
 * capitalised words follow it up to an organization or facility word ("Kherson Regional Council",
 * "Kyiv Post", "Piedmont Park"). One common word alone does not count ("Georgia Parliament",
 * "Ukraine Government" still name the country).
 */
export function opensLongerName(ctx: TextContext, last: number, covered: ReadonlySet<number>): boolean {
  const MAX_WORDS = 4;
  // Any capitalised word may be part of such a name ("Central Park", "North Station"), but a title ends it.
  const nameWord = (j: number) => {
    const t = ctx.tokens[j];
    return t !== undefined && t.shape !== 'lower' && !covered.has(j) && !PERSON_TITLES.has(t.folded) && /\p{L}/u.test(ctx.raw(j));
  };
  for (let j = last + 1; j <= last + MAX_WORDS && ctx.adjacent(j) && nameWord(j); j++) {
    const word = ctx.tokens[j]!.folded;
    if (ORGANIZATION_HEADS.has(word) || FACILITY_HEADS.has(word)) return j > last + 1 || !HARMLESS_FOLLOWERS.has(word);
  }
  return false;
}

/** "Voice of America", "University of Georgia": the match completes an institution's name. */
export function endsInstitutionName(ctx: TextContext, first: number, covered: ReadonlySet<number>): boolean {
  const of = ctx.tokens[first - 1];
  if (of === undefined || of.folded !== 'of' || of.shape !== 'lower' || !ctx.adjacent(first) || !ctx.adjacent(first - 1)) return false;
  return isUnknownNameWord(ctx, first - 2, covered) && !OF_HEADS.has(ctx.tokens[first - 2]!.folded) && !ctx.isSentenceStart(first - 2);
}

/**
 * Two spellings of one name share their first four letters once y and j are read as i: "Sergei" and
 * "Sergey", "Dmytro" and "Dmitri", "Mykhailo" and "Mikhail".
 */
function sameStem(a: string, b: string): boolean {
  const STEM = 4;
  const stem = (w: string) => w.replace(/[yj]/g, 'i').slice(0, STEM);
  return a.length >= STEM && b.length >= STEM && stem(a) === stem(b);
}

/** The folded words of display names ("Volodymyr Zelenskyy" → volodymyr, zelenskyy). */
export function nameWords(names: readonly string[]): Set<string> {
  return new Set(names.flatMap((name) => tokenize(name).map((t) => t.folded)));
}
