/**
 * Quantities: a number with its unit or counted noun ("335,000 inhabitants", "40 km", "$61 billion",
 * "hundreds of thousands of men", "five civilians"). One pattern finds every number with what may
 * precede it (a qualifier such as "about", a currency sign); what follows is read step by step:
 * a unit of measure, a counted noun, a casualty word. A number with none of these is not a figure.
 */
import type { Figure } from '../messages';
import { NUMBER_SOURCE, formatNumber, parseNumber, type ParsedNumber } from './numbers';
import { CURRENCY_SIGN_SOURCE, currencyOfSign, matchUnitAt, measureOf } from './units';

/** Qualifiers and how the context reads them. */
const QUALIFIERS: Record<string, string> = {
  about: 'about', around: 'about', roughly: 'about', approximately: 'about', some: 'about',
  'an estimated': 'about', estimated: 'about', 'close to': 'about',
  nearly: 'nearly', almost: 'nearly', 'just under': 'nearly',
  'more than': 'more than', over: 'more than', above: 'more than', 'upwards of': 'more than', 'just over': 'more than', 'in excess of': 'more than',
  'at least': 'at least', 'no fewer than': 'at least', 'no less than': 'at least',
  'less than': 'less than', 'fewer than': 'less than', under: 'less than', below: 'less than',
  'up to': 'up to', 'at most': 'up to', 'as many as': 'up to', 'no more than': 'up to',
};
const QUALIFIER_SOURCE = Object.keys(QUALIFIERS)
  .sort((a, b) => b.length - a.length)
  .map((q) => q.replace(/ /g, '\\s+'))
  .join('|');

/**
 * A qualifier, a currency sign and a number, not inside a word, a decimal, a time ("14:05"), a path,
 * a phone number or a version ("v2.0", "1.2.3"), nor followed by more digits.
 */
const QUANTITY = new RegExp(
  `(?<![\\p{L}\\p{N}.,:/+#@$€£₴₽_\\-\\u2010])` +
    `(?:(?<qualifier>${QUALIFIER_SOURCE})\\s+)?` +
    `(?<sign>${CURRENCY_SIGN_SOURCE})?` +
    `(?<number>${NUMBER_SOURCE})` +
    `(?!\\p{N}|[.,:/\\-\\u2010]\\p{N})`,
  'giu',
);

/** "$61bn", "€2.5m": scale abbreviations, read only after a currency sign ("40m" alone is metres). */
const MONEY_SCALE = /\s?(?<scale>bn|mn|m|k|tn|trn)(?![\p{L}\p{N}])/iuy;
const MONEY_SCALES: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, tn: 1e12, trn: 1e12 };

/** Irregular plurals and collective nouns that count people or things. */
const IRREGULAR_NOUNS = 'people|men|women|children|police|personnel|staff|aircraft|livestock|cattle|sheep|fish|deer|crew';
/** Words ending in "s" that are not plural nouns, and "times" (a multiplier, not a count). */
const NOT_NOUNS = new Set([
  'was', 'has', 'is', 'its', 'this', 'thus', 'plus', 'minus', 'less', 'unless', 'across', 'perhaps', 'always',
  'towards', 'afterwards', 'besides', 'whereas', 'yes', 'does', 'goes', 'says', 'times', 'as', 'us', 'his', 'hers',
  'ours', 'yours', 'theirs', 'whose', 'news', 'various', 'previous', 'serious', 'numerous', 'famous', 'nervous',
]);
/** Words that cannot modify a counted noun ("25 were killed", "2 and 8"). */
const NOT_MODIFIERS = new Set([
  'and', 'or', 'of', 'in', 'on', 'at', 'to', 'the', 'a', 'an', 'from', 'by', 'for', 'with', 'per', 'were', 'was',
  'is', 'are', 'have', 'has', 'had', 'be', 'been', 'will', 'would', 'could', 'can', 'may', 'might', 'should', 'than',
  'as', 'who', 'that', 'which', 'said', 'says', 'but', 'if', 'so', 'all', 'its', 'their', 'his', 'her', 'into',
]);
/** Counted nouns a number spelled in words ("five civilians", "ten days") may count: small spelled numbers are too common otherwise ("the two leaders"). */
const WORD_NUMBER_NOUNS = new Set([
  'people', 'civilians', 'soldiers', 'troops', 'men', 'women', 'children', 'residents', 'inhabitants', 'casualties',
  'prisoners', 'hostages', 'refugees', 'migrants', 'journalists', 'officers', 'police', 'fighters', 'servicemen',
  'days', 'weeks', 'months', 'years', 'hours', 'minutes', 'decades', 'nights',
  'missiles', 'drones', 'rockets', 'shells', 'tanks', 'aircraft', 'jets', 'planes', 'helicopters', 'ships', 'vessels',
  'villages', 'towns', 'cities', 'settlements', 'regions', 'homes', 'houses', 'buildings', 'schools', 'hospitals',
]);
/** What one thing may be counted as ("one civilian", "1 person"). */
const SINGULAR_NOUNS = new Set(['person', 'civilian', 'soldier', 'child', 'man', 'woman', 'resident', 'inhabitant', 'journalist', 'officer']);
const CASUALTY = 'killed|dead|wounded|injured|missing|hurt';

