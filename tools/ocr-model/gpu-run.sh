#!/usr/bin/env bash
# One time-boxed training session on a lent GPU machine (bare: no Debian fonts, no ../shared):
# renders the synthetic set and the real-crop pool on every core once, then trains the runs a
# plan names side by side on the one GPU. All of them calibrate under the full load and train
# the same number of steps, as many as fit before the deadline (each report names the count;
# `train.py --steps N` with the same options reproduces a run, up to CUDA's nondeterministic
# CTC gradients).
#
#   tools/ocr-model/gpu-run.sh DATA_DIR FONTS_DIR OUT_DIR [SECONDS] [PLAN]
#
# DATA_DIR holds us/ and eu/ like ../shared/data/plates; FONTS_DIR holds truetype/ and
# opentype/ like /usr/share/fonts (tools/ocr-model/pack-for-gpu.sh makes both). PLAN (default
# plans/cv-three-recipes.txt): a line `common OPTIONS` (train.py options every run shares),
# then one line per run, `NAME OPTIONS`; `#` starts a comment. Writes NAME.npz (weights),
# NAME.json (report) and log.txt (progress) to OUT_DIR. With PACK=FILE, OUT_DIR is also
# packed into the tar FILE every 20 s and at the end (the device tool brings back 8 files at
# most, and whatever a run cut off at its limit has written). With STEPS=N every run trains
# exactly N steps instead (to repeat an earlier lease's runs; nothing is fitted to the time).
set -u
py=${PYTHON:-python3}
here=$(cd "$(dirname "$0")" && pwd)
data=$1 fonts=$2 out=$3 budget=${4:-530} plan=${5:-$here/plans/cv-three-recipes.txt}
t0=$(date +%s)
export PLATE_OCR_FONTS="$fonts/truetype:$fonts/opentype" PYTHONUNBUFFERED=1
log=$out/log.txt
mkdir -p "$out"
{ nproc; nvidia-smi -L; "$py" -c 'import torch, PIL; print(torch.__version__, PIL.__version__, torch.cuda.is_available())'; } >>"$log" 2>&1
cache=/tmp/plate-ocr-cache sync=/tmp/plate-ocr-sync-$$
read -r -a common <<<"$(sed -n 's/^common //p' "$plan")"
common+=(--data "$data" --cache "$cache")
runs=$(grep -v -e '^#' -e '^common ' -e '^ *$' "$plan")
pack() { [ -n "${PACK:-}" ] && tar cf "$PACK.part" -C "$out" . && mv "$PACK.part" "$PACK"; }
if [ -n "${PACK:-}" ]; then (while sleep 20; do pack; done) & packer=$!; fi
# The synthetic set and the real pool are drawn from the run's seed: make them for every seed
# the plan uses, on every core. (A run that found its seed's data missing would render it
# alone, on one core, while the others waited for it: the H100 lease of 2026-11-26 was lost
# that way.)
seeds=$(grep -o -e '--seed [0-9]*' <<<"$runs" | sort -u | cut -d' ' -f2)
for seed in $(grep -q -v -e '--seed ' <<<"$runs" && echo 7) $seeds; do
  "$py" "$here/train.py" "${common[@]}" --seed "$seed" --prepare-only --workers "$(nproc)" 2>&1 | sed -u "s/^/[prep $seed] /" >>"$log"
done
left=$((budget - ($(date +%s) - t0) - 100))
echo "[prep] done after $(($(date +%s) - t0)) s; training budget ${left} s per run" >>"$log"
n=$(wc -l <<<"$runs") pids=()
while read -r name opts; do
  # shellcheck disable=SC2086 # opts is a list of options
  "$py" "$here/train.py" "${common[@]}" $opts --device "${DEVICE:-cuda}" --workers 0 --threads 1 --steps "${STEPS:-0}" --train-seconds "$left" \
    --sync-dir "$sync" --sync-n "$n" --out "/tmp/$name.onnx" --weights-out "$out/$name.npz" --report "$out/$name.json" 2>&1 |
    grep --line-buffered -v Warning | sed -u "s/^/[$name] /" >>"$log" &
  pids+=($!)
done <<<"$runs"
wait "${pids[@]}"
echo "all done after $(($(date +%s) - t0)) s" >>"$log"
if [ -n "${PACK:-}" ]; then kill "$packer"; pack; fi
