#!/usr/bin/env bash
# The shipped recipe cross-validated at full length: the published command (6000 steps) on
# folds 1-4, one thread each, two at a time. SEED=7 (the default, runs A1-A4) is member 1's
# command, and fold 0 is member 1 itself (train-report.json); SEED=11 (runs B1-B4) is member
# 2's, and fold 0 is member 2. NAME=S SEED=15 FLAGS=--stroke-font (runs S1-S4) is S15's
# (experiments/members-s15-i16), the third member of plans/third-member-cv.txt. Every one of
# the 222 US photos is then read by full-length models that never trained on it, and none of
# them was picked on its own fold. Models, logs and reports in /tmp/cpucv6000. Then, for the
# product path:
#   evaluate.ts --model /tmp/cpucv6000/AK.onnx --fold K            (one model)
#   evaluate.ts --model /tmp/cpucv6000/AK.onnx,/tmp/cpucv6000/BK.onnx --fold K   (the pair)
out=/tmp/cpucv6000
seed=${SEED:-7}
case "$seed" in 7) name=A ;; 11) name=B ;; *) name=R$seed ;; esac
name=${NAME:-$name}
flags=${FLAGS:-}
cd "$(dirname "$0")/../../../.." && mkdir -p "$out" || exit 1
nice -n 19 /usr/bin/python3 tools/ocr-model/train.py --seed "$seed" $flags --benchmark-labels --prepare-only --workers 2 > "$out/prep-$seed.log" 2>&1
for fold in ${FOLDS:-1 2 3 4}; do echo "$name$fold --seed $seed $flags --fold $fold"; done |
  xargs -P 2 -L 1 bash -c 'run=$0; nice -n 19 /usr/bin/python3 tools/ocr-model/train.py "$@" --benchmark-labels --workers 0 --threads 1 --out '"$out"'/$run.onnx --report '"$out"'/$run.json > '"$out"'/$run.log 2>&1'
echo done > "$out/DONE-$name"
