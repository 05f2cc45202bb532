#!/usr/bin/env bash
# Fine-tunes the shipped pair on the GPU in one sitting that fits a 10-minute device call, and ranks
# sampling settings for the old and the new pair:
#
#   training/finetune.sh DATA WEIGHTS OUT      (DATA from fetch_data.sh; WEIGHTS: a folder with
#                                              vq.safetensors and arpg.safetensors, e.g. the shipped one)
#
# 1. train_vq.py --decoder-only: the decoder learns from the larger photo pack with the image-gradient
#    loss; encoder and codebook stay, so every code means what it meant and the generator stays valid.
# 2. with ARPG_MIN > 0, train_arpg.py resumes from WEIGHTS/arpg.safetensors on the same codes.
# 3. sweep.py: sharpness ratio and seam of native-scale fills, both pairs, every setting of its list.
# OUT gets vq.safetensors, vq.json, (arpg.safetensors, arpg.json,) sweep.json and log.txt: at most 6
# files under 16 MiB each, so a device call can bring them back; a later sitting resumes from OUT.
set -uo pipefail
DATA=${1:?usage: finetune.sh DATA WEIGHTS OUT}
WEIGHTS=$(cd "${2:?usage: finetune.sh DATA WEIGHTS OUT}" && pwd)
OUT=${3:?usage: finetune.sh DATA WEIGHTS OUT}
VQ_MIN=${VQ_MIN:-4.0}      # about 1.2 minutes more for loading and compiling
ARPG_MIN=${ARPG_MIN:-0}    # likewise
export PYTHONUNBUFFERED=1
WORK=$(mktemp -d)  # checkpoints in the making stay out of OUT, which holds only what comes back
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/vq" "$WORK/arpg" "$WORK/new"
LOG=$OUT/log.txt
cd "$(dirname "$0")"
python3 train_vq.py --data "$DATA/train" --eval "$DATA/eval" --out "$WORK/vq" --minutes "$VQ_MIN" \
  --lr "${VQ_LR:-2e-4}" --batch 128 --gan-start 2 --grad-weight "${GRAD_W:-0.7}" --decoder-only \
  --resume "$WEIGHTS/vq.safetensors" --seed 5 2>&1 | tee -a "$LOG"
cp "$WORK/vq/vq.safetensors" "$WORK/vq/vq.json" "$OUT/" || exit 1
cp "$OUT/vq.safetensors" "$WORK/new/"
if [ "$ARPG_MIN" != 0 ]; then
  python3 train_arpg.py --data "$DATA/train" --eval "$DATA/eval" --vq "$OUT/vq.safetensors" --out "$WORK/arpg" \
    --minutes "$ARPG_MIN" --lr "${ARPG_LR:-4e-4}" --resume "$WEIGHTS/arpg.safetensors" --resume-lr "${ARPG_LR:-4e-4}" \
    --seed 6 2>&1 | tee -a "$LOG"
  cp "$WORK/arpg/arpg.safetensors" "$WORK/arpg/arpg.json" "$OUT/" || exit 1
  cp "$OUT/arpg.safetensors" "$WORK/new/"
else
  cp "$WEIGHTS/arpg.safetensors" "$WORK/new/"
fi
timeout "${SWEEP_S:-70}" python3 sweep.py --eval "$DATA/eval" --weights "$WEIGHTS" "$WORK/new" \
  --out "$OUT/sweep.json" 2>&1 | tee -a "$LOG"
