import { describe, expect, it } from 'vitest';
import { markAmbiguous, type AmbiguityInput, type AmbiguityLists } from '../../scripts/gazetteer/ambiguity';
import {
  assignCityIds,
  cityProminence,
  countryProminence,
  generateGazetteer,
  inSentence,
  mergePopulation,
  regionVariants,
} from '../../scripts/gazetteer/generate';
import { cleanPlaceName, isUsableAlias, ruleAliases } from '../../scripts/gazetteer/names';
import { SELECTION, dropNearDuplicates, selectionReason } from '../../scripts/gazetteer/select';
import { countryId, localPlaceId, slugify } from '../../scripts/gazetteer/slug';
import type { Curated, GazetteerData, GeoCity, WorldCountry } from '../../scripts/gazetteer/types';
import type { Place } from '../../lib/pack/types';

const city = (over: Partial<GeoCity> & { cityId: number; name: string }): GeoCity => ({
  country: 'UA',
  adminCode: '05',
  population: 50_000,
  featureCode: 'PPL',
  loc: { coordinates: [37, 48] },
  ...over,
});

describe('ids', () => {
  it('slugs names: lowercase ASCII, diacritics stripped, "&" read as "and"', () => {
    expect(slugify('Türkiye')).toBe('turkiye');
    expect(slugify('São Tomé & Príncipe')).toBe('sao-tome-and-principe');
    expect(slugify('Łódź')).toBe('lodz');
    expect(slugify("Kup'yans'k")).toBe('kupyansk');
    expect(slugify('  Rostov-on-Don ')).toBe('rostov-on-don');
    expect(countryId('United States')).toBe('place:united-states');
    expect(countryId('DR Congo')).toBe('place:dr-congo');
    expect(localPlaceId('Kyiv', 'UA')).toBe('place:kyiv-ua');
    expect(localPlaceId('Donetsk Oblast', 'UA')).toBe('place:donetsk-oblast-ua');
    expect(localPlaceId('Aurora', 'US', 'Illinois')).toBe('place:aurora-us-illinois');
  });

  it('gives the plain id to the most populous of same-named places, then the region slug, the admin code, the GeoNames id', () => {
    const drafts = [
      { geo: city({ cityId: 1, name: 'Horodok', adminCode: '15', population: 16_000 }), regionSlug: 'lviv-oblast' },
      { geo: city({ cityId: 2, name: 'Horodok', adminCode: '09', population: 17_000 }), regionSlug: 'khmelnytskyi-oblast' },
      { geo: city({ cityId: 3, name: 'Horodok', adminCode: '99', population: 12_000 }), regionSlug: undefined },
      { geo: city({ cityId: 4, name: 'Horodok', adminCode: '99', population: 11_000 }), regionSlug: undefined },
      { geo: city({ cityId: 5, name: 'Kyiv', population: 2_000_000 }), regionSlug: undefined, fixed: 'place:kyiv-ua' },
    ].map((d) => ({
      geo: d.geo,
      regionSlug: d.regionSlug,
      fixedId: d.fixed !== undefined,
      entity: { id: d.fixed ?? '', name: d.geo.name } as Place,
    }));
    assignCityIds(drafts, new Set(['place:russia']));
    expect(drafts.map((d) => d.entity.id)).toEqual([
      'place:horodok-ua-lviv-oblast',
      'place:horodok-ua',
      'place:horodok-ua-99',
      'place:horodok-ua-4',
      'place:kyiv-ua',
    ]);
  });
});