/** Up to two words after a number: a counted noun, or a modifier and the noun ("25 Russian soldiers"). */
const NEXT_WORD = /(?<of>[^\S\n]+of)?(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)(?<word>\p{L}[\p{L}'’\-]*)(?![\p{N}])/uy;
const IRREGULAR = new RegExp(`^(?:${IRREGULAR_NOUNS})$`);
const CASUALTY_AFTER = new RegExp(`\\s+(?<casualty>(?:${CASUALTY})(?:\\s+(?:or|and)\\s+(?:${CASUALTY}))?)(?![\\p{L}])`, 'uy');
/** "home to 335,000", "a city of 335,000", "population of 335,000": the number counts inhabitants. */
const POPULATION_BEFORE = /(?:\bhome\s+to|\b(?:city|town|village|country|nation|community|population)\s+of)\s+(?:(?:some|about|around|roughly|nearly|almost|over|more\s+than|less\s+than|fewer\s+than|an\s+estimated)\s+)?$/iu;
const LIVING_AFTER = /\s+(?:living|who\s+live|live)\b/uy;
/** Labels whose number is a name, not a count ("Article 5", "Flight 17", "page 12"). */
const LABEL_BEFORE = /\b(?:Article|Section|Chapter|Resolution|Paragraph|Clause|Page|page|p|pp|No|Nos|Number|number|Flight|Route|Highway|Room|Phase|Stage|Level|Season|Episode|Version|version|Windows|iPhone|Apollo|Boeing|Airbus|Bill|Act|Title|Amendment|Gate|Terminal|Platform|Channel|Unit|Block|Building|Lot)\.?\s+$/u;

export function findQuantities(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const figure = readQuantity(text, match);
    if (figure) figures.push(figure);
  }
  return figures;
}

function readQuantity(text: string, match: RegExpExecArray | RegExpMatchArray): Figure | undefined {
  const groups = match.groups ?? {};
  const written = groups.number ?? '';
  const parsed = parseNumber(written);
  if (!parsed) return undefined;
  const start = match.index ?? 0;
  const numberEnd = start + match[0].length;
  const qualifier = groups.qualifier ? QUALIFIERS[groups.qualifier.toLowerCase().replace(/\s+/g, ' ')] : undefined;
  const base = { start, qualifier, parsed };

  if (groups.sign) {
    const currency = currencyOfSign(groups.sign);
    if (!currency) return undefined;
    MONEY_SCALE.lastIndex = numberEnd;
    const scale = MONEY_SCALE.exec(text);
    const value = scale?.groups?.scale ? parsed.value * (MONEY_SCALES[scale.groups.scale.toLowerCase()] ?? 1) : parsed.value;
    const end = scale ? numberEnd + scale[0].length : numberEnd;
    if (/^[\p{L}\p{N}]/u.test(text.slice(end, end + 1))) return undefined;
    return build(text, { ...base, end, value: Number(value.toPrecision(12)), unit: currency });
  }

  const plainInteger = /^\d+$/.test(written);
  if (!qualifier && plainInteger && LABEL_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return undefined;
  const yearLike = !qualifier && plainInteger && written.length === 4 && Number(written) >= 1000 && Number(written) < 2200;

  const unit = matchUnitAt(text, numberEnd) ?? (parsed.vague ? unitAfterOf(text, numberEnd) : undefined);
  if (unit) return build(text, { ...base, end: unit.end, value: parsed.value, unit: unit.unit });
  // Letters glued to the number that are no unit: "21st", "5G", "1990s", "3pm".
  if (/^\p{L}/u.test(text.slice(numberEnd, numberEnd + 1))) return undefined;
  if (yearLike) return undefined;

  if (POPULATION_BEFORE.test(text.slice(Math.max(0, start - 40), start)) && !parsed.vague) {
    const counted = countedNoun(text, numberEnd, parsed);
    if (!counted || /^(?:people|inhabitants|residents)$/.test(counted.noun)) {
      return build(text, { ...base, end: counted?.end ?? numberEnd, value: parsed.value, unit: 'inhabitants', population: true });
    }
  }

  const counted = countedNoun(text, numberEnd, parsed);
  if (counted) {
    LIVING_AFTER.lastIndex = counted.end;
    const living = counted.noun === 'people' && LIVING_AFTER.test(text);
    CASUALTY_AFTER.lastIndex = counted.end;
    const casualty = CASUALTY_AFTER.exec(text)?.groups?.casualty;
    return build(text, {
      ...base,
      end: counted.end,
      value: parsed.value,
      unit: living ? 'inhabitants' : counted.noun,
      population: living,
      casualty,
      modifier: living ? undefined : counted.modifier,
    });
  }

  CASUALTY_AFTER.lastIndex = numberEnd;
  const casualty = CASUALTY_AFTER.exec(text);
  if (casualty?.groups?.casualty && !(parsed.inWords && parsed.value === 1)) {
    return build(text, { ...base, end: numberEnd + casualty[0].length, value: parsed.value, unit: casualty.groups.casualty.toLowerCase().replace(/\s+/g, ' ') });
  }
  return undefined;
}

const OF = /\s+of(?=\s)/y;

/** "thousands of tonnes", "millions of dollars". */
function unitAfterOf(text: string, at: number) {
  OF.lastIndex = at;
  return OF.test(text) ? matchUnitAt(text, OF.lastIndex) : undefined;
}

interface Counted {
  noun: string;
  /** A word between the number and the noun ("Russian" in "300 Russian troops"), kept in the context. */
  modifier?: string;
  end: number;
}

/** The counted noun after a number, with at most one modifier between them ("25 Russian soldiers"). */
function countedNoun(text: string, at: number, parsed: ParsedNumber): Counted | undefined {
  const first = wordAt(text, at);
  // "of" belongs to vague numbers only: "dozens of people", "hundreds of thousands of men".
  if (!first || (first.of && !parsed.vague)) return undefined;
  if (isCountedNoun(first.word, parsed, false)) return { noun: normalizeNoun(first.word), end: first.end };
  if (!isModifier(first.word)) return undefined;
  const second = wordAt(text, first.end);
  if (!second || second.of || !isCountedNoun(second.word, parsed, true)) return undefined;
  return { noun: normalizeNoun(second.word), modifier: first.word, end: second.end };
}

/** A word between a number and its noun: an adjective ("more", "civilian") or a nationality ("Russian"), not a verb or a name. */
function isModifier(word: string): boolean {
  if (NOT_MODIFIERS.has(word.toLowerCase()) || /\p{Ll}ed$/u.test(word)) return false;
  return /^\p{Ll}/u.test(word) || /^\p{Lu}\p{Ll}+(?:an|ese|ish|i|ch)$/u.test(word);
}

function wordAt(text: string, at: number): { word: string; of: boolean; end: number } | undefined {
  NEXT_WORD.lastIndex = at;
  const match = NEXT_WORD.exec(text);
  if (!match?.groups?.word) return undefined;
  return { word: match.groups.word, of: match.groups.of !== undefined, end: at + match[0].length };
}

function isCountedNoun(word: string, parsed: ParsedNumber, modified: boolean): boolean {
  const lower = word.toLowerCase();
  if (NOT_MODIFIERS.has(lower) || NOT_NOUNS.has(lower)) return false;
  const demonym = /^\p{Lu}\p{Ll}+ans$/u.test(word);
  if (/^\p{Lu}/u.test(word) && !demonym) return false;
  if (parsed.value === 1 && !parsed.vague) return !modified && SINGULAR_NOUNS.has(lower);
  if (!IRREGULAR.test(lower) && !demonym && !isRegularPlural(lower)) return false;
  // Small numbers in words count only the nouns news counts with them ("ten days"), not "the two leaders".
  if (parsed.inWords && !parsed.vague && parsed.value <= 20) return WORD_NUMBER_NOUNS.has(lower);
  return true;
}

const normalizeNoun = (word: string) => (/^\p{Lu}/u.test(word) ? word : word.toLowerCase());

function isRegularPlural(word: string): boolean {
  return word.length >= 3 && word.endsWith('s') && !/(?:ss|us|is|ous)$/.test(word);
}

interface Reading {
  start: number;
  end: number;
  value: number;
  unit: string;
  qualifier: string | undefined;
  parsed: ParsedNumber;
  population?: boolean;
  casualty?: string;
  modifier?: string;
}

const CURRENCY_NAMES: Record<string, string> = {
  USD: 'US dollars', EUR: 'euros', GBP: 'pounds sterling', UAH: 'hryvnias', RUB: 'rubles', CNY: 'yuan',
};

function build(text: string, reading: Reading): Figure {
  const { start, end, value, unit, qualifier, parsed } = reading;
  const amount = formatNumber(value, { words: value >= 1e6 });
  const unitText = measureOf(unit) === 'money' ? CURRENCY_NAMES[unit] ?? unit : unit === 't' ? 'tonnes' : unit;
  let context: string;
  if (reading.population) context = `population: ${qualifier ? `${qualifier} ` : ''}${amount}`;
  else if (parsed.vague) context = `${amount} or more ${unitText}`;
  else context = `${qualifier ? `${qualifier} ` : ''}${amount}${unit === '%' ? '' : ' '}${reading.modifier ? `${reading.modifier} ` : ''}${unitText}`;
  if (reading.casualty) context += ` ${reading.casualty}`;
  return { start, end, text: text.slice(start, end), type: 'quantity', value, unit, context };
}
