/**
 * Units of measure and currencies: how the text writes them, their normalized symbol, and the
 * conversions the figure card shows ("40 km ≈ 25 mi"). Currencies are recognised but never converted:
 * there are no live rates offline, and a stale rate would mislead.
 */
import { formatNumber } from './numbers';

export type Measure = 'length' | 'speed' | 'area' | 'mass' | 'temperature' | 'share' | 'money';

interface UnitDefinition {
  /** The normalized unit put in `Figure.unit`. */
  unit: string;
  measure: Measure;
  /** How the text writes it (regular-expression source, case-insensitive unless `caseSensitive`). */
  written: string;
  /** May follow the number with no space ("40km", "40%")? Words need a space. */
  attached?: boolean;
  caseSensitive?: boolean;
}

const METRE = 'met(?:re|er)s?';
const KILOMETRE = `kilo${METRE}`;

/** Longer spellings first, so "km/h" wins over "km" and "square kilometres" over "kilometres". */
const UNITS: UnitDefinition[] = [
  { unit: 'km/h', measure: 'speed', written: `km\\/h|kph|${KILOMETRE}\\s+(?:per|an)\\s+hour`, attached: true },
  { unit: 'mph', measure: 'speed', written: 'mph|miles\\s+(?:per|an)\\s+hour', attached: true },
  { unit: 'km²', measure: 'area', written: `km²|km2|sq\\.?\\s?km|square\\s+${KILOMETRE}`, attached: true },
  { unit: 'mi²', measure: 'area', written: 'sq\\.?\\s?mi(?:les?)?|square\\s+miles?' },
  { unit: 'km', measure: 'length', written: `km|${KILOMETRE}`, attached: true },
  { unit: 'mi', measure: 'length', written: 'miles?' },
  { unit: 'm', measure: 'length', written: `m|${METRE}`, attached: true, caseSensitive: true },
  { unit: 'ft', measure: 'length', written: 'ft|feet|foot', attached: true },
  { unit: 'ha', measure: 'area', written: 'ha|hectares?', attached: true, caseSensitive: true },
  { unit: 'acres', measure: 'area', written: 'acres?' },
  { unit: 'kg', measure: 'mass', written: 'kg|kilograms?|kilos', attached: true },
  // "tons" in news about grain, fuel or cargo means metric tonnes far more often than short tons.
  { unit: 't', measure: 'mass', written: 'tonnes?|metric\\s+tons?|tons?' },
  { unit: 'lb', measure: 'mass', written: 'lbs?', attached: true },
  { unit: '°C', measure: 'temperature', written: '°\\s?C|degrees?\\s+(?:Celsius|centigrade)', attached: true },
  { unit: '°F', measure: 'temperature', written: '°\\s?F|degrees?\\s+Fahrenheit', attached: true },
  { unit: 'percentage points', measure: 'share', written: 'percentage\\s+points?' },
  { unit: '%', measure: 'share', written: '%|percent|per\\s+cent', attached: true },
  { unit: 'USD', measure: 'money', written: 'US\\s+dollars?|dollars?|USD' },
  { unit: 'EUR', measure: 'money', written: 'euros?|EUR' },
  { unit: 'GBP', measure: 'money', written: 'pounds\\s+sterling|GBP' },
  { unit: 'UAH', measure: 'money', written: 'hryvnias?|hryvnia|UAH' },
  { unit: 'RUB', measure: 'money', written: 'r(?:o)?ubles?|RUB' },
  { unit: 'CNY', measure: 'money', written: 'yuan|CNY' },
];

/** Currency signs written before the amount. */
const CURRENCY_SIGNS: Record<string, string> = { US$: 'USD', $: 'USD', '€': 'EUR', '£': 'GBP', '₴': 'UAH', '₽': 'RUB' };

/** Regular-expression source of a currency sign before an amount ("$61 billion", "US$5", "€50"). */
export const CURRENCY_SIGN_SOURCE = '(?:US\\$|\\$|€|£|₴|₽)';

export function currencyOfSign(sign: string): string | undefined {
  return CURRENCY_SIGNS[sign];
}