describe('names', () => {
  it('writes GeoNames names as news does: no soft-sign apostrophes, no transliteration marks', () => {
    expect(cleanPlaceName('Kramators’k', 'UA')).toBe('Kramatorsk');
    expect(cleanPlaceName('Staryy Oskol', 'RU')).toBe('Stary Oskol');
    expect(cleanPlaceName('Jamālpur', 'IN')).toBe('Jamalpur');
    expect(cleanPlaceName('Naz̧arābād', 'IR')).toBe('Nazarabad');
    expect(cleanPlaceName('Irákleion', 'GR')).toBe('Irakleion');
    // Letters of the language stay, and an English possessive is not a soft sign.
    expect(cleanPlaceName('Brăila', 'RO')).toBe('Brăila');
    expect(cleanPlaceName('Şanlıurfa', 'TR')).toBe('Şanlıurfa');
    expect(cleanPlaceName('Saint John’s', 'AG')).toBe('Saint John’s');
  });

  it('adds "St." forms and keeps only usable aliases', () => {
    expect(ruleAliases('Saint Louis')).toEqual(['St. Louis']);
    expect(ruleAliases('Saint-Louis')).toEqual([]);
    expect(isUsableAlias('US')).toBe(true);
    expect(isUsableAlias('UA')).toBe(false);
    expect(isUsableAlias('The')).toBe(false);
    expect(isUsableAlias('Kyiv')).toBe(true);
  });

  it('derives the forms of a region named with its type word', () => {
    expect(regionVariants('Donetsk Oblast')).toEqual(['Donetsk oblast', 'Donetsk region']);
    expect(regionVariants('Krasnodar Krai')).toEqual(['Krasnodar krai', 'Krasnodar region']);
    expect(regionVariants('Lublin Voivodeship')).toEqual(['Lublin voivodeship', 'Lublin province']);
    expect(regionVariants('Bavaria')).toEqual([]);
    expect(inSentence('United States')).toBe('the United States');
    expect(inSentence('France')).toBe('France');
  });
});

describe('selection', () => {
  const forced = new Set([9]);
  it('takes cities of 100,000, capitals, Ukrainian towns of 10,000 and those of the Russian border regions', () => {
    const reason = (c: GeoCity) => selectionReason(c, SELECTION, forced);
    expect(reason(city({ cityId: 1, name: 'A', country: 'FR', population: 100_000 }))).toBe('city');
    expect(reason(city({ cityId: 1, name: 'A', country: 'FR', population: 99_999 }))).toBeUndefined();
    expect(reason(city({ cityId: 1, name: 'A', country: 'LI', population: 5_000, featureCode: 'PPLC' }))).toBe('capital');
    expect(reason(city({ cityId: 1, name: 'A', country: 'UA', population: 10_000 }))).toBe('town');
    expect(reason(city({ cityId: 1, name: 'A', country: 'UA', population: 9_999 }))).toBeUndefined();
    for (const admin of ['09', '41', '10', '61', '86']) {
      expect(reason(city({ cityId: 1, name: 'A', country: 'RU', adminCode: admin, population: 12_000 }))).toBe('town');
    }
    expect(reason(city({ cityId: 1, name: 'A', country: 'RU', adminCode: '48', population: 12_000 }))).toBeUndefined();
    expect(reason(city({ cityId: 1, name: 'A', country: 'FR', population: 500_000, featureCode: 'PPLX' }))).toBeUndefined();
    expect(reason(city({ cityId: 9, name: 'Sudzha', country: 'RU', adminCode: '41', population: 6_940 }))).toBe('curated');
  });

  it('keeps the most populous of two same-named places a few kilometres apart', () => {
    const a = city({ cityId: 1, name: 'Rossosh', population: 62_000, loc: { coordinates: [39.56, 50.19] } });
    const b = city({ cityId: 2, name: 'Rossosh', population: 60_000, adminCode: '07', loc: { coordinates: [39.6, 50.2] } });
    const far = city({ cityId: 3, name: 'Rossosh', population: 50_000, loc: { coordinates: [38.5, 51.1] } });
    expect(dropNearDuplicates([b, a, far], (c) => c.name)).toEqual([a, far]);
  });
});

