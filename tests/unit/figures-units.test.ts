import { describe, expect, it } from 'vitest';
import { formatNumber, parseNumber } from '../../lib/figures/numbers';
import { conversions, matchUnitAt } from '../../lib/figures/units';

describe('parseNumber', () => {
  it('reads digits with comma or space groups and decimals', () => {
    expect(parseNumber('335,000')).toEqual({ value: 335000, vague: false, inWords: false });
    expect(parseNumber('335\u202F000')?.value).toBe(335000);
    expect(parseNumber('1 500 000')?.value).toBe(1_500_000);
    expect(parseNumber('0123')).toBeUndefined();
    expect(parseNumber('1.5')?.value).toBe(1.5);
  });

  it('multiplies by scale words without binary noise', () => {
    expect(parseNumber('1.5 million')?.value).toBe(1_500_000);
    expect(parseNumber('2.3 billion')?.value).toBe(2_300_000_000);
    expect(parseNumber('two hundred thousand')?.value).toBe(200_000);
    expect(parseNumber('a dozen')).toEqual({ value: 12, vague: false, inWords: true });
  });

  it('reads numbers in words, with hyphenated tens', () => {
    expect(parseNumber('ten')?.value).toBe(10);
    expect(parseNumber('Twenty-five')?.value).toBe(25);
    expect(parseNumber('ninety')?.value).toBe(90);
    expect(parseNumber('ten-five')).toBeUndefined();
    expect(parseNumber('a')).toBeUndefined();
  });

  it('reads vague orders as the order they name', () => {
    expect(parseNumber('hundreds of thousands')).toEqual({ value: 100_000, vague: true, inWords: true });
    expect(parseNumber('tens of thousands')?.value).toBe(10_000);
    expect(parseNumber('dozens')?.value).toBe(12);
  });
});

describe('formatNumber', () => {
  it('groups thousands and names round millions when asked', () => {
    expect(formatNumber(335000)).toBe('335,000');
    expect(formatNumber(1.25)).toBe('1.25');
    expect(formatNumber(2_300_000_000, { words: true })).toBe('2.3 billion');
    expect(formatNumber(1_234_567, { words: true })).toBe('1,234,567');
  });
});

describe('matchUnitAt', () => {
  it('prefers the longer unit and accepts attached, spaced and hyphenated forms', () => {
    expect(matchUnitAt('300 km/h', 3)).toEqual({ unit: 'km/h', measure: 'speed', end: 8 });
    expect(matchUnitAt('40km away', 2)).toEqual({ unit: 'km', measure: 'length', end: 4 });
    expect(matchUnitAt('a 40-kilometre front', 4)).toEqual({ unit: 'km', measure: 'length', end: 14 });
    expect(matchUnitAt('5 square miles', 1)).toEqual({ unit: 'mi²', measure: 'area', end: 14 });
  });

  it('does not take the start of a longer word for a unit', () => {
    expect(matchUnitAt('40 kmh', 2)).toBeUndefined();
    expect(matchUnitAt('21st', 2)).toBeUndefined();
    expect(matchUnitAt('3 metres', 1)).toEqual({ unit: 'm', measure: 'length', end: 8 });
    expect(matchUnitAt('3 Members', 1)).toBeUndefined();
  });
});

describe('conversions', () => {
  it('converts lengths, rounding as precisely as the figure was given (at least two digits)', () => {
    expect(conversions(40, 'km')).toEqual(['40 km ≈ 25 mi']);
    expect(conversions(335, 'km')).toEqual(['335 km ≈ 208 mi']);
    expect(conversions(12, 'mi')).toEqual(['12 mi ≈ 19 km']);
    expect(conversions(100, 'm')).toEqual(['100 m ≈ 330 ft']);
    expect(conversions(300, 'km/h')).toEqual(['300 km/h ≈ 190 mph']);
  });

  it('converts masses, areas and temperatures', () => {
    expect(conversions(20, 'kg')).toEqual(['20 kg ≈ 44 lb']);
    expect(conversions(2_000_000, 't')).toEqual(['2 million tonnes ≈ 2.2 million short tons']);
    expect(conversions(500, 'ha')).toEqual(['500 ha ≈ 1,200 acres']);
    expect(conversions(1000, 'km²')).toEqual(['1,000 km² ≈ 390 mi²']);
    expect(conversions(40, '°C')).toEqual(['40°C ≈ 104°F']);
    expect(conversions(5, '°F')).toEqual(['5°F ≈ -15°C']);
  });

  it('converts nothing else: no currency (no live rates), no counts, no shares', () => {
    expect(conversions(61e9, 'USD')).toEqual([]);
    expect(conversions(25, 'people')).toEqual([]);
    expect(conversions(40, '%')).toEqual([]);
    expect(conversions(null, 'km')).toEqual([]);
    expect(conversions(40, undefined)).toEqual([]);
  });
});
