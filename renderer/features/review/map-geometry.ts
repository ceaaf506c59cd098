/**
 * Turns the offline GeoJSON map (the synthetic city in training, or an agency's own file) into
 * screen geometry around one camera. Pure functions: no React, no DOM.
 *
 * What is read from the GeoJSON: LineString/MultiLineString are streets (label from
 * `properties.name`), or waterways when their properties say water; Polygon/MultiPolygon are
 * areas, coloured as water or park from `kind`/`class`/`natural`/`landuse`/`leisure`-style
 * properties; Point features are camera sites (`name`, `id`). Anything else is skipped, so an
 * unexpected file draws less rather than failing.
 */

type LonLat = readonly [number, number];

export type AreaKind = 'water' | 'park' | 'other';

export interface MapData {
  streets: { name: string | null; lines: LonLat[][] }[];
  waterways: LonLat[][];
  areas: { kind: AreaKind; rings: LonLat[][] }[];
  sites: { id: string | null; name: string | null; lon: number; lat: number }[];
}

const CLASS_KEYS = ['kind', 'type', 'class', 'category', 'natural', 'landuse', 'leisure', 'waterway', 'water'];

function classify(props: Record<string, unknown>): AreaKind {
  const text = CLASS_KEYS.map((k) => props[k])
    .filter((v): v is string => typeof v === 'string')
    .join(' ')
    .toLowerCase();
  if (/water|lake|river|bay|pond|reservoir|sea|ocean|canal|stream|creek/.test(text)) return 'water';
  if (/park|grass|green|wood|forest|garden|recreation|meadow|cemetery|golf/.test(text)) return 'park';
  return 'other';
}

function asPosition(v: unknown): LonLat | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  const [lon, lat] = v as unknown[];
  return typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat)
    ? [lon, lat]
    : null;
}

function asLine(v: unknown): LonLat[] | null {
  if (!Array.isArray(v)) return null;
  const line = v.map(asPosition).filter((p): p is LonLat => p !== null);
  return line.length >= 2 ? line : null;
}

