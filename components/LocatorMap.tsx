/**
 * A place's small locator map, drawn by the background (`lib/geo/locator-map.ts`) as SVG path data:
 * land and borders, the place's country outlined, and a dot where the place is. Inline SVG, no image
 * or tile is fetched. The paths are attribute values set through Preact, never parsed as markup.
 */
import type { LocatorMap as LocatorMapData } from '@/lib/messages';

export interface LocatorMapProps {
  map: LocatorMapData;
  /** "Map: Kyiv in Ukraine". */
  label: string;
}

export function LocatorMap({ map, label }: LocatorMapProps) {
  const { width, height, land, country, dot } = map;
  return (
    <svg
      class="locator-map"
      data-part="map"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      preserveAspectRatio="xMidYMid meet"
      focusable="false"
    >
      <rect class="sea" x={0} y={0} width={width} height={height} />
      {land && <path class="land" d={land} />}
      {country && <path class="country" d={country} />}
      <circle class="dot-halo" cx={dot[0]} cy={dot[1]} r={6} />
      <circle class="dot" cx={dot[0]} cy={dot[1]} r={3.5} />
    </svg>
  );
}
