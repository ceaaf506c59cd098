#!/usr/bin/env bash
# CPU cross-validation at a third of the shipped training for one recipe: the shipped recipe
# plus FLAGS, five folds, to compare fold by fold with recipe A in ../cpu-cv-2000 (same seed,
# steps and threads; only FLAGS differ). Recipes run here, the NAME being the report's letter:
#   run.sh F --more-fonts      run.sh S --stroke-font        (eighth session)
#   run.sh I --serif-i         run.sh H "--input-h 48"       (ninth session)
#   run.sh P --blank-plates                                  (tenth session)
# FOLDS="2 3 4" runs only those folds. Then, with A's reports copied in as A0.json..A4.json:
#   /usr/bin/python3 tools/ocr-model/cv_summary.py /tmp/cpucv-NAME
name=$1 flags=$2
out=/tmp/cpucv-$name
cd "$(dirname "$0")/../../../.." && mkdir -p "$out" || exit 1
# shellcheck disable=SC2086
nice -n 19 /usr/bin/python3 tools/ocr-model/train.py --prepare-only --workers 2 $flags > "$out/prep.log" 2>&1
for fold in ${FOLDS:-0 1 2 3 4}; do echo "$name$fold --fold $fold $flags"; done |
  xargs -P 2 -L 1 bash -c 'run=$0; nice -n 19 /usr/bin/python3 tools/ocr-model/train.py "$@" --steps 2000 --workers 0 --threads 1 --out '"$out"'/$run.onnx --weights-out '"$out"'/$run.npz --report '"$out"'/$run.json > '"$out"'/$run.log 2>&1'
echo done > "$out/DONE"
