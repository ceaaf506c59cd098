/**
 * Port Alder, the synthetic city of training mode: a street grid on a river with fixed ALPR
 * camera sites at its intersections. This file is the source of truth; tools/make-assets.ts
 * writes assets/geo/training-city.geojson from it for the console's offline map, and a unit
 * test keeps the two equal. Keeping the data in code (rather than reading the GeoJSON at
 * run time) means it works the same under tsx and compiled into dist/.
 */

export interface Site {
  id: string;
  name: string;
  lat: number;
  lon: number;
  direction: string;
}

/** [longitude, latitude], GeoJSON's order. */
export type Position = [number, number];

export type CityFeature =
  | { type: 'Feature'; properties: { kind: 'street'; name: string }; geometry: { type: 'LineString'; coordinates: Position[] } }
  | { type: 'Feature'; properties: { kind: 'water' | 'park'; name: string }; geometry: { type: 'Polygon'; coordinates: Position[][] } }
  | {
      type: 'Feature';
      properties: { kind: 'camera'; id: string; name: string; direction: string };
      geometry: { type: 'Point'; coordinates: Position };
    };

export interface CityFeatureCollection {
  type: 'FeatureCollection';
  name: string;
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  features: CityFeature[];
}

export const TRAINING_CITY_NAME = 'Port Alder';

const CENTRE_LAT = 37.8;
const CENTRE_LON = -121.27;
/** About 400 m each way at this latitude. */
const BLOCK_LAT = 0.0036;
const BLOCK_LON = 0.0045;

/** West to east. */
const AVENUES = ['1st Ave', '2nd Ave', '3rd Ave', '4th Ave', '5th Ave', '6th Ave', '7th Ave', '8th Ave', '9th Ave', '10th Ave'] as const;
/** North (the river) to south. */
const STREETS = ['Front St', 'Market St', 'Main St', 'Church St', 'Oak St', 'Pine St', 'Cedar St', 'Walnut St', 'Elm St', 'Alder St'] as const;
type Avenue = (typeof AVENUES)[number];
type Street = (typeof STREETS)[number];

/** Coordinates are kept to 6 decimals (about 10 cm), so the file is stable and readable. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const avenueLon = (a: Avenue) => round6(CENTRE_LON + (AVENUES.indexOf(a) - 4.5) * BLOCK_LON);
const streetLat = (s: Street) => round6(CENTRE_LAT + (4.5 - STREETS.indexOf(s)) * BLOCK_LAT);
const corner = (s: Street, a: Avenue): Position => [avenueLon(a), streetLat(s)];

/** State Route 99 runs past the east side of town, slightly off north-south. */
const HIGHWAY: Position[] = [
  [-121.2456, 37.7765],
  [-121.2431, 37.828],
];
function highwayLonAt(lat: number): number {
  const [[lon0, lat0], [lon1, lat1]] = HIGHWAY as [Position, Position];
  return round6(lon0 + ((lon1 - lon0) * (lat - lat0)) / (lat1 - lat0));
}

/** Fixed camera sites: the street or avenue they watch, and the direction of travel. */
const CAMERAS: readonly { id: string; street: Street; avenue: Avenue; direction: 'NB' | 'SB' | 'EB' | 'WB' }[] = [
  { id: 'cam-01', street: 'Front St', avenue: '3rd Ave', direction: 'WB' },
  { id: 'cam-02', street: 'Main St', avenue: '1st Ave', direction: 'EB' },
  { id: 'cam-03', street: 'Market St', avenue: '7th Ave', direction: 'SB' },
  { id: 'cam-04', street: 'Oak St', avenue: '8th Ave', direction: 'SB' },
  { id: 'cam-05', street: 'Pine St', avenue: '2nd Ave', direction: 'NB' },
  { id: 'cam-06', street: 'Cedar St', avenue: '6th Ave', direction: 'EB' },
  { id: 'cam-07', street: 'Main St', avenue: '5th Ave', direction: 'NB' },
  { id: 'cam-08', street: 'Elm St', avenue: '4th Ave', direction: 'WB' },
  { id: 'cam-09', street: 'Walnut St', avenue: '9th Ave', direction: 'NB' },
  { id: 'cam-10', street: 'Alder St', avenue: '10th Ave', direction: 'WB' },
  { id: 'cam-11', street: 'Church St', avenue: '3rd Ave', direction: 'EB' },
  { id: 'cam-12', street: 'Elm St', avenue: '10th Ave', direction: 'NB' },
  { id: 'cam-13', street: 'Front St', avenue: '9th Ave', direction: 'EB' },
  { id: 'cam-14', street: 'Alder St', avenue: '5th Ave', direction: 'SB' },
];