const END_OF_WORD = '(?![\\p{L}\\p{N}])';

function definitionPattern(definition: UnitDefinition, spacing: string): RegExp {
  const flags = definition.caseSensitive ? 'uy' : 'iuy';
  return new RegExp(`${spacing}(?:${definition.written})${END_OF_WORD}`, flags);
}

const UNIT_PATTERNS = UNITS.map((definition) => ({
  definition,
  spaced: definitionPattern(definition, '(?:\\s+|[-\\u2010](?=\\p{L}))'),
  attached: definition.attached ? definitionPattern(definition, '') : undefined,
}));

export interface UnitMatch {
  unit: string;
  measure: Measure;
  /** Offset just after the unit. */
  end: number;
}

/** The unit written at `at` (right after a number): "40 km", "40km", "40-km", "40 percent". */
export function matchUnitAt(text: string, at: number): UnitMatch | undefined {
  for (const { definition, spaced, attached } of UNIT_PATTERNS) {
    for (const pattern of attached ? [attached, spaced] : [spaced]) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match) return { unit: definition.unit, measure: definition.measure, end: at + match[0].length };
    }
  }
  return undefined;
}

export function measureOf(unit: string): Measure | undefined {
  return UNITS.find((definition) => definition.unit === unit)?.measure;
}

interface Conversion {
  to: string;
  convert: (value: number) => number;
  /** Whole numbers (temperatures) instead of significant figures. */
  whole?: boolean;
}

const factor = (to: string, by: number): Conversion => ({ to, convert: (value) => value * by });

const CONVERSIONS: Record<string, Conversion> = {
  km: factor('mi', 1 / 1.609344),
  mi: factor('km', 1.609344),
  m: factor('ft', 1 / 0.3048),
  ft: factor('m', 0.3048),
  'km/h': factor('mph', 1 / 1.609344),
  mph: factor('km/h', 1.609344),
  'km²': factor('mi²', 1 / 2.589988110336),
  'mi²': factor('km²', 2.589988110336),
  ha: factor('acres', 1 / 0.40468564224),
  acres: factor('ha', 0.40468564224),
  kg: factor('lb', 1 / 0.45359237),
  lb: factor('kg', 0.45359237),
  t: factor('short tons', 1 / 0.90718474),
  '°C': { to: '°F', convert: (value) => (value * 9) / 5 + 32, whole: true },
  '°F': { to: '°C', convert: (value) => ((value - 32) * 5) / 9, whole: true },
};

/** Significant figures of a written value, trailing zeros of whole numbers not counted: 40 → 1, 335 → 3, 1.5 → 2. */
function significantFigures(value: number): number {
  const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '');
  const trimmed = Number.isInteger(value) ? digits.replace(/0+$/, '') : digits;
  return Math.max(1, trimmed.length);
}

/** Rounded as precisely as the original was given, but never to fewer than 2 significant figures nor more than 4. */
function roundLike(value: number, original: number): number {
  if (value === 0) return 0;
  const figures = Math.min(4, Math.max(2, significantFigures(original)));
  return Number(value.toPrecision(figures));
}

/** How a unit reads after a number in a conversion line. */
function unitLabel(unit: string): string {
  return unit === 't' ? 'tonnes' : unit;
}

/** The value in the other system of units, rounded sensibly: ["40 km ≈ 25 mi"]; [] when there is nothing to convert. */
export function conversions(value: number | null, unit: string | undefined): string[] {
  if (value === null || unit === undefined) return [];
  const conversion = CONVERSIONS[unit];
  if (!conversion) return [];
  const converted = conversion.convert(value);
  const rounded = conversion.whole ? Math.round(converted) : roundLike(converted, value);
  const separator = unit.startsWith('°') ? '' : ' ';
  const toSeparator = conversion.to.startsWith('°') ? '' : ' ';
  return [
    `${formatNumber(value, { words: true })}${separator}${unitLabel(unit)} ≈ ${formatNumber(rounded, { words: true })}${toSeparator}${conversion.to}`,
  ];
}
