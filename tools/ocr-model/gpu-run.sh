#!/usr/bin/env bash
# One time-boxed training session on a lent GPU machine (bare: no Debian fonts, no ../shared):
# renders the synthetic set and the real-crop pool on every core once, then trains the
# variants below side by side on the one GPU, each for as many steps as fit before the
# deadline (each report names its step count; `train.py --steps N` with the same options
# reproduces it, up to CUDA's nondeterministic CTC gradients).
#
#   tools/ocr-model/gpu-run.sh DATA_DIR FONTS_DIR OUT_DIR [SECONDS]
#
# DATA_DIR holds us/ and eu/ like ../shared/data/plates; FONTS_DIR holds truetype/ and
# opentype/ like /usr/share/fonts (tools/ocr-model/pack-for-gpu.sh makes both). Writes
# <variant>.npz (weights) and log.txt (progress and each variant's report) to OUT_DIR.
set -u
py=${PYTHON:-python3}
here=$(cd "$(dirname "$0")" && pwd)
data=$1 fonts=$2 out=$3 budget=${4:-530}
t0=$(date +%s)
export PLATE_OCR_FONTS="$fonts/truetype:$fonts/opentype" PYTHONUNBUFFERED=1
log=$out/log.txt
mkdir -p "$out"
{ nproc; nvidia-smi -L; "$py" -c 'import torch, PIL; print(torch.__version__, PIL.__version__, torch.cuda.is_available())'; } >>"$log" 2>&1
cache=/tmp/plate-ocr-cache
common=(--emblems --data "$data" --cache "$cache" --synthetic "${SYNTHETIC:-200000}" --real-pool "${REAL_POOL:-150000}")
"$py" "$here/train.py" "${common[@]}" --prepare-only --workers "$(nproc)" 2>&1 | sed -u 's/^/[prep] /' >>"$log"
left=$((budget - ($(date +%s) - t0) - 45))
echo "[prep] done after $(($(date +%s) - t0)) s; training budget ${left} s per variant" >>"$log"
train() {  # name, then train.py options
  local name=$1; shift
  "$py" "$here/train.py" "${common[@]}" --device "${DEVICE:-cuda}" --threads 2 --steps 0 --train-seconds "$left" \
    --batch "${BATCH:-512}" --out "/tmp/$name.onnx" --weights-out "$out/$name.npz" --report "/tmp/$name.json" "$@" 2>&1 |
    grep --line-buffered -v Warning | sed -u "s/^/[$name] /" >>"$log"
}
train A --real-fraction 0.3 &
train B --real-fraction 0.2 &
train C --real-fraction 0.25 --dilations 1,2,4 &
train D --real-fraction 0.25 --dilations 1,2,4 --width 1.0 &
wait
echo "all done after $(($(date +%s) - t0)) s" >>"$log"
