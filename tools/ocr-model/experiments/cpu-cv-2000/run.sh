#!/usr/bin/env bash
# CPU cross-validation at a third of the shipped training: recipes A (shipped) and B (15 % real), five folds.
cd "$(dirname "$0")/../../../.." && mkdir -p /tmp/cpucv || exit 1
# Then: /usr/bin/python3 tools/ocr-model/cv_summary.py /tmp/cpucv
nice -n 19 /usr/bin/python3 tools/ocr-model/train.py --prepare-only --workers 2 > /tmp/cpucv/prep.log 2>&1
printf '%s\n' "A0 --fold 0" "B0 --fold 0 --real-fraction 0.15" "A1 --fold 1" "B1 --fold 1 --real-fraction 0.15" \
  "A2 --fold 2" "B2 --fold 2 --real-fraction 0.15" "A3 --fold 3" "B3 --fold 3 --real-fraction 0.15" \
  "A4 --fold 4" "B4 --fold 4 --real-fraction 0.15" |
  xargs -P 2 -L 1 bash -c 'name=$0; nice -n 19 /usr/bin/python3 tools/ocr-model/train.py "$@" --steps 2000 --workers 0 --threads 1 --out /tmp/cpucv/$name.onnx --weights-out /tmp/cpucv/$name.npz --report /tmp/cpucv/$name.json > /tmp/cpucv/$name.log 2>&1'
echo done > /tmp/cpucv/DONE