export const TRAINING_SITES: Site[] = CAMERAS.map((c) => {
  const [lon, lat] = corner(c.street, c.avenue);
  return { id: c.id, name: `${c.street} & ${c.avenue}`, lat, lon, direction: c.direction };
});

/** The river's banks as offsets (1e-4 degrees) from a base latitude, west to east. */
const RIVER_WEST = -121.3;
const RIVER_STEP = 0.005;
const SOUTH_BANK = [8, 14, 20, 18, 12, 9, 13, 21, 25, 19, 12, 10, 15];
const RIVER_WIDTH = [30, 28, 31, 34, 30, 27, 29, 32, 30, 28, 31, 33, 30];
const RIVER_BASE_LAT = 37.8175;

function streets(): CityFeature[] {
  const west = AVENUES[0];
  const line = (name: string, coordinates: Position[]): CityFeature => ({
    type: 'Feature',
    properties: { kind: 'street', name },
    geometry: { type: 'LineString', coordinates },
  });
  const out: CityFeature[] = [];
  // Every grid street has a vertex at each crossing, so camera sites sit exactly on both lines.
  for (const s of STREETS) {
    const coords = AVENUES.map((a) => corner(s, a));
    // Main St and Alder St carry on east to interchanges with the highway.
    if (s === 'Main St' || s === 'Alder St') coords.push([highwayLonAt(streetLat(s)), streetLat(s)]);
    out.push(line(s, coords));
  }
  for (const a of AVENUES) out.push(line(a, STREETS.map((s) => corner(s, a))));
  out.push(line('Harbor Blvd', [corner('Alder St', west), [round6(avenueLon('3rd Ave') - 0.0012), streetLat('Cedar St')], corner('Main St', '5th Ave')]));
  out.push(line('Bridge St', [corner('Front St', '7th Ave'), [avenueLon('7th Ave'), round6(RIVER_BASE_LAT + 0.0075)]]));
  const depotLat = round6(streetLat('Elm St') - BLOCK_LAT / 2);
  out.push(line('Depot St', [[avenueLon('6th Ave'), depotLat], [avenueLon('9th Ave'), depotLat]]));
  out.push(line('SR 99', HIGHWAY.map(([lon, lat]) => [lon, lat])));
  return out;
}

function areas(): CityFeature[] {
  const south = SOUTH_BANK.map((o, i): Position => [round6(RIVER_WEST + i * RIVER_STEP), round6(RIVER_BASE_LAT + o * 1e-4)]);
  const north = SOUTH_BANK.map((o, i): Position => [round6(RIVER_WEST + i * RIVER_STEP), round6(RIVER_BASE_LAT + (o + RIVER_WIDTH[i]!) * 1e-4)]);
  const river = [...south, ...north.reverse()];
  river.push(river[0]!);
  const inset = 0.0004;
  const block = (w: number, s: number, e: number, n: number): Position[] => [
    [round6(w + inset), round6(s + inset)],
    [round6(e - inset), round6(s + inset)],
    [round6(e - inset), round6(n - inset)],
    [round6(w + inset), round6(n - inset)],
    [round6(w + inset), round6(s + inset)],
  ];
  const area = (kind: 'water' | 'park', name: string, ring: Position[]): CityFeature => ({
    type: 'Feature',
    properties: { kind, name },
    geometry: { type: 'Polygon', coordinates: [ring] },
  });
  return [
    area('water', 'Alder River', river),
    area('park', 'Lincoln Park', block(avenueLon('5th Ave'), streetLat('Oak St'), avenueLon('6th Ave'), streetLat('Church St'))),
    area('park', 'Riverside Park', block(avenueLon('1st Ave'), streetLat('Front St'), avenueLon('4th Ave'), RIVER_BASE_LAT + 0.0008)),
  ];
}

function cameras(): CityFeature[] {
  return TRAINING_SITES.map((s) => ({
    type: 'Feature',
    properties: { kind: 'camera', id: s.id, name: s.name, direction: s.direction },
    geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
  }));
}

/** The city as a GeoJSON FeatureCollection; a fresh copy on every call. */
export function trainingCityGeoJSON(): CityFeatureCollection {
  const features = [...areas(), ...streets(), ...cameras()];
  const all: Position[] = features.flatMap((f) =>
    f.geometry.type === 'Point' ? [f.geometry.coordinates]
    : f.geometry.type === 'LineString' ? f.geometry.coordinates
    : f.geometry.coordinates.flat(),
  );
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  return {
    type: 'FeatureCollection',
    name: TRAINING_CITY_NAME,
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    features,
  };
}

/** The text of assets/geo/training-city.geojson: one feature per line, so diffs stay readable. */
export function trainingCityGeoJSONText(): string {
  const { features, ...head } = trainingCityGeoJSON();
  const open = JSON.stringify(head).slice(0, -1);
  return `${open},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
