/**
 * Synthetic camera images for training mode: the plate crop and the overview frame a fixed
 * ALPR camera sends with each read. They only need to look right to a dispatcher learning the
 * workflow (and to the plate reader, which sees the same crops), so they are drawn from
 * simple shapes; every choice comes from the seed, so the same hit always looks the same.
 */
import { drawText, textWidth, type TextStyle } from './font';
import { linearGradient, mix, Raster, type Color } from './png';
import { int, mulberry32, pick, range } from './random';

export const PLATE_WIDTH = 240;
export const PLATE_HEIGHT = 120;
export const OVERVIEW_WIDTH = 480;
export const OVERVIEW_HEIGHT = 270;

const STATE_NAMES: Readonly<Record<string, string>> = {
  AL: 'ALABAMA', AK: 'ALASKA', AZ: 'ARIZONA', AR: 'ARKANSAS', CA: 'CALIFORNIA',
  CO: 'COLORADO', CT: 'CONNECTICUT', DE: 'DELAWARE', DC: 'WASHINGTON DC', FL: 'FLORIDA',
  GA: 'GEORGIA', HI: 'HAWAII', ID: 'IDAHO', IL: 'ILLINOIS', IN: 'INDIANA', IA: 'IOWA',
  KS: 'KANSAS', KY: 'KENTUCKY', LA: 'LOUISIANA', ME: 'MAINE', MD: 'MARYLAND',
  MA: 'MASSACHUSETTS', MI: 'MICHIGAN', MN: 'MINNESOTA', MS: 'MISSISSIPPI', MO: 'MISSOURI',
  MT: 'MONTANA', NE: 'NEBRASKA', NV: 'NEVADA', NH: 'NEW HAMPSHIRE', NJ: 'NEW JERSEY',
  NM: 'NEW MEXICO', NY: 'NEW YORK', NC: 'NORTH CAROLINA', ND: 'NORTH DAKOTA', OH: 'OHIO',
  OK: 'OKLAHOMA', OR: 'OREGON', PA: 'PENNSYLVANIA', RI: 'RHODE ISLAND',
  SC: 'SOUTH CAROLINA', SD: 'SOUTH DAKOTA', TN: 'TENNESSEE', TX: 'TEXAS', UT: 'UTAH',
  VT: 'VERMONT', VA: 'VIRGINIA', WA: 'WASHINGTON', WV: 'WEST VIRGINIA', WI: 'WISCONSIN',
  WY: 'WYOMING',
};

/** The name printed across the top of a plate; unknown codes print as given. */
export function stateName(code: string): string {
  return STATE_NAMES[code.toUpperCase()] ?? code.toUpperCase();
}

const TAGLINES: Readonly<Record<string, string>> = {
  CA: 'DMV.CA.GOV',
  NV: 'THE SILVER STATE',
  OR: 'PACIFIC WONDERLAND',
  AZ: 'GRAND CANYON STATE',
  TX: 'THE LONE STAR STATE',
  FL: 'SUNSHINE STATE',
  NY: 'EXCELSIOR',
  WA: 'EVERGREEN STATE',
};

type Box = { x: number; y: number; w: number; h: number };

interface PlateDesign {
  top: Color;
  bottom: Color;
  ink: Color;
  stateInk: Color;
  border: boolean;
}

/** Colour schemes in the spirit of US plates, old and current. */
const DESIGNS: readonly PlateDesign[] = [
  { top: [249, 249, 246], bottom: [232, 235, 238], ink: [24, 40, 112], stateInk: [178, 32, 42], border: false },
  { top: [250, 250, 250], bottom: [236, 236, 234], ink: [22, 22, 26], stateInk: [24, 52, 140], border: true },
  { top: [242, 234, 206], bottom: [226, 216, 184], ink: [104, 24, 38], stateInk: [104, 24, 38], border: true },
  { top: [246, 204, 58], bottom: [232, 184, 40], ink: [20, 20, 22], stateInk: [20, 20, 22], border: true },
  { top: [30, 62, 142], bottom: [20, 44, 112], ink: [248, 208, 64], stateInk: [248, 208, 64], border: true },
  { top: [168, 204, 236], bottom: [250, 250, 248], ink: [24, 40, 100], stateInk: [150, 30, 40], border: false },
  { top: [34, 34, 38], bottom: [24, 24, 28], ink: [238, 238, 232], stateInk: [238, 238, 232], border: true },
];

