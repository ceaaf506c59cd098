#!/usr/bin/env bash
# The shipped recipe cross-validated at full length: the published command (seed 7, 6000 steps)
# on folds 1-4, one thread each, two at a time; fold 0 is member 1 itself (train-report.json).
# Every one of the 222 US photos is then read by a full-length model that never trained on
# it, and none of these models was picked on its own fold. Models, logs and reports in
# /tmp/cpucv6000. Then, for the product path: evaluate.ts --model /tmp/cpucv6000/AK.onnx --fold K
out=/tmp/cpucv6000
cd "$(dirname "$0")/../../../.." && mkdir -p "$out" || exit 1
nice -n 19 /usr/bin/python3 tools/ocr-model/train.py --prepare-only --workers 2 > "$out/prep.log" 2>&1
for fold in ${FOLDS:-1 2 3 4}; do echo "A$fold --fold $fold"; done |
  xargs -P 2 -L 1 bash -c 'run=$0; nice -n 19 /usr/bin/python3 tools/ocr-model/train.py "$@" --workers 0 --threads 1 --out '"$out"'/$run.onnx --report '"$out"'/$run.json > '"$out"'/$run.log 2>&1'
echo done > "$out/DONE"
