/**
 * Text normalisation shared by the matcher's index build and its search: both sides must fold and
 * split text in exactly the same way, so this is the only place that decides what a "word" is.
 */

/**
 * Letters that Unicode decomposition leaves alone (they are letters of their own, not a base letter
 * plus a mark) but that English-language news usually writes without: "Łódź" → "Lodz", "Øresund" →
 * "Oresund". Also curly apostrophes, so folded free text compares equal whatever quote was typed.
 */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS',
  ø: 'o', Ø: 'O',
  ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D',
  ð: 'd', Ð: 'D',
  þ: 'th', Þ: 'TH',
  æ: 'ae', Æ: 'AE',
  œ: 'oe', Œ: 'OE',
  ı: 'i',
  ħ: 'h', Ħ: 'H',
  ŧ: 't', Ŧ: 'T',
  ŀ: 'l', Ŀ: 'L',
  ĸ: 'k',
  ſ: 's',
  ƒ: 'f',
  // Azerbaijani schwa is romanised as "a" (Əliyev → Aliyev).
  ə: 'a', Ə: 'A',
  // Greek final sigma is the same letter as σ.
  ς: 'σ',
  '\u2019': "'", '\u2018': "'", '\u02BC': "'", '\u02BB': "'",
};
const SPECIAL_LETTER_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');
const MARKS_RE = /\p{M}/gu;
/**
 * Invisible characters that may sit inside a word (soft hyphen, joiners, and the bidi marks LRM, RLM
 * and ALM); they never change its identity. A word reads as it looks: "Pu<LRM>tin" is "putin", not the
 * two words "pu tin", so a pack name with a hidden mark cannot match text the reader sees differently.
 */
const IN_WORD_INVISIBLES_RE = /[\u00AD\u200C\u200D\u2060\u200E\u200F\u061C]/g;
const NON_ASCII_RE = /[^\x00-\x7F]/;

function replaceSpecial(ch: string): string {
  return SPECIAL_LETTERS[ch] ?? ch;
}

/** Removes diacritics and in-word invisibles but keeps the case: "Avdiïvka" → "Avdiivka", "Łódź" → "Lodz". */
export function stripDiacritics(s: string): string {
  if (!NON_ASCII_RE.test(s)) return s;
  return s
    .normalize('NFD')
    .replace(MARKS_RE, '')
    .replace(IN_WORD_INVISIBLES_RE, '')
    .replace(SPECIAL_LETTER_RE, replaceSpecial);
}

/**
 * Recent folds of non-ASCII words: decomposition is the slowest step of tokenizing and the same
 * names recur throughout a text. Bounded by clearing, which is cheap and good enough.
 */
const foldCache = new Map<string, string>();
const FOLD_CACHE_SIZE = 4096;

/** `stripDiacritics` of an already lower-cased non-ASCII word, cached. */
function foldLowered(lower: string): string {
  let folded = foldCache.get(lower);
  if (folded === undefined) {
    folded = stripDiacritics(lower);
    if (foldCache.size >= FOLD_CACHE_SIZE) foldCache.clear();
    foldCache.set(lower, folded);
  }
  return folded;
}

/** The form two words are compared in: lower case, no diacritics ("Avdiïvka" → "avdiivka", "STRAẞE" → "strasse"). */
export function foldToken(s: string): string {
  if (!NON_ASCII_RE.test(s)) return s.toLowerCase();
  // Lower-casing first turns "İ" into "i" + combining dot, which the mark removal then drops.
  return foldLowered(s.toLowerCase());
}

/**
 * How a token is written: 'upper' when it has capitals and no lower-case letters ("NATO", "J",
 * headline "PUTIN"), 'capital' when it starts with a capital ("Putin", "McCain"), else 'lower'
 * (including tokens with no cased letter at all, like "2024").
 */
export type CaseShape = 'lower' | 'capital' | 'upper';

/**
 * What separates a token from the one before it:
 * - 'start': nothing, it is the first token;
 * - 'space': only whitespace (NBSP included) with at most one line break;
 * - 'hyphen': one hyphen or en dash, nothing else ("Ivano-Frankivsk");
 * - 'apostrophe': one apostrophe, nothing else ("O'Brien", "Putin's");
 * - 'abbreviation': a period (and optional spaces on the same line) after a short capitalised
 *   token, as in "St. Petersburg", "J. D. Vance", "U.S.";
 * - 'break': anything else: commas, sentence ends, blank lines, other punctuation.
 * All but 'start' and 'break' may sit inside a multi-word name.
 */
export type Gap = 'start' | 'space' | 'hyphen' | 'apostrophe' | 'abbreviation' | 'break';

export interface Token {
  /** Offset of the first UTF-16 code unit in the original text. */
  start: number;
  /** Offset just after the last code unit. */
  end: number;
  /** `foldToken` of the token's text. */
  folded: string;
  shape: CaseShape;
  gap: Gap;
}

/** True when a name may continue across this gap. */
export function isJoinable(gap: Gap): boolean {
  return gap !== 'break' && gap !== 'start';
}

