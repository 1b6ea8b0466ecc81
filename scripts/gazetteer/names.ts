/**
 * Display names and extra forms of generated places. GeoNames writes some names in scholarly
 * transliteration (macrons, dots below) or with the apostrophes that stand for Russian and Ukrainian soft
 * signs ("Rossosh’", "Kramators’k"); news writes them plainly, so the display name drops those marks.
 * Names news writes differently altogether come from the curated overrides, not from rules here.
 */

/** Countries whose GeoNames names use apostrophes for soft signs. */
const SOFT_SIGN_COUNTRIES = new Set(['RU', 'UA', 'BY', 'KZ', 'KG', 'TJ', 'UZ', 'TM']);

/** Countries whose GeoNames names are transliterations with accents news leaves out. */
const UNACCENTED_COUNTRIES = new Set(['GR', 'CY']);

/** Combining marks of scholarly transliteration that news does not print. */
const TRANSLITERATION_MARKS = /[\u0304\u0323\u0331\u0324\u032e\u0332]/g;

/** The display name of a GeoNames place as news writes it (see the module comment). */
export function cleanPlaceName(name: string, countryCode: string): string {
  let out = name.normalize('NFD').replace(TRANSLITERATION_MARKS, '');
  // A cedilla is a letter of Turkish, Romanian, French... (ç, ş, ţ); on other letters it is transliteration.
  out = out.replace(/([^cstCST])\u0327/g, '$1');
  // Greek names in GeoNames carry the stress accents of transliteration ("Irákleion", "Lárisa").
  if (UNACCENTED_COUNTRIES.has(countryCode)) out = out.replace(/\p{M}/gu, '');
  out = out.normalize('NFC');
  if (SOFT_SIGN_COUNTRIES.has(countryCode)) {
    out = out.replace(/(\p{L})['’ʹʼ‘]/gu, '$1');
    // "Staryy Oskol", "Krasnyy Sulin": news writes a single y.
    if (countryCode === 'RU' || countryCode === 'UA') out = out.replace(/yy\b/g, 'y');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Other forms news uses for a name by a general rule: "St. Louis" for "Saint Louis" (not for French "Saint-Louis"). */
export function ruleAliases(name: string): string[] {
  const aliases: string[] = [];
  const saint = /^Saint (.+)$/.exec(name);
  if (saint) aliases.push(`St. ${saint[1]}`);
  return aliases;
}

/** Short words that can never stand alone as a place name in running text. */
export const STOP_WORDS = new Set([
  'a', 'an', 'and', 'as', 'at', 'be', 'by', 'do', 'for', 'from', 'he', 'her', 'his', 'i', 'if', 'in', 'is', 'it',
  'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our', 'so', 'the', 'to', 'up', 'us', 'we', 'you',
]);

/** Acronyms kept although they have two letters or fewer. */
export const SHORT_ACRONYMS = new Set(['US', 'U.S.', 'UK', 'U.K.', 'EU', 'DC', 'D.C.']);

/**
 * Whether an alias is worth keeping: not a stop word, and not one or two letters unless a known
 * acronym ("US", "UK").
 */
export function isUsableAlias(alias: string): boolean {
  const letters = alias.replace(/[^\p{L}\p{N}]/gu, '');
  if (SHORT_ACRONYMS.has(alias)) return true;
  if (letters.length <= 2) return false;
  return !STOP_WORDS.has(alias.toLowerCase());
}