const STICKER_COLOURS: readonly Color[] = [
  [214, 40, 48], [36, 110, 200], [40, 160, 80], [240, 190, 30], [236, 110, 30], [150, 60, 170],
];

/**
 * Draws a plate into the w x h box at (x, y). Everything scales with the box, so the same
 * drawing serves the full crop and the small plate on a car in the overview.
 */
function drawPlate(
  r: Raster,
  box: Box,
  plate: string,
  state: string,
  design: PlateDesign,
  rand: () => number,
): void {
  const { x, y, w, h } = box;
  const u = h / 112; // the layout below is written for a 224 x 112 plate
  r.fillRoundRect(x + 1.5 * u, y + 2.5 * u, w, h, 7 * u, [0, 0, 0, 0.4]);
  r.fillRoundRect(x, y, w, h, 7 * u, linearGradient(x, y, x, y + h, design.top, design.bottom));
  // The stamped rim catches light on top and shadow below.
  r.strokeRoundRect(x, y, w, h, 7 * u, 1.6 * u, linearGradient(x, y, x, y + h, [255, 255, 255, 0.5], [0, 0, 0, 0.35]));
  if (design.border) r.strokeRoundRect(x + 4 * u, y + 4 * u, w - 8 * u, h - 8 * u, 5 * u, 2.2 * u, design.ink);

  const boltY = y + 12 * u;
  for (const bx of [x + 0.17 * w, x + 0.83 * w]) {
    r.fillEllipse(bx, boltY, 4.2 * u, 3.6 * u, [70, 70, 74]);
    r.fillEllipse(bx - 0.6 * u, boltY - 0.6 * u, 3 * u, 2.5 * u, [196, 198, 204]);
  }

  const stickers = int(rand, 0, 2);
  for (let i = 0; i < stickers; i++) {
    const sx = i === 0 ? x + w - 38 * u : x + 10 * u;
    r.fillRoundRect(sx, y + 7 * u, 28 * u, 15 * u, 2 * u, pick(rand, STICKER_COLOURS));
    const year = String(int(rand, 24, 28));
    drawText(r, year, sx + 7 * u, y + 10 * u, { height: 9 * u, width: 5.5 * u, stroke: 1.6 * u, gap: 1.6 * u }, [20, 20, 20]);
  }

  const name = stateName(state);
  const nameStyle: TextStyle = { height: 13 * u, width: 8 * u, stroke: 2.1 * u, gap: 2.4 * u };
  fitWidth(nameStyle, textWidth(name, nameStyle), 0.56 * w);
  drawText(r, name, x + (w - textWidth(name, nameStyle)) / 2, y + 7 * u, nameStyle, design.stateInk);

  const chars: TextStyle = { height: 54 * u, width: 24 * u, stroke: 5.4 * u, gap: 4.6 * u };
  fitWidth(chars, textWidth(plate, chars), 0.88 * w);
  drawText(r, plate, x + (w - textWidth(plate, chars)) / 2, y + 30 * u, chars, design.ink);

  const tagline = TAGLINES[state.toUpperCase()];
  if (tagline) {
    const tag: TextStyle = { height: 9 * u, width: 5.6 * u, stroke: 1.6 * u, gap: 1.8 * u };
    drawText(r, tagline, x + (w - textWidth(tagline, tag)) / 2, y + h - 18 * u, tag, design.stateInk);
  }

  // Road grime: a few faint smudges.
  for (let i = int(rand, 0, 3); i > 0; i--) {
    r.fillEllipse(x + range(rand, 0.1, 0.9) * w, y + range(rand, 0.2, 0.9) * h, range(rand, 8, 30) * u, range(rand, 5, 14) * u, [90, 76, 56, range(rand, 0.05, 0.12)]);
  }
}

/** Narrows a style (keeping its height) so that text of `width` fits in `max`. */
function fitWidth(style: TextStyle, width: number, max: number): void {
  if (width <= max) return;
  const k = max / width;
  style.width *= k;
  style.gap *= k;
  style.stroke = Math.min(style.stroke, style.width * 0.3);
}

