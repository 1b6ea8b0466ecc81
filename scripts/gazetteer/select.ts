/**
 * Which GeoNames places become entities: every city of 100,000 people or more, every national capital,
 * every town of 10,000 or more in Ukraine and in the Russian regions on its border, and the places a
 * curated entry asks for; never sections of cities, historical or abandoned places.
 */
import type { GeoCity } from './types';

export interface SelectionRules {
  /** A city: this population or more, anywhere. */
  minCityPopulation: number;
  /** A town: this population or more, in the countries or regions below. */
  minTownPopulation: number;
  /** Countries (ISO alpha-2) all of whose towns are taken. */
  townCountries: readonly string[];
  /** Country → GeoNames admin1 codes whose towns are taken. */
  townRegions: Readonly<Record<string, readonly string[]>>;
  /** GeoNames feature codes never taken: sections of cities, historical, abandoned or destroyed places. */
  excludedFeatureCodes: readonly string[];
}

export const SELECTION: SelectionRules = {
  minCityPopulation: 100_000,
  minTownPopulation: 10_000,
  townCountries: ['UA'],
  // Belgorod 09, Kursk 41, Bryansk 10, Rostov 61, Voronezh 86: checked against their capitals' codes.
  townRegions: { RU: ['09', '41', '10', '61', '86'] },
  excludedFeatureCodes: ['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH'],
};

export const isCapital = (city: GeoCity): boolean => city.featureCode === 'PPLC';

/** Why a place is taken ('city', 'town', 'capital', 'curated'), or undefined when it is not. */
export function selectionReason(city: GeoCity, rules: SelectionRules, forced: ReadonlySet<number>): string | undefined {
  if (forced.has(Number(city.cityId))) return 'curated';
  if (rules.excludedFeatureCodes.includes(city.featureCode)) return undefined;
  if (isCapital(city)) return 'capital';
  if (city.population >= rules.minCityPopulation) return 'city';
  if (city.population >= rules.minTownPopulation) {
    if (rules.townCountries.includes(city.country)) return 'town';
    if (rules.townRegions[city.country]?.includes(city.adminCode)) return 'town';
  }
  return undefined;
}

/**
 * GeoNames sometimes lists one town twice (the town and the seat of its district, a few hundred metres
 * apart, at times under two admin1 codes or with and without accents). Of places with the same name
 * (compared without case or accents) in the same country less than `maxDegrees` apart, only the most
 * populous is kept. Returns the kept places, in the order given.
 */
export function dropNearDuplicates<T extends GeoCity>(cities: readonly T[], nameOf: (city: T) => string, maxDegrees = 0.15): T[] {
  const groups = new Map<string, T[]>();
  for (const city of cities) {
    const key = `${city.country}\u0000${nameOf(city).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(city);
  }
  const dropped = new Set<T>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const byPopulation = [...list].sort((a, b) => b.population - a.population || Number(a.cityId) - Number(b.cityId));
    byPopulation.forEach((city, i) => {
      if (dropped.has(city)) return;
      for (const other of byPopulation.slice(i + 1)) {
        const [lon1 = 0, lat1 = 0] = city.loc.coordinates;
        const [lon2 = 0, lat2 = 0] = other.loc.coordinates;
        if (Math.abs(lat1 - lat2) < maxDegrees && Math.abs(lon1 - lon2) < maxDegrees) dropped.add(other);
      }
    });
  }
  return cities.filter((city) => !dropped.has(city));
}
