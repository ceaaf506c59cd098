#!/usr/bin/env bash
# Each fold's models of recipes F, S, I and P (run.sh's /tmp/cpucv-R/RK.onnx) read through the
# product path, alone and as ensembles, over each fold's held-out photos; ensembles.json sums
# the reports. Run from anywhere after run.sh F, S, I and P: about 3 minutes.
cd "$(dirname "$0")/../../../.." || exit 1
mkdir -p /tmp/cvens
for k in 0 1 2 3 4; do
  for combo in F S I P F,S F,I S,I S,P I,P F,S,I F,S,I,P; do
    files=$(echo "$combo" | tr ',' '\n' | while read -r r; do printf '/tmp/cpucv-%s/%s%s.onnx,' "$r" "$r" "$k"; done)
    npx tsx tools/ocr-model/evaluate.ts --model "${files%,}" --fold "$k" --json "/tmp/cvens/$(echo "$combo" | tr -d ,)$k.json" > /dev/null
  done
done
/usr/bin/python3 tools/ocr-model/cv_summary.py /tmp/cvens --readers F S I P F+S F+I S+I S+P I+P F+S+I F+S+I+P \
  --what "product-path evaluation (tools/ocr-model/evaluate.ts --fold K) of each fold's 2000-step models of recipes F, S, I and P (cpu-cv-2000-recipes), alone and as ensembles, over all 222 US photos" \
  --json tools/ocr-model/experiments/cpu-cv-2000-recipes/ensembles.json