const SUPERSAMPLE = 3;

/**
 * A plate crop as a camera's reader cuts it out: the plate nearly filling the frame, slightly
 * rotated and off-centre, with some bumper around it, focus blur, exposure and sensor noise.
 */
export function renderPlatePng(opts: { plate: string; state: string; seed: number }): Buffer {
  const rand = mulberry32(opts.seed);
  const design = pick(rand, DESIGNS);
  const bumper = pick(rand, [[52, 54, 58], [28, 28, 30], [120, 122, 126], [150, 28, 30], [210, 212, 214]] as const);
  const r = Raster.supersampled(PLATE_WIDTH, PLATE_HEIGHT, SUPERSAMPLE);
  r.fillRect(0, 0, PLATE_WIDTH, PLATE_HEIGHT, linearGradient(0, 0, 0, PLATE_HEIGHT, mix(bumper, [255, 255, 255], 0.15), mix(bumper, [0, 0, 0], 0.35)));
  drawPlate(r, { x: 8, y: 4, w: 224, h: 112 }, opts.plate, opts.state, design, rand);
  r.boxBlur(int(rand, 0, 3));

  const angle = (range(rand, -2.5, 2.5) * Math.PI) / 180;
  const zoom = range(rand, 0.97, 1.04);
  const shiftX = range(rand, -3, 3);
  const shiftY = range(rand, -2, 2);
  const cos = Math.cos(angle) / zoom;
  const sin = Math.sin(angle) / zoom;
  const cx = PLATE_WIDTH / 2;
  const cy = PLATE_HEIGHT / 2;
  const out = r.warp(PLATE_WIDTH, PLATE_HEIGHT, (px, py) => {
    const dx = px - cx;
    const dy = py - cy;
    return [(cx + shiftX + dx * cos - dy * sin) * SUPERSAMPLE, (cy + shiftY + dx * sin + dy * cos) * SUPERSAMPLE];
  });
  out.adjust(range(rand, 0.8, 1.12), range(rand, -12, 10));
  out.addNoise(rand, range(rand, 1.5, 4));
  return out.toPng();
}

const VEHICLE_COLOURS: Readonly<Record<string, Color>> = {
  white: [226, 228, 230],
  black: [26, 27, 30],
  silver: [170, 174, 180],
  gray: [104, 108, 114],
  grey: [104, 108, 114],
  red: [160, 24, 28],
  maroon: [96, 20, 30],
  blue: [30, 60, 140],
  navy: [24, 34, 70],
  green: [34, 96, 56],
  yellow: [222, 186, 40],
  gold: [180, 150, 90],
  orange: [220, 110, 30],
  brown: [92, 64, 44],
  tan: [186, 164, 128],
  beige: [200, 184, 150],
  purple: [80, 40, 110],
};

/** The body colour named in a description such as "2015 Honda Civic, white", if any. */
export function vehicleColour(description: string): Color | undefined {
  for (const word of description.toLowerCase().split(/[^a-z]+/)) {
    const c = VEHICLE_COLOURS[word];
    if (c) return c;
  }
  return undefined;
}

const TALL_BODY = /\b(suv|truck|pickup|van|minivan|jeep|wagon|tahoe|suburban|explorer|f-?150|silverado|ram|4runner|rav4|cr-?v|odyssey)\b/i;

/**
 * The rear of a car standing on the road at (cx, bottom), `width` wide. Returns where its
 * plate and tail lights are, for the caller to draw and light.
 */
