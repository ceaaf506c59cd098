"""Charset, the exact input preprocessing, and the real-photo split.

The preprocessing here is the contract with electron/core/ocr/preprocess.ts: both implement the
same arithmetic (float64, same weights, same order), so a crop gives the same tensor in
training and in the product up to float rounding. Change one, change the other, and retrain.
"""
import glob
import os

import numpy as np
from PIL import Image

CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BLANK = 0  # CTC blank is class 0; CHARSET[i] is class i + 1
NUM_CLASSES = len(CHARSET) + 1
# The shipped models take 32 x 128 (electron/core/ocr/spec.ts). PLATE_OCR_INPUT_H, set by
# train.py --input-h, trains at another height for experiments (a multiple of 8); the product
# reads a model at the height its input declares (electron/core/ocr/engine.ts).
INPUT_H = int(os.environ.get("PLATE_OCR_INPUT_H", "32"))
INPUT_W = 128
if INPUT_H < 16 or INPUT_H % 8:
    raise SystemExit(f"PLATE_OCR_INPUT_H={INPUT_H}: the input height must be a multiple of 8, at least 16")
# Below this contrast floor (std of the resized grey, 0..255) the normaliser stops amplifying:
# a flat or blank image stays flat instead of turning sensor noise into fake strokes.
STD_FLOOR = 2.0

# Characters that plates print with near-identical glyphs; the agreement check must catch a
# camera that swaps one for its partner.
LOOKALIKES = [("0", "O"), ("0", "D"), ("0", "Q"), ("8", "B"), ("1", "I"), ("5", "S"),
              ("2", "Z"), ("6", "G"), ("4", "A"), ("7", "T")]


def encode(text):
    return [CHARSET.index(c) + 1 for c in text]


def to_gray(rgb):
    """uint8 HxWx3 -> float64 HxW, ITU-R 601 luma without rounding."""
    rgb = rgb.astype(np.float64)
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def resize_weights(n_in, n_out):
    """Triangle (bilinear) filter widened by the downscale factor, i.e. antialiased.

    Output sample o is centred at (o + 0.5) * scale in input coordinates; input pixel i is
    centred at i + 0.5; weight = max(0, 1 - |distance| / support), normalised per output.
    """
    scale = n_in / n_out
    support = max(scale, 1.0)
    w = np.zeros((n_out, n_in), dtype=np.float64)
    for o in range(n_out):
        center = (o + 0.5) * scale
        lo = max(0, int(np.floor(center - support)))
        hi = min(n_in, int(np.ceil(center + support)))
        for i in range(lo, hi):
            w[o, i] = max(0.0, 1.0 - abs(i + 0.5 - center) / support)
        total = w[o].sum()
        if total > 0:
            w[o] /= total
        else:  # unreachable for n_in >= 1, kept so a degenerate size cannot divide by zero
            w[o, min(n_in - 1, int(center))] = 1.0
    return w


_WEIGHT_CACHE = {}


def _weights(n_in, n_out):
    key = (n_in, n_out)
    if key not in _WEIGHT_CACHE:
        _WEIGHT_CACHE[key] = resize_weights(n_in, n_out)
    return _WEIGHT_CACHE[key]


def resize_gray(gray):
    """float64 HxW -> float64 INPUT_H x INPUT_W: rows first, then columns."""
    h, w = gray.shape
    rows = _weights(h, INPUT_H) @ gray  # INPUT_H x w
    return rows @ _weights(w, INPUT_W).T


def normalize(resized):
    """Per-image standardisation, so night, IR and washed-out crops look alike to the net."""
    mean = resized.mean()
    std = resized.std()
    return ((resized - mean) / max(std, STD_FLOOR)).astype(np.float32)


def preprocess_rgb(rgb):
    """uint8 HxWx3 crop -> float32 1 x INPUT_H x INPUT_W network input."""
    return normalize(resize_gray(to_gray(rgb)))[None]


def load_rgb(path):
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


# ---- real photos -------------------------------------------------------------------------

def read_labels(root):
    """Every annotated photo under root/{us,eu}: dicts with region, file, box and plate."""
    items = []
    for region in ("us", "eu"):
        for txt in sorted(glob.glob(os.path.join(root, region, "*.txt"))):
            with open(txt) as f:
                parts = f.read().strip().split("\t")
            name, x, y, w, h, plate = parts[0], *map(int, parts[1:5]), parts[5].upper()
            items.append({"region": region, "file": os.path.join(root, region, name),
                          "name": name, "box": (x, y, w, h), "plate": plate})
    return items


def split_real(items, fold=0):
    """Fixed validation set: every 5th US photo by file name (the 5th, 10th, ...).

    `fold` 1..4 holds out the photos one to four places earlier instead (the 4th, 9th, ...
    for fold 1), so five folds hold out every US photo once: cross-validation for comparing
    recipes on 222 photos instead of 44. Fold 0 is the validation set every figure uses.

    Training also drops any photo whose plate text is in the validation set: the benchmark
    has a few cars photographed twice, and training on the twin would flatter the score.
    """
    us = sorted((it for it in items if it["region"] == "us"), key=lambda it: it["name"])
    val = [it for i, it in enumerate(us) if i % 5 == 4 - fold]
    val_names = {it["name"] for it in val}
    val_plates = {it["plate"] for it in val}
    train = [it for it in items if it["name"] not in val_names and it["plate"] not in val_plates]
    return train, val


def crop_box(rgb, box):
    x, y, w, h = box
    H, W = rgb.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(W, x + w), min(H, y + h)
    return rgb[y0:y1, x0:x1]
