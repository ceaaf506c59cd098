"""The training hub's plate font (electron/hub/training/font.ts) as a synthetic-plate font.

US plate fonts are mostly built like it: strokes of one width with round ends along a centre
line, condensed, I barred, 1 flagged. font.ts is read at run time (the one copy of the glyph
grids) and traced into polylines the way its `trace` does; each drawing picks its own stroke
width, cell width and letter spacing, so one grid gives a family of weights and widths.
"""
import math
import os
import re

from PIL import Image, ImageDraw

FONT_TS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "electron", "hub", "training", "font.ts")
COLUMNS, ROWS = 7, 11


def _glyphs():
    with open(FONT_TS, encoding="utf-8") as f:
        src = f.read()
    out = {}
    for key, body in re.findall(r"^\s+'?([A-Z0-9])'?: \[([^\]]*)\],$", src, re.M):
        rows = re.findall(r"'([.#]{7})'", body)
        if len(rows) != ROWS:
            raise SystemExit(f"{FONT_TS}: glyph {key} has {len(rows)} rows, expected {ROWS}")
        out[key] = rows
    if len(out) != 36:
        raise SystemExit(f"{FONT_TS}: found {len(out)} of the 36 letter and digit glyphs")
    return out


def _simplify(points, tol):
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    far, at = 0.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = math.hypot(x - x0, y - y0) if length == 0 else abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / length
        if d > far:
            far, at = d, i
    if far <= tol:
        return [points[0], points[-1]]
    return _simplify(points[:at + 1], tol)[:-1] + _simplify(points[at:], tol)


def _trace(rows):
    """Polylines through a glyph's marks: font.ts's `trace`, step for step."""
    on = lambda c, r: 0 <= r < ROWS and 0 <= c < COLUMNS and rows[r][c] == "#"
    cells, edges = {}, []
    for r in range(ROWS):
        for c in range(COLUMNS):
            if not on(c, r):
                continue
            cells[(c, r)] = (c, r)
            if on(c + 1, r):
                edges.append(((c, r), (c + 1, r)))
            if on(c, r + 1):
                edges.append(((c, r), (c, r + 1)))
            if on(c + 1, r + 1) and not on(c + 1, r) and not on(c, r + 1):
                edges.append(((c, r), (c + 1, r + 1)))
            if on(c - 1, r + 1) and not on(c - 1, r) and not on(c, r + 1):
                edges.append(((c, r), (c - 1, r + 1)))
    incident = {k: [] for k in sorted(cells, key=lambda k: (k[1], k[0]))}
    for i, (a, b) in enumerate(edges):
        incident[a].append(i)
        incident[b].append(i)
    used = set()

    def walk(start, edge):
        path, at, e = [start], start, edge
        while e is not None and e not in used:
            used.add(e)
            a, b = edges[e]
            at = b if a == at else a
            path.append(at)
            nxt = incident[at]
            e = next((n for n in nxt if n not in used), None) if len(nxt) == 2 else None
        return path

    paths = []
    for k, es in incident.items():
        if not es:
            paths.append([k])
        if len(es) != 2:
            paths.extend(walk(k, e) for e in es if e not in used)
    for k, es in incident.items():
        paths.extend(walk(k, e) for e in es if e not in used)
    return [_simplify(p, 0.6) for p in paths]


STROKES = {ch: _trace(rows) for ch, rows in _glyphs().items()}


def layer(text, rng):
    """`text` in white on a black 8-bit layer, cap height about 96 px, a random weight and width."""
    height = 96
    stroke = height * rng.uniform(0.11, 0.2)
    width = height * rng.uniform(0.48, 0.66)
    gap = height * rng.uniform(0.06, 0.16)
    pitch_x = (width - stroke) / (COLUMNS - 1)
    pitch_y = (height - stroke) / (ROWS - 1)
    pad = 4
    total = len(text) * width + max(0, len(text) - 1) * gap
    img = Image.new("L", (int(total) + 2 * pad + 1, height + 2 * pad + 1), 0)
    d = ImageDraw.Draw(img)
    r = stroke / 2
    left = pad
    for ch in text:
        for line in STROKES.get(ch, []):
            pts = [(left + r + c * pitch_x, pad + r + row * pitch_y) for c, row in line]
            if len(pts) > 1:
                d.line(pts, fill=255, width=max(1, int(round(stroke))))
            for x, y in pts:  # round ends and joints
                d.ellipse([x - r, y - r, x + r, y + r], fill=255)
        left += width + gap
    return img