function drawCar(
  r: Raster,
  cx: number,
  bottom: number,
  width: number,
  body: Color,
  tall: boolean,
): { plate: Box; lights: Box[] } {
  const W = width;
  const X = (f: number) => cx + f * W;
  const Y = (f: number) => bottom - f * W;
  const lift = tall ? 0.14 : 0;
  const light = mix(body, [255, 255, 255], 0.28);
  const dark = mix(body, [0, 0, 0], 0.45);

  r.fillEllipse(cx, Y(0.02), 0.62 * W, 0.07 * W, [0, 0, 0, 0.45]);
  for (const side of [-1, 1]) r.fillRoundRect(X(side * 0.41 - 0.07), Y(0.16), 0.14 * W, 0.16 * W, 0.03 * W, [20, 20, 22]);
  r.fillRoundRect(X(-0.5), Y(0.5 + lift), W, 0.42 * W + lift * W, 0.07 * W, linearGradient(0, Y(0.5 + lift), 0, Y(0.08), light, dark));
  r.fillRoundRect(X(-0.49), Y(0.16), 0.98 * W, 0.1 * W, 0.04 * W, [30, 31, 34]);
  // Trunk lid seen from above, then the cabin narrowing to the roof.
  r.fillPolygon([[X(-0.47), Y(0.5 + lift)], [X(0.47), Y(0.5 + lift)], [X(0.44), Y(0.56 + lift)], [X(-0.44), Y(0.56 + lift)]], mix(light, [210, 220, 235], 0.35));
  const roofY = Y((tall ? 0.88 : 0.8) + lift * 0.4);
  r.fillPolygon([[X(-0.43), Y(0.56 + lift)], [X(0.43), Y(0.56 + lift)], [X(0.34), roofY], [X(-0.34), roofY]], mix(body, [0, 0, 0], 0.1));
  const glassTop = roofY + 0.035 * W;
  const glassBottom = Y(0.59 + lift);
  r.fillPolygon([[X(-0.38), glassBottom], [X(0.38), glassBottom], [X(0.3), glassTop], [X(-0.3), glassTop]], linearGradient(0, glassTop, 0, glassBottom, [92, 104, 118], [34, 38, 46]));
  r.fillPolygon([[X(-0.2), glassBottom], [X(-0.05), glassBottom], [X(0.12), glassTop], [X(-0.02), glassTop]], [255, 255, 255, 0.1]);
  r.fillRoundRect(X(-0.07), glassTop + 0.01 * W, 0.14 * W, 0.018 * W, 0.008 * W, [150, 20, 24]);
  for (const side of [-1, 1]) r.fillEllipse(X(side * 0.47), Y(0.6 + lift), 0.06 * W, 0.035 * W, dark);

  const lights = [-1, 1].map((side) => ({ x: X(side > 0 ? 0.31 : -0.48), y: Y(0.46 + lift), w: 0.17 * W, h: 0.1 * W }));
  for (const l of lights) {
    r.fillRoundRect(l.x, l.y, l.w, l.h, 0.025 * W, [150, 16, 22]);
    r.fillRoundRect(l.x + 0.02 * W, l.y + 0.02 * W, l.w - 0.04 * W, l.h * 0.35, 0.01 * W, [226, 70, 64]);
  }
  r.fillEllipse(cx, Y(0.42 + lift), 0.04 * W, 0.022 * W, [200, 204, 210]);

  const plate = { w: 0.21 * W, h: 0.105 * W, x: cx - 0.105 * W, y: Y(0.33) };
  r.fillRoundRect(plate.x - 0.012 * W, plate.y - 0.012 * W, plate.w + 0.024 * W, plate.h + 0.024 * W, 0.015 * W, dark);
  return { plate, lights };
}

