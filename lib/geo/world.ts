/**
 * The world map the background draws locator maps from: world-atlas `countries-110m.json` (Natural Earth
 * 1:110m admin-0 countries as TopoJSON), bundled with the background script. Never fetched: it ships in
 * the extension. It is decoded once, on the first card that needs a map.
 */
import type { Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import type { LocatorMap } from '../messages';
import type { Place } from '../pack/types';
import { locatorMap, prepareAtlas, type Atlas } from './locator-map';

let atlas: Atlas | undefined;

/** The decoded atlas, decoded on first use. */
export function worldAtlas(): Atlas {
  atlas ??= prepareAtlas(countries110m as unknown as Topology);
  return atlas;
}

/** The locator map of a place, or undefined when it cannot be placed (or drawing fails). */
export function placeMap(place: Place): LocatorMap | undefined {
  try {
    return locatorMap(worldAtlas(), place);
  } catch {
    return undefined;
  }
}