function asLines(v: unknown): LonLat[][] {
  return Array.isArray(v) ? v.map(asLine).filter((l): l is LonLat[] => l !== null) : [];
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

export function parseMap(geojson: unknown): MapData {
  const data: MapData = { streets: [], waterways: [], areas: [], sites: [] };

  const addGeometry = (geometry: unknown, props: Record<string, unknown>) => {
    const g = record(geometry);
    const kind = classify(props);
    switch (g.type) {
      case 'LineString':
      case 'MultiLineString': {
        const lines = g.type === 'LineString' ? asLines([g.coordinates]) : asLines(g.coordinates);
        if (lines.length === 0) return;
        if (kind === 'water') data.waterways.push(...lines);
        else data.streets.push({ name: text(props.name), lines });
        return;
      }
      case 'Polygon':
      case 'MultiPolygon': {
        const polygons = g.type === 'Polygon' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : [];
        for (const polygon of polygons) {
          const rings = asLines(polygon);
          if (rings.length) data.areas.push({ kind, rings });
        }
        return;
      }
      case 'Point': {
        const p = asPosition(g.coordinates);
        if (p) data.sites.push({ id: text(props.id), name: text(props.name), lon: p[0], lat: p[1] });
        return;
      }
      case 'GeometryCollection':
        if (Array.isArray(g.geometries)) for (const child of g.geometries) addGeometry(child, props);
        return;
    }
  };

  const addFeature = (f: unknown) => {
    const feature = record(f);
    if (feature.type === 'FeatureCollection' && Array.isArray(feature.features)) {
      for (const child of feature.features) addFeature(child);
    } else if (feature.type === 'Feature') {
      addGeometry(feature.geometry, record(feature.properties));
    } else {
      addGeometry(feature, {});
    }
  };

  addFeature(geojson);
  // Parks and other land first, water on top, as a reader expects rivers to cut through parks.
  data.areas.sort((a, b) => (a.kind === 'water' ? 1 : 0) - (b.kind === 'water' ? 1 : 0));
  return data;
}

const METRES_PER_DEGREE = 111_320;

export interface Projection {
  width: number;
  height: number;
  /** Screen pixels per metre. */
  scale: number;
  project(p: LonLat): [number, number];
  /** Whether a screen point lies inside the view, with a margin. */
  inside(x: number, y: number, margin?: number): boolean;
}

/**
 * Equirectangular around the camera: good to a few metres over a city, which is all this map
 * is for. The view spans the map data around the camera up to `maxRadiusM` each way (never
 * less than `minRadiusM`). Near the edge of the data the view slides inwards, so the picture
 * is filled with streets rather than empty ground, while the camera stays at least
 * `cameraMarginPx` inside the frame.
 */
export function projectAround(
  camera: { lat: number; lon: number },
  data: MapData,
  width: number,
  height: number,
  { minRadiusM = 250, maxRadiusM = 900, cameraMarginPx = 80 } = {},
): Projection {
  const cosLat = Math.cos((camera.lat * Math.PI) / 180);
  const toMetres = ([lon, lat]: LonLat): [number, number] => [
    (lon - camera.lon) * METRES_PER_DEGREE * cosLat,
    (lat - camera.lat) * METRES_PER_DEGREE,
  ];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  const grow = (p: LonLat) => {
    const [x, y] = toMetres(p);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  };
  for (const s of data.streets) for (const l of s.lines) l.forEach(grow);
  for (const a of data.areas) for (const r of a.rings) r.forEach(grow);
  for (const s of data.sites) grow([s.lon, s.lat]);
  const extent = Number.isFinite(minX) ? Math.max(-minX, maxX, -minY, maxY) : 0;
  const radius = Math.min(maxRadiusM, Math.max(minRadiusM, extent * 1.05));
  const scale = Math.min(width, height) / (2 * radius);

  // Centre of the view, in metres from the camera.
  const slide = (lo: number, hi: number, half: number) => {
    if (!Number.isFinite(lo)) return 0;
    const wanted = hi - lo > 2 * half ? Math.min(Math.max(0, lo + half), hi - half) : (lo + hi) / 2;
    const limit = Math.max(0, half - cameraMarginPx / scale);
    return Math.min(limit, Math.max(-limit, wanted));
  };
  const cx = slide(minX, maxX, width / 2 / scale);
  const cy = slide(minY, maxY, height / 2 / scale);
  return {
    width,
    height,
    scale,
    project(p) {
      const [x, y] = toMetres(p);
      return [width / 2 + (x - cx) * scale, height / 2 - (y - cy) * scale];
    },
    inside(x, y, margin = 0) {
      return x >= -margin && y >= -margin && x <= width + margin && y <= height + margin;
    },
  };
}

/** SVG path data for lines (or closed rings), skipping any entirely off-screen. */
export function pathData(lines: readonly LonLat[][], proj: Projection, closed = false): string {
  const parts: string[] = [];
  for (const line of lines) {
    const pts = line.map((p) => proj.project(p));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    if (Math.max(...xs) < 0 || Math.min(...xs) > proj.width || Math.max(...ys) < 0 || Math.min(...ys) > proj.height) {
      continue;
    }
    parts.push(pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('') + (closed ? 'Z' : ''));
  }
  return parts.join('');
}

export interface StreetLabel {
  name: string;
  x: number;
  y: number;
  /** Degrees, kept between -90 and 90 so text never reads upside down. */
  angle: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The part of segment a-b inside the view inset by `inset` pixels (Liang–Barsky), or null. */
function clipSegment(
  a: [number, number],
  b: [number, number],
  proj: Projection,
  inset: number,
): [[number, number], [number, number]] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - inset],
    [dx, proj.width - inset - a[0]],
    [-dy, a[1] - inset],
    [dy, proj.height - inset - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [
    [a[0] + t0 * dx, a[1] + t0 * dy],
    [a[0] + t1 * dx, a[1] + t1 * dy],
  ];
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * One label per street name, on the longest of its visible segments where the text fits and
 * covers neither another label nor the `keepClear` boxes. Streets for which `first` is true
 * are placed first (the camera's own cross streets), then the longest.
 */
export function placeStreetLabels(
  data: MapData,
  proj: Projection,
  fontSize: number,
  keepClear: readonly Box[] = [],
  first: (name: string) => boolean = () => false,
): StreetLabel[] {
  type Segment = { len: number; a: [number, number]; b: [number, number] };
  const segments = new Map<string, Segment[]>();
  for (const street of data.streets) {
    if (!street.name) continue;
    const list = segments.get(street.name) ?? [];
    segments.set(street.name, list);
    for (const line of street.lines) {
      for (let i = 1; i < line.length; i++) {
        const clipped = clipSegment(proj.project(line[i - 1]!), proj.project(line[i]!), proj, 8);
        if (clipped === null) continue;
        const [a, b] = clipped;
        list.push({ len: Math.hypot(b[0] - a[0], b[1] - a[1]), a, b });
      }
    }
  }
  const longest = new Map([...segments].map(([n, segs]) => [n, segs.reduce((m, seg) => Math.max(m, seg.len), 0)]));
  const names = [...segments.keys()].sort(
    (x, y) => Number(first(y)) - Number(first(x)) || longest.get(y)! - longest.get(x)!,
  );
  const placed: Box[] = [...keepClear];
  const labels: StreetLabel[] = [];
  const tryPlace = (name: string, { len, a, b }: Segment, textLen: number): boolean => {
    let angle = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
    // Upright text; a vertical street reads bottom to top, as on printed maps.
    if (angle >= 90) angle -= 180;
    if (angle < -90) angle += 180;
    const rad = (angle * Math.PI) / 180;
    const halfW = (Math.abs(Math.cos(rad)) * textLen + Math.abs(Math.sin(rad)) * fontSize) / 2;
    const halfH = (Math.abs(Math.sin(rad)) * textLen + Math.abs(Math.cos(rad)) * fontSize) / 2;
    // The middle first, then further out along the segment while the text still fits on it.
    const room = (len - textLen) / 2 / len;
    for (const t of [0.5, 0.3, 0.7, 0.15, 0.85].filter((f) => Math.abs(f - 0.5) <= room)) {
      const x = a[0] + t * (b[0] - a[0]);
      const y = a[1] + t * (b[1] - a[1]);
      const box = { x0: x - halfW, y0: y - halfH, x1: x + halfW, y1: y + halfH };
      if (placed.some((p) => overlaps(p, box))) continue;
      placed.push(box);
      labels.push({ name, x, y, angle });
      return true;
    }
    return false;
  };
  for (const name of names) {
    const textLen = name.length * fontSize * 0.6;
    const fitting = segments
      .get(name)!
      .filter((seg) => seg.len >= textLen + 12)
      .sort((x, y) => y.len - x.len);
    fitting.some((seg) => tryPlace(name, seg, textLen));
  }
  return labels;
}

const COMPASS: Record<string, number> = {
  N: 0, NNE: 22.5, NE: 45, ENE: 67.5, E: 90, ESE: 112.5, SE: 135, SSE: 157.5,
  S: 180, SSW: 202.5, SW: 225, WSW: 247.5, W: 270, WNW: 292.5, NW: 315, NNW: 337.5,
};

const WORDS: Record<string, string> = { NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W' };

/** "NB", "SWB", "N", "Northbound", "north-east" → compass letters, or null. */
function compassLetters(direction: string): string | null {
  let d = direction.toUpperCase().replace(/[^A-Z]/g, '');
  d = d.replace(/BOUND$/, '');
  for (const [word, letter] of Object.entries(WORDS)) d = d.replaceAll(word, letter);
  if (d in COMPASS) return d;
  if (d.endsWith('B') && d.slice(0, -1) in COMPASS) return d.slice(0, -1);
  return null;
}

/** Compass bearing of travel in degrees (0 = north, clockwise), or null if not understood. */
export function directionBearing(direction: string): number | null {
  const letters = compassLetters(direction);
  return letters === null ? null : COMPASS[letters]!;
}

const LETTER_WORDS: Record<string, string> = { N: 'north', S: 'south', E: 'east', W: 'west' };

/** "NB" → "northbound", "NEB" → "northeastbound"; null if not understood. */
export function directionWords(direction: string): string | null {
  const letters = compassLetters(direction);
  if (letters === null) return null;
  const words = [...letters].map((l) => LETTER_WORDS[l]!);
  // "NNE" reads as north-northeast, not northnortheast.
  const [first, ...rest] = words;
  return `${words.length === 3 ? `${first}-${rest.join('')}` : words.join('')}bound`;
}