/** Draws the road and what lies beside it, seen from a pole-mounted camera. */
function drawStreet(r: Raster, rand: () => number, vx: number, horizon: number): { laneX: (f: number, y: number) => number } {
  const W = OVERVIEW_WIDTH;
  const H = OVERVIEW_HEIGHT;
  r.fillRect(0, 0, W, horizon + 1, linearGradient(0, 0, 0, horizon, [150, 176, 204], [206, 212, 218]));
  // A skyline of low buildings and trees along the far end of the road.
  for (let bx = -10; bx < W; ) {
    const bw = range(rand, 24, 70);
    const bh = range(rand, 14, 52);
    const tone = pick(rand, [[150, 140, 128], [176, 168, 154], [128, 96, 80], [120, 126, 134], [196, 190, 176]] as const);
    r.fillRect(bx, horizon - bh, bw, bh + 4, linearGradient(0, horizon - bh, 0, horizon, tone, mix(tone, [0, 0, 0], 0.25)));
    for (let wy = horizon - bh + 5; wy < horizon - 6; wy += 9) {
      for (let wx = bx + 4; wx < bx + bw - 6; wx += 9) r.fillRect(wx, wy, 4, 4, [70, 80, 92, 0.55]);
    }
    bx += bw + range(rand, -4, 10);
  }
  for (let i = int(rand, 4, 9); i > 0; i--) {
    const tx = range(rand, 0, W);
    const ts = range(rand, 8, 20);
    r.fillEllipse(tx, horizon - ts * 0.6, ts, ts * 1.1, pick(rand, [[70, 96, 60], [58, 84, 52], [86, 108, 66]] as const));
  }

  // The road's edges run from just off the bottom corners to the vanishing point.
  const edge = (bottomX: number) => (y: number) => vx + ((bottomX - vx) * (y - horizon)) / (H - horizon);
  const left = edge(-500);
  const right = edge(W + 500);
  const laneX = (f: number, y: number) => left(y) + (right(y) - left(y)) * f;
  r.fillRect(0, horizon, W, H - horizon, linearGradient(0, horizon, 0, H, [150, 156, 140], [120, 132, 104]));
  const kerb = 0.06;
  r.fillPolygon([[laneX(-kerb, H), H], [laneX(1 + kerb, H), H], [vx, horizon]], linearGradient(0, horizon, 0, H, [196, 196, 190], [170, 170, 164]));
  r.fillPolygon([[laneX(0, H), H], [laneX(1, H), H], [vx, horizon]], linearGradient(0, horizon, 0, H, [128, 130, 134], [74, 76, 80]));
  for (let i = int(rand, 2, 5); i > 0; i--) {
    const y = range(rand, horizon + 20, H);
    const f = range(rand, 0.05, 0.9);
    r.line(laneX(f, y), y, laneX(f + range(rand, 0.03, 0.12), y + range(rand, -4, 4)), y + range(rand, -6, 6), 1.2, [44, 46, 50, 0.5]);
  }

  // Markings: solid edge lines, a double yellow centre line, dashed lane lines. A dash at
  // distance z along the road lands at a screen height proportional to 1 / z. Widths are in
  // thousandths of the road's width.
  const stripe = (f: number, y0: number, y1: number, perMille: number, c: Color) => {
    const w0 = (perMille * (y0 - horizon)) / (H - horizon) / 2000;
    const w1 = (perMille * (y1 - horizon)) / (H - horizon) / 2000;
    r.fillPolygon([[laneX(f - w0, y0), y0], [laneX(f + w0, y0), y0], [laneX(f + w1, y1), y1], [laneX(f - w1, y1), y1]], c);
  };
  const white: Color = [236, 236, 230];
  const yellow: Color = [232, 190, 40];
  stripe(0.02, horizon, H, 8, white);
  stripe(0.98, horizon, H, 8, white);
  stripe(0.493, horizon, H, 6, yellow);
  stripe(0.507, horizon, H, 6, yellow);
  const phase = range(rand, 0, 3);
  for (let z = 1 + phase; z < 60; z += 3) {
    const y0 = horizon + (H - horizon) / z;
    const y1 = horizon + (H - horizon) / (z + 1.2);
    for (const f of [0.25, 0.75]) stripe(f, y0, y1, 7, white);
  }
  return { laneX };
}

/** The first hh:mm in a caption, for day or night lighting. */
function captionHour(caption: string): number | undefined {
  const m = /(?:^|\D)(\d{1,2}):(\d{2})(?!\d)/.exec(caption);
  return m ? Number(m[1]) : undefined;
}

/**
 * An overview frame from a fixed camera: the road from above, the car going away with its
 * plate, and the camera name and time burned into the top-left corner. Frames whose caption
 * reads between 19:00 and 06:59 are dark, with the plate lit by the camera's infrared flash.
 */
