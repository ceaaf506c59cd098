#!/usr/bin/env bash
# plans/gpu-cv-regularised-wide.txt: each fold's GPU models (in /tmp/gpu1 as NAMEK.onnx,
# exported here from the lease's NAMEK.npz by export_weights.py; D with --width 1.0
# --dilations 1,2,4) read that fold's held-out photos through the product path (evaluate.ts,
# corrected labels), alone and as ensembles, first member first; ensembles.json sums the folds.
cd "$(dirname "$0")/../../../.." || exit 1
d=${1:-/tmp/gpu1}
mkdir -p "$d/ens"
for k in 0 1 2 3 4; do
  for combo in A C D A,C A,D C,A C,D D,C A,C,D C,A,D D,C,A; do
    files=$(echo "$combo" | tr ',' '\n' | while read -r r; do printf '%s/%s%s.onnx,' "$d" "$r" "$k"; done)
    npx tsx tools/ocr-model/evaluate.ts --model "${files%,}" --fold "$k" --json "$d/ens/$(echo "$combo" | tr -d ,)$k.json" > /dev/null || exit 1
  done
done
/usr/bin/python3 tools/ocr-model/cv_summary.py "$d/ens" --readers A C D A+C A+D C+A C+D D+C A+C+D C+A+D D+C+A \
  --what "product-path evaluation (tools/ocr-model/evaluate.ts --fold K, corrected labels) of each fold's GPU models of 2026-11-28 (A: shipped recipe, C: dropout 0.3 and weight decay 1e-3, D: width 1.0 and dilations 1,2,4; seed 7, 2000 steps of 256), alone and as ensembles (first member first), over all 222 US photos" \
  --json tools/ocr-model/experiments/gpu-h100-2026-11-28/ensembles.json
