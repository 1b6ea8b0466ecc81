import { geoContains } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import { atlasKey, locatorMap, MAP_HEIGHT, MAP_WIDTH } from '@/lib/geo/locator-map';
import { placeMap, worldAtlas } from '@/lib/geo/world';
import type { Place } from '@/lib/pack/types';

const place = (id: string, rest: Partial<Place>): Place => ({
  id,
  kind: 'place',
  name: id.replace(/^place:/, ''),
  aliases: [],
  description: '',
  source: 'test',
  placeType: 'city',
  ...rest,
});

/** A city near Kyiv (Brovary), in Ukraine. */
const brovary = place('place:brovary-ua', { country: 'place:ukraine', coordinates: { lat: 50.511, lon: 30.791, source: 'test' } });

/** Every coordinate pair of a path's data. */
function points(d: string): Array<[number, number]> {
  const numbers = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) out.push([numbers[i]!, numbers[i + 1]!]);
  return out;
}

describe('locator map', () => {
  it('centres a city near Kyiv in the box, with land around it and Ukraine outlined', () => {
    const map = placeMap(brovary)!;
    expect(map.width).toBe(MAP_WIDTH);
    expect(map.height).toBe(MAP_HEIGHT);
    const [x, y] = map.dot;
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(map.width);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(map.height);
    expect(map.dot).toEqual([120, 70]);
    expect(map.land).toMatch(/^M/);
    expect(map.land.length).toBeGreaterThan(200);
    expect(map.country).toMatch(/^M/);
    // Clipped to the box, with one decimal at most.
    for (const [px, py] of points(map.land)) {
      expect(px).toBeGreaterThanOrEqual(0);
      expect(px).toBeLessThanOrEqual(map.width);
      expect(py).toBeGreaterThanOrEqual(0);
      expect(py).toBeLessThanOrEqual(map.height);
    }
    expect(map.land).not.toMatch(/\.\d\d/);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(placeMap(brovary))).toBe(JSON.stringify(placeMap({ ...brovary })));
  });

  it('zooms in on a country to fit it, and out for a city to show its country around it', () => {
    const ukraine = placeMap(place('place:ukraine', { placeType: 'country', coordinates: { lat: 49, lon: 32, source: 'test' } }))!;
    const xs = points(ukraine.country!).map(([px]) => px);
    // Ukraine fills most of the width: the fit leaves only the padding.
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(MAP_WIDTH * 0.4);
  });

  it('centres a country without coordinates on its centroid', () => {
    const map = placeMap(place('place:france', { placeType: 'country' }))!;
    expect(map.country).toBeTruthy();
    expect(map.dot).toEqual([120, 70]);
  });

  it('draws Crimea inside Ukraine, as the packs place it', () => {
    const atlas = worldAtlas();
    const simferopol = place('place:simferopol-ua', { country: 'place:ukraine', coordinates: { lat: 44.957, lon: 34.111, source: 'test' } });
    const map = locatorMap(atlas, simferopol)!;
    expect(map.country).toBeTruthy();
    expect(geoContains(atlas.countries.get('804')!.feature, [34.1, 44.95])).toBe(true);
    expect(geoContains(atlas.countries.get('643')!.feature, [34.1, 44.95])).toBe(false);
    expect(geoContains(atlas.countries.get('643')!.feature, [37.62, 55.75])).toBe(true);
  });

  it('omits the country outline when the country cannot be matched, and the map when nothing places it', () => {
    const unknown = placeMap(place('place:somewhere', { country: 'place:atlantis', coordinates: { lat: 10, lon: 10, source: 'test' } }))!;
    expect(unknown.country).toBeUndefined();
    expect(unknown.land).toBeTypeOf('string');
    expect(placeMap(place('place:nowhere', { country: 'place:ukraine' }))).toBeUndefined();
  });

  it('maps gazetteer country ids to ISO 3166-1 numeric codes', () => {
    expect(atlasKey('place:ukraine')).toBe('804');
    expect(atlasKey('place:russia')).toBe('643');
    expect(atlasKey('place:united-states')).toBe('840');
    expect(atlasKey('place:kosovo')).toBe('Kosovo');
    expect(atlasKey('place:atlantis')).toBeUndefined();
    expect(atlasKey(undefined)).toBeUndefined();
  });
});