describe('ambiguity', () => {
  const lists: AmbiguityLists = {
    words: new Set(['nice', 'reading', 'boston', 'turkey', 'perm', 'us', 'pecs']),
    firstNames: new Set(['Victoria']),
    placeDerivedWords: new Set(['boston']),
    sharedWithOtherPacks: new Set(['medina']),
  };
  const place = (id: string, name: string, placeType: string, population?: number, aliases: string[] = []): AmbiguityInput => ({
    id,
    name,
    aliases,
    placeType,
    population,
  });

  it('marks city names that are English words, first names, short names, and forms of other packs', () => {
    const entities = [
      place('place:nice-fr', 'Nice', 'city', 340_000),
      place('place:reading-gb', 'Reading', 'city', 318_000),
      place('place:boston-us', 'Boston', 'city', 617_000),
      place('place:perm-ru', 'Perm', 'city', 1_000_000),
      place('place:pecs-hu', 'Pécs', 'city', 150_000),
      place('place:turkiye', 'Türkiye', 'country', 82_000_000, ['Turkey']),
      place('place:victoria-ca', 'Victoria', 'city', 290_000),
      place('place:bo-sl', 'Bo', 'city', 174_000),
      place('place:medina-sa', 'Medina', 'city', 1_300_000),
    ];
    const counts = markAmbiguous(entities, lists);
    expect(Object.fromEntries(entities.map((e) => [e.id, e.ambiguous ?? []]))).toEqual({
      'place:nice-fr': ['Nice'],
      'place:reading-gb': ['Reading'],
      'place:boston-us': [],
      'place:perm-ru': [],
      'place:pecs-hu': [],
      'place:turkiye': [],
      'place:victoria-ca': ['Victoria'],
      'place:bo-sl': ['Bo'],
      'place:medina-sa': ['Medina'],
    });
    expect(counts).toMatchObject({ 'English word': 2, 'first name': 1, short: 1, 'other packs': 1, shared: 0 });
  });

  it('marks a form two entities share on both, compared without case or accents, keeping curated marks', () => {
    const georgia = place('place:georgia', 'Georgia', 'country', 3_700_000);
    const state = place('place:georgia-us', 'Georgia', 'region');
    const rostov = { ...place('place:rostov-on-don-ru', 'Rostov-on-Don', 'city', 1_000_000, ['Rostov']), ambiguous: ['Rostov'] };
    const cordoba = place('place:cordoba-es', 'Córdoba', 'city', 320_000);
    const cordobaAr = place('place:cordoba-ar', 'Cordoba', 'city', 1_400_000);
    markAmbiguous([georgia, state, rostov, cordoba, cordobaAr], lists);
    expect([georgia.ambiguous, state.ambiguous, rostov.ambiguous, cordoba.ambiguous, cordobaAr.ambiguous]).toEqual([
      ['Georgia'],
      ['Georgia'],
      ['Rostov'],
      ['Córdoba'],
      ['Cordoba'],
    ]);
  });
});

describe('numbers', () => {
  it('merges population figures oldest first, a curated figure winning its year', () => {
    const geo = { value: 100, year: 2019, source: 'GeoNames' };
    expect(mergePopulation([geo], [{ value: 120, year: 2021, source: 'census' }])).toEqual([geo, { value: 120, year: 2021, source: 'census' }]);
    expect(mergePopulation([geo], [{ value: 99, year: 2019, source: 'census' }])).toEqual([{ value: 99, year: 2019, source: 'census' }]);
    expect(mergePopulation([])).toBeUndefined();
  });

  it('ranks by population: big countries above big cities, capitals above their peers', () => {
    expect(countryProminence(144_000_000, true)).toBe(82);
    expect(countryProminence(undefined, false)).toBe(25);
    expect(cityProminence(1_000_000, false)).toBe(42);
    expect(cityProminence(1_000_000, true)).toBe(52);
    expect(cityProminence(0, false)).toBe(10);
  });
});