export function renderOverviewPng(opts: {
  plate: string;
  state: string;
  vehicle: string;
  seed: number;
  caption: string;
}): Buffer {
  const rand = mulberry32(opts.seed);
  const design = pick(rand, DESIGNS);
  const body = vehicleColour(opts.vehicle) ?? pick(rand, Object.values(VEHICLE_COLOURS));
  const hour = captionHour(opts.caption);
  const night = hour !== undefined && (hour >= 19 || hour < 7);
  const horizon = range(rand, 58, 80);
  const vx = range(rand, 200, 280);
  const r = Raster.supersampled(OVERVIEW_WIDTH, OVERVIEW_HEIGHT, 2);
  const { laneX } = drawStreet(r, rand, vx, horizon);

  // A car is about half as wide as its lane.
  const carAt = (lane: number, y: number) => ({ cx: laneX(lane, y), width: (laneX(lane + 0.125, y) - laneX(lane - 0.125, y)) * 0.5 });
  const others = int(rand, 0, 2);
  for (let i = 0; i < others; i++) {
    const y = range(rand, horizon + 18, horizon + 60);
    const { cx, width } = carAt(pick(rand, [0.625, 0.875]), y);
    const far = drawCar(r, cx + range(rand, -4, 4), y, width, pick(rand, Object.values(VEHICLE_COLOURS)), rand() < 0.3);
    r.fillRect(far.plate.x, far.plate.y, far.plate.w, far.plate.h, [226, 226, 220]);
  }
  const bottom = range(rand, 214, 248);
  const lane = carAt(range(rand, 0.6, 0.7), bottom);
  const width = lane.width;
  const margin = width * 0.62 + 6;
  const cx = Math.min(OVERVIEW_WIDTH - margin, Math.max(margin, lane.cx));
  const car = drawCar(r, cx, bottom, width, body, TALL_BODY.test(opts.vehicle));
  const plateSeed = int(rand, 0, 0xffffffff);
  const paintPlate = () => drawPlate(r, car.plate, opts.plate, opts.state, design, mulberry32(plateSeed));
  paintPlate();

  if (night) {
    r.adjust([0.22, 0.25, 0.34]);
    // The infrared flash makes the retroreflective plate the brightest thing in the frame.
    paintPlate();
    for (const l of car.lights) {
      r.fillEllipse(l.x + l.w / 2, l.y + l.h / 2, l.w * 0.8, l.h * 1.3, [255, 40, 30, 0.14]);
      r.fillRoundRect(l.x, l.y, l.w, l.h, l.h * 0.3, [255, 70, 60]);
    }
  }

  const caption = opts.caption.toUpperCase().split('\n');
  const style: TextStyle = { height: 9, width: 5.4, stroke: 1.25, gap: 1.6 };
  const boxW = Math.max(...caption.map((line) => textWidth(line, style))) + 8;
  r.fillRect(0, 0, boxW, caption.length * 13 + 5, [0, 0, 0, 0.55]);
  caption.forEach((line, i) => drawText(r, line, 4, 4 + i * 13, style, [248, 248, 240]));

  return r.downsample(2).toPng();
}

/**
 * A plate thumbnail for search results (120 x 60): the same plate design the crop would have,
 * drawn once at 2x without the camera's blur, warp and noise, so a page of results renders in
 * a fraction of the time of full crops. Seeded like the crop: the same read looks the same.
 */
export function renderPlateThumbPng(opts: { plate: string; state: string; seed: number }): Buffer {
  const rand = mulberry32(opts.seed);
  const design = pick(rand, DESIGNS);
  const r = Raster.supersampled(PLATE_WIDTH / 2, PLATE_HEIGHT / 2, 2, [60, 62, 66]);
  const k = 0.5;
  drawPlate(r, { x: 8 * k, y: 4 * k, w: 224 * k, h: 112 * k }, opts.plate, opts.state, design, rand);
  return r.downsample(2).toPng();
}

/**
 * What the hub sends instead of a photo when a read came without images (a camera system that
 * posts reads only): a grey frame that says so, never a drawing that could pass for the plate.
 */
export function renderNoImagePng(width: number, height: number, lines: readonly string[]): Buffer {
  const r = new Raster(width, height, [72, 72, 76]);
  const style: TextStyle = { height: 12, width: 7, stroke: 1.6, gap: 2 };
  lines.forEach((line, i) => {
    const text = line.toUpperCase();
    drawText(r, text, Math.max(4, (width - textWidth(text, style)) / 2), height / 2 - (lines.length * 18) / 2 + i * 18, style, [235, 235, 230]);
  });
  return r.toPng();
}
