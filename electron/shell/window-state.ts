/**
 * Where the console window was: saved on move, resize and close, restored at start. A window
 * saved on a monitor that is gone (a docking station unplugged, a projector moved) comes back
 * on a monitor that is there. Pure: main.ts passes Electron's screen.getAllDisplays().
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
  fullScreen?: boolean;
}

/** What main.ts needs of an Electron Display. */
export interface DisplayLike {
  workArea: Rect;
  /** Electron marks none of them; the first one listed is treated as the primary. */
  primary?: boolean;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 };
export const MIN_SIZE = { width: 960, height: 640 };
/** At least this much of the title bar must lie on a monitor for the saved position to be kept. */
const GRAB_PX = 120;

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

const finite = (r: Rect | undefined | null): r is Rect =>
  !!r && [r.x, r.y, r.width, r.height].every((v) => typeof v === 'number' && Number.isFinite(v)) && r.width > 0 && r.height > 0;

/**
 * The bounds to open the window with. The saved bounds are kept when their title bar is on a
 * monitor that is still there (clamped to fit it); otherwise the window opens centred on the
 * primary monitor, at the saved size if it fits there.
 */
export function restoreBounds(saved: WindowState | null | undefined, displays: readonly DisplayLike[]): WindowState {
  const areas = displays.map((d) => d.workArea).filter((a) => finite(a));
  const primary = displays.find((d) => d.primary)?.workArea ?? areas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (!saved || !finite(saved.bounds)) return { bounds: centred(DEFAULT_SIZE, primary), maximized: false };
  const b = saved.bounds;
  const titleBar: Rect = { x: b.x, y: b.y, width: b.width, height: Math.min(32, b.height) };
  const home = areas
    .map((a) => ({ a, o: overlap(titleBar, a) }))
    .filter((x) => x.o && x.o.width >= Math.min(GRAB_PX, b.width))
    .sort((p, q) => q.o!.width - p.o!.width)[0]?.a;
  if (!home) {
    return { bounds: centred({ width: b.width, height: b.height }, primary), maximized: saved.maximized === true };
  }
  // On a monitor that is there: keep it, but shrink and nudge it to fit that monitor.
  const width = Math.min(b.width, home.width);
  const height = Math.min(b.height, home.height);
  const x = Math.min(Math.max(b.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(b.y, home.y), home.y + home.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized === true };
}

export const WINDOW_STATE_FILE = 'window-state.json';

/** The saved state, or null when there is none or it cannot be read (never fatal). */
export function loadWindowState(dir: string): WindowState | null {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8')) as WindowState;
    return finite(raw?.bounds) ? { bounds: raw.bounds, maximized: raw.maximized === true } : null;
  } catch {
    return null;
  }
}

export function saveWindowState(dir: string, state: WindowState): void {
  const file = path.join(dir, WINDOW_STATE_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}
