"""Train the plate recogniser and export it to ONNX. One command, fixed seed:

    nice -n 19 /usr/bin/python3 tools/ocr-model/train.py --out assets/models/plate-ocr.onnx

Generates (or reuses, under --cache) the synthetic set, trains on synthetic + real training
crops, reports accuracy on the held-out real US crops, and exports the network.
"""
import argparse
import copy
import hashlib
import io
import json
import multiprocessing as mp
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# --input-h sizes every image the modules below make, so it is read before they are imported.
if "--input-h" in sys.argv[:-1]:
    os.environ["PLATE_OCR_INPUT_H"] = sys.argv[sys.argv.index("--input-h") + 1]

import synth  # noqa: E402
from common import (CHARSET, INPUT_H, INPUT_W, STD_FLOOR, crop_box, encode, load_rgb,  # noqa: E402
                    preprocess_rgb, read_labels, resize_gray, split_real, to_gray)
from model import PlateCRNN  # noqa: E402

DEFAULT_DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "plates"))


# ---- synthetic set, cached ----------------------------------------------------------------

def _synth_chunk(args):
    seed, start, stop, emblems, serif_i, more_fonts, stroke, blanks = args
    fonts = synth.available(synth.MAIN_FONTS + (synth.EXTRA_FONTS if more_fonts else []))
    decor = synth.available(synth.DECOR_FONTS)
    blank_paths = synth.blank_plates() if blanks else None
    out = [synth.sample(seed, i, fonts, decor, emblems, serif_i, stroke, blank_paths) for i in range(start, stop)]
    return np.stack([o[0] for o in out]), [o[1] for o in out]


LABEL_CORRECTIONS = os.path.join(HERE, "data", "label-corrections.tsv")


def corrected_labels(items, path=LABEL_CORRECTIONS):
    """The benchmark's photos with the labels in data/label-corrections.tsv corrected (labels
    the photo plainly contradicts; data/label-corrections.md). Each correction names the label
    it replaces: one that no longer matches the benchmark stops the run."""
    fixes = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: expected PHOTO<tab>BENCHMARK LABEL<tab>CORRECTED LABEL")
            fixes[parts[0]] = (parts[1], parts[2])
    out = []
    for it in items:
        key = f"{it['region']}/{it['name']}"
        if key in fixes:
            was, now = fixes.pop(key)
            if it["plate"] != was:
                sys.exit(f"{path}: {key} is labelled {it['plate']} in the benchmark, not {was}: check the correction")
            it = {**it, "plate": now}
        out.append(it)
    if fixes:
        sys.exit(f"{path}: no such photo: {', '.join(sorted(fixes))}")
    return out


def synthetic_set(seed, count, cache, workers, emblems=False, serif_i=False, more_fonts=False, stroke=False, blanks=False):
    """The synthetic images, cached in chunks keyed by the generator's source and fonts, so a
    larger --synthetic reuses the chunks a smaller run made (sample i is the same in both)."""
    h = hashlib.sha256()
    for name in ("synth.py", "common.py") + (("stroke_font.py", "../../electron/hub/training/font.ts") if stroke else ()):
        with open(os.path.join(HERE, name), "rb") as f:
            h.update(f.read())
    h.update("\n".join(synth.available(synth.MAIN_FONTS) + synth.available(synth.DECOR_FONTS)).encode())
    if more_fonts:
        h.update("\n".join(synth.available(synth.EXTRA_FONTS)).encode())
    if blanks:
        for p in synth.blank_plates():
            with open(p, "rb") as f:
                h.update(f.read())
    if INPUT_H != 32:
        h.update(f"input {INPUT_H} x {INPUT_W}".encode())
    key = h.hexdigest()[:12]
    os.makedirs(cache, exist_ok=True)
    step = 500
    chunks = [(seed, s, min(count, s + step), emblems, serif_i, more_fonts, stroke, blanks) for s in range(0, count, step)]
    style = ("e" if emblems else "") + ("i" if serif_i else "") + ("f" if more_fonts else "") + ("s" if stroke else "") + ("b" if blanks else "")
    path = lambda c: os.path.join(cache, f"synth-{key}-{style}{c[0]}-{c[1]}-{c[2]}.npz")
    missing = [c for c in chunks if not os.path.exists(path(c))]
    if missing and workers == 0:
        sys.exit(f"the synthetic set for seed {seed} is not in {cache}: make it first with --prepare-only")
    if missing:
        t0 = time.time()
        with mp.get_context("fork").Pool(workers) as pool:
            for c, (images, labels) in zip(missing, pool.imap(_synth_chunk, missing)):
                np.savez(path(c), images=images, labels=np.array(labels))
        print(f"synthetic: {sum(c[2] - c[1] for c in missing)} plates rendered in {time.time() - t0:.0f} s", flush=True)
    images, labels = [], []
    for c in chunks:
        data = np.load(path(c))
        images.append(data["images"])
        labels.extend(str(t) for t in data["labels"])
    return np.concatenate(images), labels