/**
 * A word: a run of letters, digits and combining marks, which may also contain soft hyphens,
 * joiners and bidi marks (but not start with one). The modifier-letter apostrophes ʼ ʻ are letters to Unicode but
 * apostrophes to a reader ("Podilʼsk"), so they split words like ' and ’ do.
 */
const WORD_RE = /(?:[^\P{L}\u02BB\u02BC]|[\p{M}\p{N}])(?:[^\P{L}\u02BB\u02BC]|[\p{M}\p{N}\u00AD\u200C\u200D\u2060\u200E\u200F\u061C])*/gu;

const HYPHENS = '-\u2010\u2011\u2012\u2013';
const APOSTROPHES = "'\u2019\u2018\u02BC\u02BB";
/** Periods only join after tokens this short: "St", "Mt", "Gen", "J", "U". */
const MAX_ABBREVIATION_LENGTH = 3;

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x0b || c === 0x0c || c === 0x85;
}

const WHITESPACE_RE = /\s/;
function isWhitespace(ch: string): boolean {
  return ch === ' ' || WHITESPACE_RE.test(ch);
}

/** Whitespace only, with at most one line break ("\r\n" counts once). Paragraph breaks end a name. */
function isSpaceGap(gap: string): boolean {
  let breaks = 0;
  for (let i = 0; i < gap.length; i++) {
    const ch = gap[i]!;
    if (!isWhitespace(ch)) return false;
    const c = ch.charCodeAt(0);
    if (isLineBreak(c)) {
      if (c === 0x0d && gap.charCodeAt(i + 1) === 0x0a) i++;
      if (++breaks > 1) return false;
    }
  }
  return true;
}

function classifyGap(gap: string, previous: Token, text: string): Gap {
  if (gap === ' ') return 'space';
  if (gap.length === 1) {
    if (HYPHENS.includes(gap)) return 'hyphen';
    if (APOSTROPHES.includes(gap)) return 'apostrophe';
  }
  if (gap[0] === '.') {
    const rest = gap.slice(1);
    const sameLine = rest === '' || (isSpaceGap(rest) && ![...rest].some((ch) => isLineBreak(ch.charCodeAt(0))));
    const length = previous.end - previous.start;
    if (sameLine && previous.shape !== 'lower' && length <= MAX_ABBREVIATION_LENGTH) {
      // "U.S." or "St." but not the "5" of "5. Russia": the token must hold letters only.
      const raw = text.slice(previous.start, previous.end);
      if (/^\p{L}+$/u.test(raw)) return 'abbreviation';
    }
    return 'break';
  }
  return isSpaceGap(gap) ? 'space' : 'break';
}

/** Case shape of a token with at least one non-ASCII character. */
function unicodeCaseShape(raw: string, lower: string): CaseShape {
  if (raw === lower) return 'lower';
  if (raw === raw.toUpperCase()) return 'upper';
  const first = String.fromCodePoint(raw.codePointAt(0)!);
  return first !== first.toLowerCase() ? 'capital' : 'lower';
}

/**
 * Reads the tokens of a text one at a time, so a long text never holds them all at once.
 * `tokenize` is the same thing collected into an array.
 */
export class TokenReader {
  private previous: Token | undefined;
  /** Where the next search starts; the shared WORD_RE is repositioned on every call (exec is synchronous). */
  private position = 0;
  private done = false;

  constructor(private readonly text: string) {}

  /** The next token, or undefined at the end (and on every later call). */
  next(): Token | undefined {
    if (this.done) return undefined;
    const text = this.text;
    WORD_RE.lastIndex = this.position;
    const m = WORD_RE.exec(text);
    if (m === null) {
      this.done = true;
      return undefined;
    }
    this.position = WORD_RE.lastIndex;
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;

    // One pass over the code units: ASCII tokens (most of them in English news) skip the Unicode work.
    let ascii = true;
    let upper = 0;
    let lowerCount = 0;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      if (c >= 0x41 && c <= 0x5a) upper++;
      else if (c >= 0x61 && c <= 0x7a) lowerCount++;
    }
    let folded: string;
    let shape: CaseShape;
    if (ascii) {
      folded = upper === 0 ? raw : raw.toLowerCase();
      const c0 = raw.charCodeAt(0);
      shape = upper === 0 ? 'lower' : lowerCount === 0 ? 'upper' : c0 >= 0x41 && c0 <= 0x5a ? 'capital' : 'lower';
    } else {
      const lower = raw.toLowerCase();
      folded = foldLowered(lower);
      shape = unicodeCaseShape(raw, lower);
    }

    const previous = this.previous;
    let gap: Gap;
    if (previous === undefined) gap = 'start';
    else if (start - previous.end === 1 && text.charCodeAt(previous.end) === 0x20) gap = 'space';
    else gap = classifyGap(text.slice(previous.end, start), previous, text);

    const token: Token = { start, end, folded, shape, gap };
    this.previous = token;
    return token;
  }
}

/** Splits text into word tokens, in order, with their offsets, folded forms, case and separators. */
export function tokenize(text: string): Token[] {
  const reader = new TokenReader(text);
  const tokens: Token[] = [];
  for (let t = reader.next(); t !== undefined; t = reader.next()) tokens.push(t);
  return tokens;
}
