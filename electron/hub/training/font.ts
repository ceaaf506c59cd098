/**
 * A plate-style bitmap font. Each glyph is a 7 x 11 grid marking the centre line of its
 * strokes; `drawText` joins neighbouring marks with thick round strokes, so the same bitmaps
 * give heavy embossed plate characters at 50 px and a thin caption font at 9 px.
 *
 * The look-alike pairs (0/O, 8/B, 1/I, 5/S, 2/Z, 6/G) are drawn the way US plate fonts draw
 * them: close enough that a tired eye or an OCR model confuses them, never identical. 0 is
 * narrower than O; B has a straight spine and square corners where 8 is round; 1 has a flag
 * where I has bars; 5 has a square shoulder where S curls; Z is straight where 2 curves; G has
 * a spur where 6 closes a loop.
 *
 * The other letters are drawn as plate fonts draw them, since the console's plate reader reads
 * these images too: M's and W's middles reach half the height, A comes to a point, S bends
 * through its middle (tests/unit/ocr-training-hub.test.ts).
 */
import type { Paint, Raster } from './png';

const GLYPH_COLUMNS = 7;
const GLYPH_ROWS = 11;

const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['...#...', '..#.#..', '..#.#..', '.#...#.', '.#...#.', '.#...#.', '#######', '#.....#', '#.....#', '#.....#', '#.....#'],
  B: ['######.', '#.....#', '#.....#', '#.....#', '######.', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '######.'],
  C: ['.#####.', '#.....#', '#......', '#......', '#......', '#......', '#......', '#......', '#......', '#.....#', '.#####.'],
  D: ['#####..', '#....#.', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#....#.', '#####..'],
  E: ['#######', '#......', '#......', '#......', '#......', '######.', '#......', '#......', '#......', '#......', '#######'],
  F: ['#######', '#......', '#......', '#......', '#......', '######.', '#......', '#......', '#......', '#......', '#......'],
  G: ['.#####.', '#.....#', '#......', '#......', '#......', '#...###', '#.....#', '#.....#', '#.....#', '#.....#', '.#####.'],
  H: ['#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#######', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#'],
  I: ['.#####.', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '.#####.'],
  J: ['......#', '......#', '......#', '......#', '......#', '......#', '......#', '......#', '......#', '#.....#', '.#####.'],
  K: ['#.....#', '#....#.', '#...#..', '#..#...', '#.#....', '##.....', '#.#....', '#..#...', '#...#..', '#....#.', '#.....#'],
  L: ['#......', '#......', '#......', '#......', '#......', '#......', '#......', '#......', '#......', '#......', '#######'],
  M: ['#.....#', '##...##', '##...##', '#.#.#.#', '#.#.#.#', '#..#..#', '#..#..#', '#.....#', '#.....#', '#.....#', '#.....#'],
  N: ['#.....#', '##....#', '#.#...#', '#.#...#', '#..#..#', '#..#..#', '#...#.#', '#...#.#', '#....##', '#.....#', '#.....#'],
  O: ['.#####.', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '.#####.'],
  P: ['######.', '#.....#', '#.....#', '#.....#', '#.....#', '######.', '#......', '#......', '#......', '#......', '#......'],
  Q: ['.#####.', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#...#.#', '#....#.', '.####.#'],
  R: ['######.', '#.....#', '#.....#', '#.....#', '#.....#', '######.', '#...#..', '#....#.', '#.....#', '#.....#', '#.....#'],
  S: ['.#####.', '#.....#', '#......', '#......', '.#.....', '..###..', '.....#.', '......#', '......#', '#.....#', '.#####.'],
  T: ['#######', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...'],
  U: ['#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '#.....#', '.#####.'],
  V: ['#.....#', '#.....#', '#.....#', '.#...#.', '.#...#.', '.#...#.', '..#.#..', '..#.#..', '..#.#..', '...#...', '...#...'],
  W: ['#.....#', '#.....#', '#.....#', '#.....#', '.#.#.#.', '.#.#.#.', '.#.#.#.', '.#.#.#.', '.##.##.', '.#...#.', '.#...#.'],
  X: ['#.....#', '#.....#', '.#...#.', '.#...#.', '..#.#..', '...#...', '..#.#..', '.#...#.', '.#...#.', '#.....#', '#.....#'],
  Y: ['#.....#', '#.....#', '.#...#.', '.#...#.', '..#.#..', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...'],
  Z: ['#######', '.....#.', '....#..', '....#..', '...#...', '...#...', '...#...', '..#....', '..#....', '.#.....', '#######'],
  '0': ['..###..', '.#...#.', '.#...#.', '.#...#.', '.#...#.', '.#...#.', '.#...#.', '.#...#.', '.#...#.', '.#...#.', '..###..'],
  '1': ['...#...', '..##...', '.#.#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...', '...#...'],
  '2': ['.#####.', '#.....#', '......#', '......#', '.....#.', '....#..', '...#...', '..#....', '.#.....', '#......', '#######'],
  '3': ['.#####.', '#.....#', '......#', '......#', '......#', '..####.', '......#', '......#', '......#', '#.....#', '.#####.'],
  '4': ['.....#.', '....##.', '...#.#.', '..#..#.', '.#...#.', '#....#.', '#######', '.....#.', '.....#.', '.....#.', '.....#.'],
  '5': ['#######', '#......', '#......', '#......', '######.', '......#', '......#', '......#', '......#', '#.....#', '.#####.'],
  '6': ['.#####.', '#.....#', '#......', '#......', '#.####.', '##....#', '#.....#', '#.....#', '#.....#', '#.....#', '.#####.'],
  '7': ['#######', '......#', '.....#.', '.....#.', '....#..', '....#..', '....#..', '...#...', '...#...', '..#....', '..#....'],
  '8': ['..###..', '.#...#.', '.#...#.', '.#...#.', '..###..', '.#...#.', '#.....#', '#.....#', '#.....#', '#.....#', '.#####.'],
  '9': ['.#####.', '#.....#', '#.....#', '#.....#', '#.....#', '#....##', '.####.#', '......#', '......#', '#.....#', '.#####.'],
  ' ': ['.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......'],
  '-': ['.......', '.......', '.......', '.......', '.......', '.#####.', '.......', '.......', '.......', '.......', '.......'],
  '.': ['.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '...#...'],
  ',': ['.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '...#...', '..#....'],
  ':': ['.......', '.......', '.......', '...#...', '.......', '.......', '.......', '...#...', '.......', '.......', '.......'],
  "'": ['...#...', '...#...', '...#...', '.......', '.......', '.......', '.......', '.......', '.......', '.......', '.......'],
  '/': ['......#', '......#', '.....#.', '.....#.', '....#..', '...#...', '..#....', '.#.....', '.#.....', '#......', '#......'],
  '&': ['.###...', '#...#..', '#...#..', '.#.#...', '..#....', '.#.#..#', '#...#.#', '#....#.', '#...#.#', '#..#..#', '.##....'],
  '#': ['.......', '..#.#..', '..#.#..', '#######', '..#.#..', '..#.#..', '..#.#..', '#######', '..#.#..', '..#.#..', '.......'],
  '(': ['....#..', '...#...', '..#....', '..#....', '..#....', '..#....', '..#....', '..#....', '..#....', '...#...', '....#..'],
  ')': ['..#....', '...#...', '....#..', '....#..', '....#..', '....#..', '....#..', '....#..', '....#..', '...#...', '..#....'],
  '+': ['.......', '.......', '...#...', '...#...', '...#...', '#######', '...#...', '...#...', '...#...', '.......', '.......'],
};

/** The characters the font draws; anything else is drawn as a space. */
export const FONT_CHARACTERS = Object.keys(GLYPHS).join('');

type Cell = readonly [number, number];

/**
 * Traces a glyph into polylines in grid coordinates. Orthogonal neighbours always join;
 * diagonal ones join only where no orthogonal path already turns that corner, which would
 * fill it in. Each run between junctions or ends is then simplified, so that a staircase of
 * marks becomes one straight stroke while real corners and curves keep their points.
 */
function trace(rows: readonly string[]): Cell[][] {
  const on = (c: number, r: number) => rows[r]?.[c] === '#';
  const key = (c: number, r: number) => r * GLYPH_COLUMNS + c;
  const cells = new Map<number, Cell>();
  const edges: [number, number][] = [];
  for (let r = 0; r < GLYPH_ROWS; r++) {
    for (let c = 0; c < GLYPH_COLUMNS; c++) {
      if (!on(c, r)) continue;
      cells.set(key(c, r), [c, r]);
      if (on(c + 1, r)) edges.push([key(c, r), key(c + 1, r)]);
      if (on(c, r + 1)) edges.push([key(c, r), key(c, r + 1)]);
      if (on(c + 1, r + 1) && !on(c + 1, r) && !on(c, r + 1)) edges.push([key(c, r), key(c + 1, r + 1)]);
      if (on(c - 1, r + 1) && !on(c - 1, r) && !on(c, r + 1)) edges.push([key(c, r), key(c - 1, r + 1)]);
    }
  }
  const incident = new Map<number, number[]>([...cells.keys()].map((k) => [k, []]));
  edges.forEach(([a, b], i) => {
    incident.get(a)!.push(i);
    incident.get(b)!.push(i);
  });
  const used = new Set<number>();
  const walk = (from: number, edge: number): number[] => {
    const path = [from];
    let at = from;
    let e: number | undefined = edge;
    while (e !== undefined && !used.has(e)) {
      used.add(e);
      const [a, b] = edges[e]!;
      at = a === at ? b : a;
      path.push(at);
      const next = incident.get(at)!;
      e = next.length === 2 ? next.find((n) => !used.has(n)) : undefined;
    }
    return path;
  };
  const paths: number[][] = [];
  // Runs start at ends and junctions first, so that only closed loops (O, 0) remain after.
  for (const [k, es] of incident) {
    if (es.length === 0) paths.push([k]);
    if (es.length !== 2) for (const e of es) if (!used.has(e)) paths.push(walk(k, e));
  }
  for (const [k, es] of incident) for (const e of es) if (!used.has(e)) paths.push(walk(k, e));
  return paths.map((p) => simplify(p.map((k) => cells.get(k)!), 0.6));
}

/** Douglas-Peucker: drops points that lie within `tolerance` of the chord they sit on. */
function simplify(points: Cell[], tolerance: number): Cell[] {
  if (points.length < 3) return points;
  const [x0, y0] = points[0]!;
  const [x1, y1] = points[points.length - 1]!;
  const len = Math.hypot(x1 - x0, y1 - y0);
  let far = 0;
  let farIndex = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const [x, y] = points[i]!;
    const d = len === 0 ? Math.hypot(x - x0, y - y0) : Math.abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / len;
    if (d > far) {
      far = d;
      farIndex = i;
    }
  }
  if (far <= tolerance) return [points[0]!, points[points.length - 1]!];
  const head = simplify(points.slice(0, farIndex + 1), tolerance);
  return [...head.slice(0, -1), ...simplify(points.slice(farIndex), tolerance)];
}

const STROKES = new Map(Object.entries(GLYPHS).map(([ch, rows]) => [ch, trace(rows)]));

export interface TextStyle {
  /** Cap height, in drawing units. */
  height: number;
  /** Width of one character cell, in drawing units. */
  width: number;
  /** Stroke thickness, in drawing units. */
  stroke: number;
  /** Space between character cells, in drawing units. */
  gap: number;
}

export function textWidth(text: string, style: TextStyle): number {
  return text.length === 0 ? 0 : text.length * style.width + (text.length - 1) * style.gap;
}

/**
 * Draws `text` with its top-left corner at (x, y). Strokes overlap at their joints, so a
 * translucent paint would show darker knots: draw opaque.
 */
export function drawText(r: Raster, text: string, x: number, y: number, style: TextStyle, paint: Paint): void {
  const { height, width, stroke } = style;
  const pitchX = (width - stroke) / (GLYPH_COLUMNS - 1);
  const pitchY = (height - stroke) / (GLYPH_ROWS - 1);
  let left = x;
  for (const ch of text) {
    const strokes = STROKES.get(ch.toUpperCase()) ?? [];
    const px = (c: number) => left + stroke / 2 + c * pitchX;
    const py = (row: number) => y + stroke / 2 + row * pitchY;
    for (const line of strokes) {
      const [c0, r0] = line[0]!;
      if (line.length === 1) r.line(px(c0), py(r0), px(c0), py(r0), stroke, paint);
      for (let i = 1; i < line.length; i++) {
        const [ca, ra] = line[i - 1]!;
        const [cb, rb] = line[i]!;
        r.line(px(ca), py(ra), px(cb), py(rb), stroke, paint);
      }
    }
    left += width + style.gap;
  }
}