# ---- real crops, augmented on the fly ------------------------------------------------------

class RealCrops:
    """Each training photo kept as the area around its plate box, re-cropped every time with a
    jittered, slightly rotated box and camera-like damage, then preprocessed like the product."""

    def __init__(self, items, us_weight=2.0, centres=None, shuffle=0.0, seed=0):
        self.items = []
        for it in items:
            key = f"{it['region']}/{it['name']}"
            rgb = load_rgb(it["file"])
            x, y, w, h = it["box"]
            H, W = rgb.shape[:2]
            x0, y0 = max(0, x - w // 2), max(0, y - h // 2)
            x1, y1 = min(W, x + w + w // 2), min(H, y + h + h // 2)
            local = rgb[y0:y1, x0:x1]
            box = (x - x0, y - y0, w, h)
            self.items.append({
                "img": Image.fromarray(local),
                "box": box,
                "label": it["plate"],
                "name": key,
                "weight": us_weight if it["region"] == "us" else 1.0,
                "cuts": char_cuts(local, box, centres[key]) if centres and key in centres else None,
            })
        weights = np.array([it["weight"] for it in self.items])
        self.p = weights / weights.sum()
        # Its own generator, so the rest of a run (which photos, which damage) draws exactly
        # what it would without --shuffle-chars.
        self.shuffle = shuffle
        self.shuffle_rng = np.random.default_rng([seed, 4242])

    def sample(self, rng):
        it = self.items[rng.choice(len(self.items), p=self.p)]
        if self.shuffle > 0 and it["cuts"] is not None and self.shuffle_rng.random() < self.shuffle:
            it = shuffled_chars(it, self.shuffle_rng)
        x, y, w, h = it["box"]
        if rng.random() < 0.75:
            m = rng.uniform(-0.03, 0.08, 4)
        else:
            m = rng.uniform(-0.03, 0.25, 4)
        jx = lambda: rng.uniform(-0.025, 0.025) * w
        jy = lambda: rng.uniform(-0.04, 0.04) * h
        left, top = x - m[0] * w, y - m[1] * h
        right, bottom = x + w + m[2] * w, y + h + m[3] * h
        quad = (left + jx(), top + jy(), left + jx(), bottom + jy(),
                right + jx(), bottom + jy(), right + jx(), top + jy())
        scale = rng.uniform(0.5, 1.0) if rng.random() < 0.3 else 1.0
        size = (max(8, int(round((right - left) * scale))), max(4, int(round((bottom - top) * scale))))
        img = it["img"].transform(size, Image.QUAD, quad, Image.BILINEAR)
        if rng.random() < 0.3:
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
        if rng.random() < 0.4:
            buf = io.BytesIO()
            img.save(buf, format="JPEG", quality=int(rng.integers(20, 95)))
            buf.seek(0)
            img = Image.open(buf).convert("RGB")
        return resize_gray(to_gray(np.asarray(img))), it["label"], it["name"]


# ---- real plates with their characters rearranged (--shuffle-chars) ----------------------
# 174 real US photos are 174 strings: a network can learn the strings as much as the
# characters. Rearranging each photo's own characters (letters among the letter positions,
# digits among the digit positions, so the state's format stays) makes new real-looking
# plates in the photo's own font, lighting and damage. Where each character sits comes from
# char-centres.json (tools/ocr-model/align_chars.ts: the first shipped member's forced CTC
# alignment); each cut between two characters is then moved to the column with the least
# ink near the midpoint, so a cut runs through the gap and not through a character.

ALIGN_LAG = 1.0 / 32  # CTC peaks land about one output column right of a character's centre
INK_GAP = 0.3  # see char_cuts


def char_cuts(local, box, centres):
    """x positions (in the local image) of the cuts around and between the characters, or
    None when they cannot be cut cleanly (characters too close, or a cut with no gap)."""
    x, y, w, h = box
    grey = to_gray(local)[max(0, y + h // 5): y + h - h // 6, max(0, x): x + w].astype(np.float64)
    if grey.size == 0 or len(centres) < 2:
        return None
    ink = np.abs(grey - np.median(grey)).sum(axis=0)
    c = np.array(centres) * w - ALIGN_LAG * w
    pitch = float(np.median(np.diff(c)))
    if pitch < 4:
        return None
    mids = np.concatenate([[c[0] - pitch / 2], (c[:-1] + c[1:]) / 2, [c[-1] + pitch / 2]])
    cuts = []
    for m in mids:
        lo, hi = int(max(0, m - pitch * 0.3)), int(min(len(ink) - 1, m + pitch * 0.3))
        cuts.append(lo + int(np.argmin(ink[lo:hi + 1])) if hi >= lo else int(np.clip(m, 0, len(ink) - 1)))
    if any(b - a < 2 for a, b in zip(cuts, cuts[1:])):
        return None
    # A cut that finds no gap (as much ink as a third of the inkiest column) means the
    # alignment is off for this photo: it is left as it is rather than cut through a character.
    if max(ink[k] for k in cuts) > INK_GAP * ink.max():
        return None
    return [x + k for k in cuts]


def shuffled_chars(it, rng):
    """A copy of a real photo item whose letters (and digits) have swapped places, with the
    label to match; the item itself when its characters allow no change."""
    label, cuts = it["label"], it["cuts"]
    perm = list(range(len(label)))
    for kind in (str.isalpha, str.isdigit):
        pos = [i for i, ch in enumerate(label) if kind(ch)]
        for i, j in zip(pos, rng.permutation(pos)):
            perm[i] = int(j)
    new = "".join(label[j] for j in perm)
    if new == label:
        return it
    x, y, w, h = it["box"]
    src = np.asarray(it["img"])
    out = src.copy()
    y0, y1 = max(0, y), min(src.shape[0], y + h)
    for i, j in enumerate(perm):
        if i == j:
            continue
        a, b = cuts[i], cuts[i + 1]
        patch = Image.fromarray(src[y0:y1, cuts[j]:cuts[j + 1]])
        out[y0:y1, a:b] = np.asarray(patch.resize((b - a, y1 - y0), Image.BILINEAR))
    return {**it, "img": Image.fromarray(out), "label": new}


_POOL_REAL = None


def _real_chunk(args):
    seed, start, stop = args
    out = [_POOL_REAL.sample(np.random.default_rng([seed, 99, i])) for i in range(start, stop)]
    return (np.clip(np.round(np.stack([o[0] for o in out])), 0, 255).astype(np.uint8),
            [o[1] for o in out], [o[2] for o in out])


def real_pool(real, seed, count, cache, workers, key, keep):
    """`count` augmented real crops made ahead (crop i from its own seed), for trainers whose
    GPU would otherwise wait on PIL: each is one jittered, damaged crop of a photo. The pool is
    made from every photo, so the five folds' runs share one; each keeps the crops of the
    photos in `keep` (its training photos)."""
    global _POOL_REAL
    path = os.path.join(cache, f"real-{key}-{seed}-{count}.npz")
    if not os.path.exists(path) and workers == 0:
        sys.exit(f"the real pool for seed {seed} is not in {cache}: make it first with --prepare-only")
    if not os.path.exists(path):
        t0 = time.time()
        _POOL_REAL = real
        step = 2000
        chunks = [(seed, s, min(count, s + step)) for s in range(0, count, step)]
        with mp.get_context("fork").Pool(workers) as pool:
            parts = list(pool.imap(_real_chunk, chunks))
        tmp = path + ".tmp.npz"
        np.savez(tmp, images=np.concatenate([p[0] for p in parts]),
                 labels=np.array([t for p in parts for t in p[1]]),
                 photos=np.array([t for p in parts for t in p[2]]))
        os.replace(tmp, path)
        print(f"real pool: {count} augmented crops in {time.time() - t0:.0f} s", flush=True)
    data = np.load(path)
    rows = np.array([str(p) in keep for p in data["photos"]])
    return data["images"][rows], [str(t) for t, k in zip(data["labels"], rows) if k]


def wait_for_all(folder, stage, n, value, timeout=120):
    """Write this run's `value` for `stage` into `folder` and wait until `n` runs have: the
    values of all of them. A run that never arrives ends the wait after `timeout` seconds."""
    os.makedirs(folder, exist_ok=True)
    mine = os.path.join(folder, f"{stage}-{os.getpid()}")
    with open(mine + ".tmp", "w") as f:
        f.write(value)
    os.replace(mine + ".tmp", mine)
    t0 = time.time()
    while True:
        names = [n_ for n_ in os.listdir(folder) if n_.startswith(stage + "-") and not n_.endswith(".tmp")]
        if len(names) >= n or time.time() - t0 > timeout:
            break
        time.sleep(0.2)
    out = []
    for name in names:
        with open(os.path.join(folder, name)) as f:
            out.append(f.read())
    return out


def padded_targets(labels, width=0):
    """CTC targets as an N x S matrix, S at least `width` (padding ignored past each length),
    and the lengths."""
    s = max(width, max(len(t) for t in labels))
    t = torch.zeros(len(labels), s, dtype=torch.long)
    for i, text in enumerate(labels):
        t[i, :len(text)] = torch.tensor(encode(text), dtype=torch.long)
    return t, torch.tensor([len(x) for x in labels], dtype=torch.long)


def batch_augment(x, gen):
    """Photometric and small geometric changes on a batch of resized grey images (0..255)."""
    n, dev = x.shape[0], x.device
    # small shifts / zooms, so the cached synthetic crops do not repeat pixel for pixel
    theta = torch.zeros(n, 2, 3, device=dev)
    s = 1 + (torch.rand(n, generator=gen, device=dev) - 0.5) * 0.12
    theta[:, 0, 0] = s * (1 + (torch.rand(n, generator=gen, device=dev) - 0.5) * 0.1)
    theta[:, 1, 1] = s
    theta[:, 0, 1] = (torch.rand(n, generator=gen, device=dev) - 0.5) * 0.08
    theta[:, 0, 2] = (torch.rand(n, generator=gen, device=dev) - 0.5) * 0.06
    theta[:, 1, 2] = (torch.rand(n, generator=gen, device=dev) - 0.5) * 0.1
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, padding_mode="border", align_corners=False)
    # gamma, contrast, offset, noise
    g = torch.exp((torch.rand(n, 1, 1, 1, generator=gen, device=dev) - 0.5) * 0.8)
    x = 255 * (x.clamp(0, 255) / 255) ** g
    c = 0.4 + torch.rand(n, 1, 1, 1, generator=gen, device=dev) * 0.8
    x = x.mean(dim=(2, 3), keepdim=True) + (x - x.mean(dim=(2, 3), keepdim=True)) * c
    x = x + torch.randn(x.shape, generator=gen, device=dev) * (torch.rand(n, 1, 1, 1, generator=gen, device=dev) * 6)
    return x.clamp(0, 255)


def normalize_batch(x):
    """Same as common.normalize, per image: (x - mean) / max(std, STD_FLOOR)."""
    mean = x.mean(dim=(2, 3), keepdim=True)
    std = x.std(dim=(2, 3), keepdim=True, unbiased=False).clamp(min=STD_FLOOR)
    return (x - mean) / std


# ---- evaluation ---------------------------------------------------------------------------

def greedy(logprobs):
    out = []
    for row in logprobs.argmax(-1).tolist():
        s, prev = [], 0
        for k in row:
            if k != prev and k != 0:
                s.append(CHARSET[k - 1])
            prev = k
        out.append("".join(s))
    return out


def edit_distance(a, b):
    d = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, d[0] = d[0], i
        for j, cb in enumerate(b, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (ca != cb))
    return d[len(b)]


def evaluate(model, val_x, val_labels):
    model.eval()
    with torch.no_grad():
        reads = greedy(model(val_x).cpu())
    model.train()
    exact = sum(r == t for r, t in zip(reads, val_labels)) / len(val_labels)
    chars = sum(len(t) for t in val_labels)
    char_acc = 1 - sum(edit_distance(r, t) for r, t in zip(reads, val_labels)) / chars
    return exact, char_acc, reads


# ---- main ---------------------------------------------------------------------------------

def export_onnx(model, path):
    """ONNX opset 13 with a dynamic batch axis, through the TorchScript exporter (the one the
    shipped file was made with; newer PyTorch defaults to another unless told)."""
    import inspect
    kw = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(model, torch.zeros(1, 1, INPUT_H, INPUT_W), path, input_names=["input"],
                      output_names=["logprobs"], dynamic_axes={"input": {0: "n"}, "logprobs": {0: "n"}},
                      opset_version=13, **kw)


def save_weights(model, path):
    """The state dict as an .npz (name -> array): loads in any PyTorch, see export_weights.py."""
    np.savez(path, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "assets", "models", "plate-ocr.onnx"))
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--synthetic", type=int, default=60000)
    ap.add_argument("--steps", type=int, default=6000,
                    help="0: as many as fit in --train-seconds, measured on a throwaway copy first (the report names the count, which reproduces the run)")
    ap.add_argument("--train-seconds", type=float, default=0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--real-fraction", type=float, default=0.3)
    ap.add_argument("--real-pool", type=int, default=0,
                    help="augmented real crops made ahead in --workers processes (0: augment on the fly, as the CPU run does)")
    ap.add_argument("--emblems", action="store_true",
                    help="synthetic US plates sometimes carry an emblem or state outline beside the number (the GPU run of 2026-11-26)")
    ap.add_argument("--serif-i", action="store_true",
                    help="synthetic US plates mostly draw \"I\" with bars top and bottom, as state fonts do (the second recipe of 2026-11-26)")
    ap.add_argument("--more-fonts", action="store_true",
                    help="synthetic plates also use synth.EXTRA_FONTS (more Debian font packages; the eighth-session recipe)")
    ap.add_argument("--stroke-font", action="store_true",
                    help="a fifth of synthetic US plates in the training hub's plate font, random weights and widths (stroke_font.py)")
    ap.add_argument("--blank-plates", action="store_true",
                    help="a third of synthetic US plates drawn on photos of real blank state plates (data/blank-plates/)")
    ap.add_argument("--shuffle-chars", type=float, default=0.0,
                    help="share of real crops whose letters and digits are rearranged (0: none; needs char-centres.json)")
    ap.add_argument("--us-weight", type=float, default=2.0, help="sampling weight of a US photo over a European one")
    ap.add_argument("--ema", type=float, default=0.0, help="decay of a weight average to export instead of the last step (0: none); 0.999 with --real-fraction 0.45 --us-weight 3 did worse, see experiments/")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--width", type=float, default=0.75)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--input-h", type=int, default=32,
                    help="input height in pixels, a multiple of 8 (the shipped models: 32; the reader takes its models' own height)")
    ap.add_argument("--dilations", default="1,2", help="dilations of the 1-D context convolutions")
    ap.add_argument("--dropout", type=float, default=0.1, help="dropout before the classifier")
    ap.add_argument("--fold", type=int, default=0, choices=range(5),
                    help="which fifth of the US photos to hold out (0: the validation set every figure uses; 1-4: cross-validation)")
    ap.add_argument("--benchmark-labels", action="store_true",
                    help="the benchmark's labels as published, without data/label-corrections.tsv (how the shipped members were trained)")
    ap.add_argument("--sync-dir", help="with --steps 0: runs started side by side meet here, so all calibrate under the full load and train the same number of steps")
    ap.add_argument("--sync-n", type=int, default=1, help="how many runs meet in --sync-dir")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--workers", type=int, default=1,
                    help="processes rendering the synthetic set and real pool (0: they must be in --cache already)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads: 1 leaves a core to others")
    ap.add_argument("--cache", default="/tmp/plate-ocr-cache")
    ap.add_argument("--prepare-only", action="store_true", help="render the synthetic set and real pool into --cache, then stop")
    ap.add_argument("--weights-out", help="also save the exported weights as .npz (name -> array)")
    ap.add_argument("--report", default=os.path.join(HERE, "train-report.json"))
    args = ap.parse_args()
    if args.input_h != INPUT_H:
        ap.error(f"--input-h {args.input_h}: write it as two words (--input-h N); the modules were sized {INPUT_H}")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    rng = np.random.default_rng(args.seed)
    dev = torch.device(args.device)
    gen = torch.Generator(device=dev).manual_seed(args.seed)
    if dev.type == "cuda":
        torch.backends.cudnn.benchmark = True
    dilations = tuple(int(d) for d in args.dilations.split(","))
    t_start = time.time()

    syn_x, syn_y = synthetic_set(args.seed, args.synthetic, args.cache, args.workers, args.emblems, args.serif_i, args.more_fonts, args.stroke_font, args.blank_plates)
    items = read_labels(args.data)
    if not args.benchmark_labels:
        items = corrected_labels(items)
    train_items, val_items = split_real(items, args.fold)
    centres = None
    if args.shuffle_chars > 0:
        with open(os.path.join(HERE, "char-centres.json")) as f:
            centres = json.load(f)["centres"]
    real = pool_x = None
    if args.real_pool:
        key = hashlib.sha256(json.dumps([args.us_weight, args.shuffle_chars, [(it["name"], it["plate"]) for it in items]]
                                        + ([INPUT_H] if INPUT_H != 32 else [])).encode()
                             + open(os.path.join(HERE, "train.py"), "rb").read()).hexdigest()[:12]
        everything = RealCrops(items, args.us_weight, centres, args.shuffle_chars, args.seed)
        keep = {f"{it['region']}/{it['name']}" for it in train_items}
        pool_x, pool_y = real_pool(everything, args.seed, args.real_pool, args.cache, args.workers, key, keep)
    else:  # augmented on the fly from the training photos alone
        real = RealCrops(train_items, args.us_weight, centres, args.shuffle_chars, args.seed)
    if args.prepare_only:
        return
    t_data = time.time()
    syn_x = torch.from_numpy(syn_x).to(dev)
    if pool_x is not None:
        # both target matrices as wide as the longer, so a batch is two row gathers
        width = max(len(t) for t in syn_y + pool_y)
        syn_t, syn_len = (t.to(dev) for t in padded_targets(syn_y, width))
        pool_x = torch.from_numpy(pool_x).to(dev)
        pool_t, pool_len = (t.to(dev) for t in padded_targets(pool_y, width))
    val_x = torch.from_numpy(np.stack([preprocess_rgb(crop_box(load_rgb(it["file"]), it["box"])) for it in val_items])).to(dev)
    val_labels = [it["plate"] for it in val_items]
    print(f"real: {len(train_items)} training photos, {len(val_items)} held-out US photos", flush=True)

    n_real = int(round(args.batch * args.real_fraction))
    n_syn = args.batch - n_real

    def make_batch(g, r):
        """One training batch: synthetic plates, then real crops, augmented and normalised."""
        if pool_x is None:
            idx = r.integers(0, len(syn_y), n_syn)
            imgs = [syn_x[idx].float()]
            labels = [syn_y[i] for i in idx]
            for _ in range(n_real):
                img, label, _ = real.sample(r)
                imgs.append(torch.from_numpy(img).float()[None].to(dev))
                labels.append(label)
            x = torch.cat(imgs).unsqueeze(1)
            targets = torch.tensor([k for t in labels for k in encode(t)], dtype=torch.long)
            lengths = torch.tensor([len(t) for t in labels], dtype=torch.long)
        else:
            si = torch.randint(0, syn_x.shape[0], (n_syn,), generator=g, device=dev)
            ri = torch.randint(0, pool_x.shape[0], (n_real,), generator=g, device=dev)
            x = torch.cat([syn_x[si], pool_x[ri]]).float().unsqueeze(1)
            targets = torch.cat([syn_t[si], pool_t[ri]])
            lengths = torch.cat([syn_len[si], pool_len[ri]])
        return normalize_batch(batch_augment(x, g)), targets, lengths

    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)

    def train_step(model, opt, batch):
        x, targets, lengths = batch
        logprobs = model(x).permute(1, 0, 2)  # T x N x C for CTCLoss
        loss = ctc(logprobs, targets, torch.full((x.shape[0],), logprobs.shape[0], dtype=torch.long, device=dev), lengths)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        return loss

    def new_model():
        return PlateCRNN(width=args.width, hidden=args.hidden, dilations=dilations, dropout=args.dropout).to(dev)

    steps = args.steps
    if steps == 0 and args.sync_dir:
        wait_for_all(args.sync_dir, "ready", args.sync_n, "1")  # calibrate under the full load
    if steps == 0:
        # Calibrate on a throwaway model and generators, so the run itself is the one
        # `--steps N` would give.
        probe = new_model()
        popt = torch.optim.AdamW(probe.parameters(), lr=args.lr / 25)
        pg, pr = torch.Generator(device=dev).manual_seed(args.seed + 1), np.random.default_rng(args.seed + 1)
        for i in range(130):
            if i == 30:
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                t0 = time.time()
            loss = train_step(probe, popt, make_batch(pg, pr))
        loss.item()
        per_step = (time.time() - t0) / 100
        if args.sync_dir:  # every run of the batch takes the slowest rate, so all do the same steps
            per_step = max(float(v) for v in wait_for_all(args.sync_dir, "rate", args.sync_n, str(per_step)))
        steps = max(500, int(args.train_seconds / per_step) // 500 * 500)
        print(f"calibrated: {per_step * 1000:.1f} ms/step -> {steps} steps", flush=True)
        del probe, popt

    model = new_model()
    # Optionally, an exponential moving average of the weights (and BatchNorm statistics) is
    # what gets evaluated and exported instead of the last step (off by default: see
    # experiments/ for the run that tried it).
    ema = copy.deepcopy(model) if args.ema > 0 else model
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    t_train = time.time()
    history = []
    every = max(250, steps // 40 // 250 * 250)
    for step in range(1, steps + 1):
        loss = train_step(model, opt, make_batch(gen, rng))
        sched.step()
        if ema is not model:
            # warm-up so the average does not start from the random initialisation
            d = min(args.ema, (1 + step) / (10 + step))
            with torch.no_grad():
                for (_, e), (_, v) in zip(ema.state_dict().items(), model.state_dict().items()):
                    if e.dtype.is_floating_point:
                        e.mul_(d).add_(v, alpha=1 - d)
                    else:
                        e.copy_(v)
        if step % every == 0 or step == steps:
            exact, char_acc, _ = evaluate(ema, val_x, val_labels)
            elapsed = time.time() - t_train
            history.append({"step": step, "loss": round(loss.item(), 4), "val_exact": exact, "val_char": char_acc})
            print(f"step {step} loss {loss.item():.3f} val exact {exact:.3f} char {char_acc:.3f} "
                  f"({elapsed / step * 1000:.1f} ms/step)", flush=True)
            if args.weights_out:  # a checkpoint that survives a run cut off at its time limit
                save_weights(ema, args.weights_out)

    model = ema
    exact, char_acc, reads = evaluate(model, val_x, val_labels)
    model = model.cpu().eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if args.weights_out:
        save_weights(model, args.weights_out)
    try:
        export_onnx(model, args.out)
        onnx_bytes = os.path.getsize(args.out)
    except Exception as e:  # the weights above still come back; export them elsewhere
        print(f"ONNX export failed: {e}", flush=True)
        onnx_bytes = None
    report = {
        "seed": args.seed, "synthetic": args.synthetic, "steps": steps, "batch": args.batch,
        "real_fraction": args.real_fraction, "real_pool": args.real_pool, "emblems": args.emblems, "serif_i": args.serif_i, "more_fonts": args.more_fonts, "input_h": INPUT_H, "stroke_font": args.stroke_font, "blank_plates": args.blank_plates, "shuffle_chars": args.shuffle_chars, "us_weight": args.us_weight,
        "ema": args.ema, "lr": args.lr, "weight_decay": args.weight_decay, "threads": args.threads,
        "device": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "width": args.width, "hidden": args.hidden, "dilations": list(dilations), "dropout": args.dropout, "fold": args.fold,
        "labels": "benchmark" if args.benchmark_labels else "corrected (data/label-corrections.tsv)",
        "train_photos": len(train_items), "val_photos": len(val_items),
        "val_exact": exact, "val_char": char_acc,
        "val_errors": [{"name": it["name"], "truth": t, "read": r}
                       for it, t, r in zip(val_items, val_labels, reads) if t != r],
        "params": sum(p.numel() for p in model.parameters()),
        "onnx_bytes": onnx_bytes,
        "data_seconds": round(t_data - t_start), "train_seconds": round(time.time() - t_train),
        "total_seconds": round(time.time() - t_start),
        "history": history,
    }
    with open(args.report, "w") as f:
        json.dump(report, f, indent=1)
    print("report " + json.dumps({k: v for k, v in report.items() if k != "history"}), flush=True)


if __name__ == "__main__":
    main()
