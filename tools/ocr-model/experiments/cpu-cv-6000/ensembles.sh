#!/usr/bin/env bash
# plans/third-member-cv.txt: each fold's full-length models read that fold's held-out photos
# through the product path (evaluate.ts, corrected labels), alone and as ensembles, first
# member first; ensembles.json sums the five folds. Folds 1-4: run.sh's A, B and S models in
# /tmp/cpucv6000; fold 0: the shipped members and S15 (experiments/members-s15-i16, copied
# to /tmp/cpucv6000/S0.onnx). About 3 minutes. The per-fold reports of the eleventh session
# are kept in eval/ (READERK.json); the older A1-A4-eval-report.json used the benchmark labels.
cd "$(dirname "$0")/../../../.." || exit 1
d=/tmp/cpucv6000
ln -sf "$PWD/assets/models/plate-ocr.onnx" "$d/A0.onnx"
ln -sf "$PWD/assets/models/plate-ocr-2.onnx" "$d/B0.onnx"
mkdir -p "$d/ens"
for k in 0 1 2 3 4; do
  for combo in A B S A,B A,S B,S A,B,S; do
    files=$(echo "$combo" | tr ',' '\n' | while read -r r; do printf '%s/%s%s.onnx,' "$d" "$r" "$k"; done)
    npx tsx tools/ocr-model/evaluate.ts --model "${files%,}" --fold "$k" --json "$d/ens/$(echo "$combo" | tr -d ,)$k.json" > /dev/null || exit 1
  done
done
/usr/bin/python3 tools/ocr-model/cv_summary.py "$d/ens" --readers A+B A B S A+S B+S A+B+S \
  --what "product-path evaluation (tools/ocr-model/evaluate.ts --fold K, corrected labels) of each fold's full-length models (A: seed 7, B: seed 11, S: --stroke-font seed 15; fold 0: the shipped members and S15), alone and as ensembles, over all 222 US photos" \
  --json tools/ocr-model/experiments/cpu-cv-6000/ensembles.json
