"""Cross-validation summary of training reports: per recipe (a report's name without its
trailing fold digit and -suffix, so A0..A4 are recipe A), the exact reads over every fold's
held-out US photos, fold by fold, and each recipe against the first, photo by photo.

    /usr/bin/python3 tools/ocr-model/cv_summary.py DIR [--json OUT]
    /usr/bin/python3 tools/ocr-model/cv_summary.py DIR --readers A B A+B ... [--what TEXT] [--json OUT]

DIR holds NAME.json reports from train.py runs with --fold 0..4 (gpu-run.sh's plans, or CPU
runs). Only runs whose name is a letter-led recipe and a fold digit count (A0, B3, ...).
With --readers, DIR holds evaluate.ts reports instead, READERK.json for folds K = 0..4 (the
reader's name without its "+", so A+B is AB0.json ... AB4.json): exact reads, true reads and
look-alikes flagged over the five folds, and each reader against the first, photo by photo.
"""
import argparse
import glob
import json
import math
import os
import re


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    r = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((c - r) / d, (c + r) / d)


def sign_test(a, b):
    """Two-sided exact binomial sign test on a and b discordant photos."""
    d = a + b
    return min(1.0, 2 * sum(math.comb(d, j) for j in range(0, min(a, b) + 1)) / 2 ** d) if d else 1.0


def readers_summary(folder, readers, what):
    """evaluate.ts reports of each reader on folds 0..4, summed."""
    out = {"what": what, "readers": {}}
    wrong = {}
    for reader in readers:
        ex = n = tf = lf = ls = 0
        per, wrong[reader] = [], set()
        for k in range(5):
            with open(os.path.join(folder, f"{reader.replace('+', '')}{k}.json")) as f:
                r = json.load(f)
            if r.get("fold", 0) != k:
                raise SystemExit(f"{reader} fold {k}: the report is of fold {r.get('fold', 0)}")
            e, m = map(int, r["exact"].split("/"))
            ex, n = ex + e, n + m
            per.append(r["exact"])
            tf += round(r["true_reads_flagged_percent"] * m / 100)
            ls += r["lookalike_substitutions"]
            lf += round(r["lookalike_flagged_percent"] * r["lookalike_substitutions"] / 100)
            wrong[reader] |= {(k, err["name"]) for err in r["errors"]}
        out["readers"][reader] = {"exact": f"{ex}/{n}", "exact_percent": round(100 * ex / n, 1), "per_fold": per,
                                  "true_reads_flagged": f"{tf}/{n}", "lookalikes_flagged": f"{lf}/{ls}",
                                  "lookalikes_flagged_percent": round(100 * lf / ls, 1)}
        base = readers[0]
        if reader != base:
            only_base, only_this = len(wrong[reader] - wrong[base]), len(wrong[base] - wrong[reader])
            out["readers"][reader]["against_" + base] = {"only_this_right": only_this, "only_base_right": only_base,
                                                         "sign_test_p": round(sign_test(only_base, only_this), 3)}
        print(reader, json.dumps(out["readers"][reader]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--readers", nargs="+", help="sum evaluate.ts reports of these readers instead (see above)")
    ap.add_argument("--what", default="", help="with --readers: what the readers are, for the JSON")
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.readers:
        out = readers_summary(args.dir, args.readers, args.what)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(out, f, indent=1)
        return
    recipes = {}
    for path in sorted(glob.glob(os.path.join(args.dir, "*.json"))):
        m = re.fullmatch(r"([A-Za-z]+)([0-4])", os.path.basename(path)[:-5])
        if not m:
            continue
        with open(path) as f:
            r = json.load(f)
        if r.get("fold", 0) != int(m.group(2)):
            raise SystemExit(f"{path}: named fold {m.group(2)} but trained with fold {r.get('fold', 0)}")
        wrong = {e["name"] for e in r["val_errors"]}
        recipes.setdefault(m.group(1), {})[r.get("fold", 0)] = {
            "photos": r["val_photos"], "exact": r["val_photos"] - len(wrong), "wrong": wrong,
            "steps": r["steps"], "batch": r["batch"]}
    out = {}
    names = sorted(recipes)
    for name in names:
        folds = recipes[name]
        n = sum(f["photos"] for f in folds.values())
        k = sum(f["exact"] for f in folds.values())
        lo, hi = wilson(k, n)
        out[name] = {"folds": sorted(folds), "photos": n, "exact": k, "exact_percent": round(100 * k / n, 1),
                     "wilson95": [round(100 * lo, 1), round(100 * hi, 1)],
                     "per_fold": {str(i): f"{f['exact']}/{f['photos']}" for i, f in sorted(folds.items())}}
        print(f"{name}: {k}/{n} = {100 * k / n:.1f} % exact (95 % {100 * lo:.1f}-{100 * hi:.1f}) over folds "
              f"{sorted(folds)}; per fold " + ", ".join(out[name]["per_fold"].values()))
    base = names[0] if names else None
    for name in names[1:]:
        common = sorted(set(recipes[base]) & set(recipes[name]))
        only_base = sum(len(recipes[name][i]["wrong"] - recipes[base][i]["wrong"]) for i in common)
        only_this = sum(len(recipes[base][i]["wrong"] - recipes[name][i]["wrong"]) for i in common)
        p = sign_test(only_base, only_this)
        out[name]["against_" + base] = {"folds": common, "only_this_right": only_this, "only_base_right": only_base, "sign_test_p": round(p, 3)}
        print(f"{name} against {base} on folds {common}: {only_this} photos only {name} reads, "
              f"{only_base} only {base} reads (sign test p = {p:.2f})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