describe('generateGazetteer on a small world', () => {
  const country = (cca2: string, common: string, independent: boolean, capital: string[]): WorldCountry => ({
    name: { common, official: `Republic of ${common}` },
    cca2,
    independent,
    unMember: independent,
    capital,
    latlng: [49, 32],
    region: 'Europe',
    subregion: 'Eastern Europe',
    translations: { fra: { common: `${common}-fr`, official: '' } },
  });
  const data: GazetteerData = {
    countries: [
      country('UA', 'Ukraine', true, ['Kyiv']),
      country('MC', 'Monaco', true, ['Monaco']),
      country('GI', 'Gibraltar', false, ['Gibraltar']),
      country('GB', 'United Kingdom', true, ['London']),
      country('TW', 'Taiwan', false, ['Taipei']),
    ],
    cities: [
      city({ cityId: 1, name: 'Kyiv', adminCode: '12', population: 2_800_000, featureCode: 'PPLC' }),
      city({ cityId: 2, name: 'Kramators’k', adminCode: '05', population: 170_000 }),
      city({ cityId: 3, name: 'Sudzha', country: 'RU', adminCode: '41', population: 6_900 }),
      city({ cityId: 4, name: 'Avdiyivka', adminCode: '05', population: 35_000 }),
      city({ cityId: 5, name: 'Monaco', country: 'MC', adminCode: '00', population: 33_000, featureCode: 'PPLC' }),
      city({ cityId: 6, name: 'Gibraltar', country: 'GI', adminCode: '00', population: 26_000, featureCode: 'PPLC' }),
      city({ cityId: 7, name: 'Mariupol', adminCode: '05', population: 480_000 }),
      city({ cityId: 8, name: 'Taipei', country: 'TW', adminCode: '03', population: 7_800_000, featureCode: 'PPLC' }),
      city({ cityId: 10, name: 'Donetsk', adminCode: '05', population: 1_000_000 }),
    ],
    populations: [
      { country: 'Ukraine', population: 44_622_516 },
      { country: 'Gibraltar', population: 33_718 },
    ],
    subdivisions: [{ code: 'UA-14', name: 'Donetska oblast', parent: 'UA' }],
    words: new Set(['nice']),
  };
  const curated: Curated = {
    countries: [{ cca2: 'GI', country: 'place:united-kingdom' }],
    cities: [
      { geonameId: 4, id: 'place:avdiivka-ua', name: 'Avdiivka', aliases: ['Avdiyivka'], placeType: 'town' },
      { geonameId: 7, exclude: true },
    ],
    regionTables: [
      {
        country: 'UA',
        type: 'Oblast (province) of Ukraine',
        isoAliases: true,
        regions: [{ iso: 'UA-14', name: 'Donetsk Oblast', capital: 'Donetsk' }],
      },
    ],
    lists: { firstNames: [], placeDerivedWords: [], countryJsonNames: {}, worldBankCodes: ['UA'] },
  };
  const { entities, report } = generateGazetteer(data, curated);
  const byId = new Map(entities.map((e) => [e.id, e]));

  it('makes countries and territories with their names, capital, centre and vouched population', () => {
    expect(byId.get('place:ukraine')).toMatchObject({
      name: 'Ukraine',
      aliases: ['Republic of Ukraine', 'Ukraine-fr'],
      placeType: 'country',
      population: [{ value: 44_622_516, year: 2018, source: 'World Bank 2018 via country-json' }],
      facts: [{ label: 'capital', value: 'Kyiv', source: 'world-countries' }],
      description: 'Country in Eastern Europe; its capital is Kyiv.',
    });
    const gibraltar = byId.get('place:gibraltar');
    expect(gibraltar).toMatchObject({ placeType: 'territory', country: 'place:united-kingdom' });
    expect(gibraltar?.population).toBeUndefined();
    expect(gibraltar?.description).toBe('Territory of the United Kingdom in Eastern Europe; its main town is Gibraltar.');
  });

  it('makes regions with their derived and ISO forms and links the cities of their GeoNames admin1 code', () => {
    expect(byId.get('place:donetsk-oblast-ua')).toMatchObject({
      aliases: ['Donetsk oblast', 'Donetsk region', 'Donetska oblast'],
      placeType: 'region',
      country: 'place:ukraine',
      facts: [{ label: 'capital', value: 'Donetsk' }],
    });
    expect(byId.get('place:kramatorsk-ua')).toMatchObject({
      name: 'Kramatorsk',
      placeType: 'city',
      country: 'place:ukraine',
      region: 'place:donetsk-oblast-ua',
      description: 'City in Donetsk Oblast, Ukraine.',
      population: [{ value: 170_000, year: 2019 }],
    });
    expect(byId.get('place:kyiv-ua')).toMatchObject({ description: 'Capital of Ukraine.' });
    expect(byId.get('place:kyiv-ua')?.region).toBeUndefined();
  });

  it('applies the curated overrides and drops city-states, excluded and unselected places', () => {
    expect(byId.get('place:avdiivka-ua')).toMatchObject({ name: 'Avdiivka', aliases: ['Avdiyivka'], placeType: 'town' });
    expect(byId.has('place:mariupol-ua')).toBe(false);
    expect(byId.has('place:sudzha-ru')).toBe(false);
    expect(byId.has('place:monaco-mc')).toBe(false);
    expect(byId.has('place:gibraltar-gi')).toBe(false);
    expect(report.droppedCityStates).toEqual(['Monaco (5)', 'Gibraltar (6)']);
  });

  it('gives the cities of a territory the territory as region, and its state as country when it has one', () => {
    expect(byId.get('place:taipei-tw')).toMatchObject({ region: 'place:taiwan', description: 'Capital of Taiwan.' });
    expect(byId.get('place:taipei-tw')?.country).toBeUndefined();
  });

  it('counts what it made', () => {
    expect(report).toMatchObject({ countries: 3, territories: 2, regionsByCountry: { UA: 1 }, cities: 4, towns: 1 });
  });
});
