/**
 * Numbers as news English writes them: "335,000", "1.5 million", "twenty-five", "a dozen",
 * "hundreds of thousands". `NUMBER_SOURCE` finds them (inside the figure patterns of
 * `find-quantities.ts`), `parseNumber` reads what it found.
 */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const WORD_VALUES = new Map<string, number>([
  ...ONES.map((word, i) => [word, i] as const),
  ...TEENS.map((word, i) => [word, 10 + i] as const),
  ...TENS.map((word, i) => [word, 20 + 10 * i] as const),
  ['a', 1],
  ['an', 1],
]);

/** Words that multiply what precedes them: "two hundred thousand" = 2 × 100 × 1000. */
const MULTIPLIERS = new Map<string, number>([
  ['dozen', 12],
  ['hundred', 100],
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
]);

/**
 * Plural order words, read as the order they name ("hundreds of thousands" → 100,000): a floor for the
 * phrase, not its literal minimum, which is all a reader can take from it.
 */
const VAGUE_ORDERS = new Map<string, number>([
  ['tens', 10],
  ['dozens', 12],
  ['hundreds', 100],
  ['thousands', 1e3],
  ['millions', 1e6],
  ['billions', 1e9],
]);

const alternation = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length).join('|');
const END_OF_WORD = '(?![\\p{L}\\p{N}])';

/** Digits with comma groups, space groups ("335 000", also thin or no-break spaces), or plain; an optional decimal part. */
const DIGITS = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:[ \\u00A0\\u202F\\u2009]\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?';
const UNIT_WORDS = alternation(ONES.slice(1));
const SMALL_WORDS = `(?:${alternation(TENS)})(?:[-\\u2010](?:${UNIT_WORDS}))?|${alternation([...ONES.slice(1), ...TEENS])}`;
const MULTIPLIER_WORDS = alternation(MULTIPLIERS.keys());

/** Regular-expression source (flags `iu`) of one number: exact ("1.5 million", "a dozen") or vague ("hundreds of thousands"). */
export const NUMBER_SOURCE =
  `(?:(?:${DIGITS})(?:\\s+(?:${MULTIPLIER_WORDS})${END_OF_WORD})*` +
  `|(?:${SMALL_WORDS})${END_OF_WORD}(?:\\s+(?:${MULTIPLIER_WORDS})${END_OF_WORD})*` +
  `|an?\\s+(?:${MULTIPLIER_WORDS})${END_OF_WORD}(?:\\s+(?:${MULTIPLIER_WORDS})${END_OF_WORD})*` +
  `|(?:${alternation(VAGUE_ORDERS.keys())})(?:\\s+of\\s+(?:thousands|millions|billions))*${END_OF_WORD})`;

export interface ParsedNumber {
  value: number;
  /** True for vague phrases ("dozens", "hundreds of thousands"): `value` is the order they name. */
  vague: boolean;
  /** True when the number was written in words ("ten", "a dozen"), not digits. */
  inWords: boolean;
}

/** Rounds away binary noise: 2.3 × 1e9 is 2300000000, not 2299999999.9999998. */
const clean = (value: number) => Number(value.toPrecision(12));

/** Reads a number matched by `NUMBER_SOURCE`; undefined for anything else. */
export function parseNumber(text: string): ParsedNumber | undefined {
  // Spaces between digits group them ("335 000"); other spaces separate words.
  const words = text.toLowerCase().trim().replace(/(?<=\d)[ \u00A0\u202F\u2009](?=\d{3}(?!\d))/g, '').split(/\s+/);
  const first = words[0];
  if (!first) return undefined;

  if (VAGUE_ORDERS.has(first)) {
    let value = 1;
    for (const word of words) {
      if (word === 'of') continue;
      const order = VAGUE_ORDERS.get(word);
      if (order === undefined) return undefined;
      value *= order;
    }
    return { value: clean(value), vague: true, inWords: true };
  }

  let value = parseLeading(first);
  if (value === undefined) return undefined;
  const inWords = !/^\d/.test(first);
  for (const word of words.slice(1)) {
    const multiplier = MULTIPLIERS.get(word);
    if (multiplier === undefined) return undefined;
    value *= multiplier;
  }
  if (words.length === 1 && (first === 'a' || first === 'an')) return undefined;
  return { value: clean(value), vague: false, inWords };
}

function parseLeading(word: string): number | undefined {
  if (/^\d/.test(word)) {
    const digits = word.replace(/,/g, '');
    // "0123" is a code or a phone number, not a count.
    if (/^0\d/.test(digits)) return undefined;
    return /^\d+(?:\.\d+)?$/.test(digits) ? Number(digits) : undefined;
  }
  const [tens, ones] = word.split(/[-\u2010]/);
  const tensValue = tens === undefined ? undefined : WORD_VALUES.get(tens);
  if (tensValue === undefined) return undefined;
  if (ones === undefined) return tensValue;
  const onesValue = WORD_VALUES.get(ones);
  return onesValue === undefined || onesValue < 1 || onesValue > 9 || tensValue < 20 ? undefined : tensValue + onesValue;
}

/** 335000 → "335,000"; 1.5 → "1.5"; 1500000 → "1.5 million" when `words` is set and the value is round. */
export function formatNumber(value: number, { words = false } = {}): string {
  if (words) {
    for (const [name, size] of [['billion', 1e9], ['million', 1e6]] as const) {
      if (Math.abs(value) >= size) {
        const scaled = clean(value / size);
        if (Number.isInteger(clean(scaled * 100))) return `${formatNumber(scaled)} ${name}`;
      }
    }
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
