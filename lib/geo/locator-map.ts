/**
 * A small offline locator map for a place: land and borders around it, its country's outline and a dot,
 * as SVG path data in a fixed box. Pure (no browser globals, no network): the background draws it from
 * the world-atlas topology (Natural Earth 1:110m countries) and sends the paths with the card.
 *
 * The map is an azimuthal equal-area projection centred on the place, so the place is always in the
 * middle and shapes around it are not stretched, at any latitude. The zoom fits a country (or territory)
 * into the box; a city, town or region is shown with enough of its country around it to be recognised.
 */
import { geoArea, geoAzimuthalEqualArea, geoCentroid, geoContains, geoDistance, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { merge as mergeTopology, feature as topologyFeature } from 'topojson-client';
import type { GeometryCollection, GeometryObject, MultiPolygon as TopoMultiPolygon, Polygon as TopoPolygon, Topology } from 'topojson-specification';
import type { LocatorMap } from '../messages';
import type { Place } from '../pack/types';
import { ATLAS_CODES, ATLAS_NAMES } from './country-codes';

export const MAP_WIDTH = 240;
export const MAP_HEIGHT = 140;
/** Room kept between a fitted country and the edge of the box, in pixels. */
const PADDING = 8;
const EARTH_RADIUS_KM = 6371;
/** Half the width of the box, in km: the nearest and the farthest a map zooms. */
const COUNTRY_MIN_KM = 150;
const COUNTRY_MAX_KM = 7000;
const LOCAL_MIN_KM = 250;
const LOCAL_MAX_KM = 1400;
/** A city whose country cannot be matched: about the width of a mid-sized European country. */
const LOCAL_DEFAULT_KM = 600;
/** The parts of a country drawn into the fit: those within this angle of the centre (about 2,200 km). */
const NEAR_PART_RADIANS = 0.35;

type Area = Polygon | MultiPolygon;

export interface AtlasCountry {
  /** ISO 3166-1 numeric code (world-atlas feature id), or the atlas's name for a feature without one. */
  key: string;
  name: string;
  feature: Feature<Area>;
}

/** The decoded atlas: every country, by key, and all of them as one collection (the land layer). */
export interface Atlas {
  countries: ReadonlyMap<string, AtlasCountry>;
  land: FeatureCollection<Area>;
}

type CountryGeometry = GeometryObject<{ name?: string }> & { id?: string | number; properties?: { name?: string } };

/**
 * Natural Earth's 1:110m countries draw Crimea inside Russia (its "de facto" view). The knowledge packs
 * place Crimea in Ukraine (its internationally recognised border, UN General Assembly resolution 68/262),
 * so the map does too: Russia's polygon holding this point moves to Ukraine.
 */
const CRIMEA: [number, number] = [34.1, 44.95];
const RUSSIA = '643';
const UKRAINE = '804';

/** Decode the world-atlas `countries` topology once (`countries-110m.json`). */
export function prepareAtlas(topology: Topology): Atlas {
  const collection = topology.objects.countries as GeometryCollection<{ name?: string }>;
  const geometries = collection.geometries as CountryGeometry[];
  const replaced = crimeaInUkraine(topology, geometries);
  const countries = new Map<string, AtlasCountry>();
  const features: Array<Feature<Area>> = [];
  for (const original of geometries) {
    const geometry = replaced.get(original) ?? original;
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') continue;
    const area = 'coordinates' in geometry ? (geometry as Area) : (topologyFeature(topology, geometry) as Feature<Area>).geometry;
    const name = original.properties?.name ?? '';
    const key = original.id !== undefined ? String(original.id) : name;
    const country: AtlasCountry = { key, name, feature: { type: 'Feature', properties: { name }, geometry: area } };
    countries.set(key, country);
    features.push(country.feature);
  }
  return { countries, land: { type: 'FeatureCollection', features } };
}

/** Russia without the Crimean polygon (topology arcs) and Ukraine with it (merged, as GeoJSON). */
function crimeaInUkraine(topology: Topology, geometries: CountryGeometry[]): Map<CountryGeometry, CountryGeometry | Area> {
  const replaced = new Map<CountryGeometry, CountryGeometry | Area>();
  const russia = geometries.find((g) => String(g.id) === RUSSIA);
  const ukraine = geometries.find((g) => String(g.id) === UKRAINE);
  if (russia?.type !== 'MultiPolygon' || (ukraine?.type !== 'Polygon' && ukraine?.type !== 'MultiPolygon')) return replaced;
  const polygons = (russia as TopoMultiPolygon).arcs;
  const crimeaAt = polygons.findIndex((arcs) => {
    const part = topologyFeature(topology, { type: 'Polygon', arcs } as TopoPolygon) as Feature<Polygon>;
    return geoContains(part, CRIMEA);
  });
  if (crimeaAt === -1) return replaced;
  const crimea: TopoPolygon = { type: 'Polygon', arcs: polygons[crimeaAt]! };
  replaced.set(ukraine, mergeTopology(topology, [ukraine as TopoPolygon | TopoMultiPolygon, crimea]));
  replaced.set(russia, { ...russia, arcs: polygons.filter((_, i) => i !== crimeaAt) } as CountryGeometry);
  return replaced;
}

/** The atlas key of the country a gazetteer id names ("place:ukraine" -> "804"), if the atlas draws it. */
export function atlasKey(countryId: string | undefined): string | undefined {
  if (!countryId?.startsWith('place:')) return undefined;
  const slug = countryId.slice('place:'.length);
  return ATLAS_CODES[slug] ?? ATLAS_NAMES[slug];
}

/** The atlas country a place belongs to: itself for a country or territory the atlas draws, else its `country`. */
export function countryOf(atlas: Atlas, place: Place): AtlasCountry | undefined {
  const own = place.placeType === 'country' || place.placeType === 'territory' ? atlasKey(place.id) : undefined;
  const key = own ?? atlasKey(place.country);
  return key !== undefined ? atlas.countries.get(key) : undefined;
}

/** The polygons of a country near `centre` (France without French Guiana); the largest when none is near. */
function mainParts(area: Area, centre: [number, number]): Area {
  if (area.type === 'Polygon') return area;
  const parts = area.coordinates.map((coordinates): Polygon => ({ type: 'Polygon', coordinates }));
  const near = parts.filter((part) => geoContains(part, centre) || geoDistance(geoCentroid(part), centre) < NEAR_PART_RADIANS);
  if (near.length > 0) return { type: 'MultiPolygon', coordinates: near.map((p) => p.coordinates) };
  const largest = parts.reduce((best, part) => (geoArea(part) > geoArea(best) ? part : best));
  return largest;
}

const scaleForKm = (halfWidthKm: number, width: number) => (width / 2) / (halfWidthKm / EARTH_RADIUS_KM);
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const round1 = (value: number) => Math.round(value * 10) / 10;

/** The scale at which `area`, seen from `centre`, fits the box with its padding. */
function fitScale(area: Area, centre: [number, number], width: number, height: number): number | undefined {
  const unit = geoAzimuthalEqualArea().rotate([-centre[0], -centre[1]]).clipAngle(90).scale(1).translate([0, 0]);
  const [[x0, y0], [x1, y1]] = geoPath(unit).bounds(area);
  const halfWidth = Math.max(Math.abs(x0), Math.abs(x1));
  const halfHeight = Math.max(Math.abs(y0), Math.abs(y1));
  if (!Number.isFinite(halfWidth) || !Number.isFinite(halfHeight) || (halfWidth === 0 && halfHeight === 0)) return undefined;
  return Math.min((width / 2 - PADDING) / (halfWidth || Infinity), (height / 2 - PADDING) / (halfHeight || Infinity));
}

export interface MapSize {
  width: number;
  height: number;
}

/**
 * The locator map of a place, or undefined when there is nothing to centre it on (no coordinates, and not
 * a country the atlas draws). Deterministic: the same place gives the same paths.
 */
export function locatorMap(atlas: Atlas, place: Place, size: MapSize = { width: MAP_WIDTH, height: MAP_HEIGHT }): LocatorMap | undefined {
  const { width, height } = size;
  const country = countryOf(atlas, place);
  const isCountry = place.placeType === 'country' || place.placeType === 'territory';
  const ownOutline = isCountry && country !== undefined && country.key === (atlasKey(place.id) ?? '');
  let centre: [number, number] | undefined = place.coordinates ? [place.coordinates.lon, place.coordinates.lat] : undefined;
  if (!centre && ownOutline) centre = geoCentroid(country.feature) as [number, number];
  if (!centre || !centre.every(Number.isFinite)) return undefined;

  const fitted = country ? fitScale(mainParts(country.feature.geometry, centre), centre, width, height) : undefined;
  const scale = ownOutline
    ? clamp(fitted ?? scaleForKm(COUNTRY_MIN_KM, width), scaleForKm(COUNTRY_MAX_KM, width), scaleForKm(COUNTRY_MIN_KM, width))
    : clamp(fitted ?? scaleForKm(LOCAL_DEFAULT_KM, width), scaleForKm(LOCAL_MAX_KM, width), scaleForKm(LOCAL_MIN_KM, width));

  const projection: GeoProjection = geoAzimuthalEqualArea()
    .rotate([-centre[0], -centre[1]])
    .clipAngle(90)
    .scale(scale)
    .translate([width / 2, height / 2])
    .clipExtent([
      [0, 0],
      [width, height],
    ])
    .precision(1);
  const path = geoPath(projection).digits(1);
  const [x, y] = projection(centre) ?? [width / 2, height / 2];
  const map: LocatorMap = { width, height, land: path(atlas.land) ?? '', dot: [round1(x), round1(y)] };
  const outline = country ? path(country.feature) : null;
  if (outline) map.country = outline;
  return map;
}
