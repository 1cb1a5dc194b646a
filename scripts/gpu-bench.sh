#!/usr/bin/env bash
# SharpStep on the GPU machine (ONNX Runtime CUDA through ../shared/gpu; run after its setup.sh has set
# JAVA and JAVA_ORT). Measures and checks, all in one sitting on the same GPU:
#  - the one-step-latent packs made by models/export/gpu_proof.py (random SD 2.1-base weights, started
#    earlier in the background, writing /tmp/proof): per 512x512 output tile (median of 20 after warm-up),
#    1024x1024 output, and a 4096x4096-output job with peak GPU memory (nvidia-smi);
#  - CUDA outputs against the PyTorch fp32 reference saved by verify.py;
#  - Real-ESRGAN x4plus / x4fast, converted there from the ncnn files in /tmp/esr.
# Usage: scripts/gpu-bench.sh APP_DIR OUT_DIR
set -uo pipefail
APP=$1
OUT=$2
cp="$APP/*:$APP/lib/*"
ss() { "$JAVA" $JAVA_ORT -Xmx16g -cp "$cp" io.sharpstep.cli.SharpStepCli "$@"; }
P=/tmp/proof/packs
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
for i in $(seq 1 90); do [ -f /tmp/proof.rc ] && break; sleep 5; done
echo "export proof exit: $(cat /tmp/proof.rc 2>/dev/null || echo 'still running')"
grep -E "^\||verify|PyTorch|median|ms|done|error|Error" /tmp/proof.log | tail -40

python3 - <<'PY'
from PIL import Image
im = Image.open("examples/lighthouse.png").convert("RGB")
im.crop((40, 20, 168, 148)).save("/tmp/lr128.png")
im.resize((256, 256), Image.BICUBIC).save("/tmp/lr256.png")
im.resize((1024, 1024), Image.BICUBIC).save("/tmp/lr1024.png")
PY

echo "== auto device on this machine"; ss models | head -3
PACKS="proof-fp16 proof-fp32"
[ -f $P/proof-fused-fp16/model.json ] && PACKS="$PACKS proof-fused-fp16 proof-fused-fp32"
for pk in $PACKS; do
  echo "== $pk, 128x128 -> 512x512 (one tile per stage), CUDA, median of 20"
  ss bench /tmp/lr128.png --model $P/$pk --device cuda --runs 20
done
for pk in proof-fp16 proof-fused-fp16; do
  [ -f $P/$pk/model.json ] || continue
  echo "== $pk, 256x256 -> 1024x1024, CUDA, median of 10"
  ss bench /tmp/lr256.png --model $P/$pk --device cuda --runs 10
done
BEST=proof-fp16
[ -f $P/proof-fused-fp16/model.json ] && BEST=proof-fused-fp16

echo "== $BEST, 1024x1024 -> 4096x4096 (tiled), CUDA"
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 > "$OUT/gpu-mem.csv" &
smi=$!
/usr/bin/time -v -o "$OUT/time-4096.txt" bash -c "$(declare -f ss); JAVA='$JAVA' JAVA_ORT='$JAVA_ORT' cp='$cp'; \
  ss upscale /tmp/lr1024.png -o /tmp/o4096 --model $P/$BEST --device cuda" 2>&1 | tail -2
grep -E "Elapsed|Maximum resident" "$OUT/time-4096.txt"
ss bench /tmp/lr1024.png --model $P/$BEST --device cuda --runs 1
kill $smi
echo "peak GPU memory during the 4096 jobs: $(sort -n "$OUT/gpu-mem.csv" | tail -1) MiB (idle: $(head -1 "$OUT/gpu-mem.csv") MiB)"

echo "== CUDA output vs PyTorch fp32 reference (untiled, 128x128 -> 512x512)"
for pk in $PACKS; do
  ss upscale /tmp/proof/images/synthetic_128x128.png -o /tmp/j$pk --model $P/$pk --device cuda \
     --tile 4096 --vae-tile 4096 >/dev/null 2>&1
done
ls /tmp/proof/verify
python3 - <<'PY'
import glob, numpy as np
from PIL import Image
ref = [f for f in glob.glob("/tmp/proof/verify/synthetic_128x128_*.png") if "torch" in f and "16" not in f]
r = np.asarray(Image.open(ref[0]).convert("RGB"), np.float64) / 255
import os
for prec in ("proof-fp32", "proof-fp16", "proof-fused-fp32", "proof-fused-fp16"):
    if not os.path.exists(f"/tmp/j{prec}/synthetic_128x128_x4.png"):
        continue
    j = np.asarray(Image.open(f"/tmp/j{prec}/synthetic_128x128_x4.png").convert("RGB"), np.float64) / 255
    mse = ((j - r) ** 2).mean()
    print(f"java CUDA {prec} pack vs {ref[0].split('/')[-1]}: PSNR {10 * np.log10(1 / mse):.2f} dB, "
          f"mean |diff| {np.abs(j - r).mean() * 255:.3f}/255")
PY
echo "== tiled vs untiled on CUDA (fp32 pack, 256x256 -> 1024x1024, latent 128x128; random weights)"
ss upscale /tmp/lr256.png -o /tmp/untiled --model $P/proof-fp32 --device cuda --tile 4096 --vae-tile 4096 >/dev/null 2>&1
ss upscale /tmp/lr256.png -o /tmp/t-unet --model $P/proof-fp32 --device cuda --tile 512 --vae-tile 4096 >/dev/null 2>&1
ss upscale /tmp/lr256.png -o /tmp/t-vae64 --model $P/proof-fp32 --device cuda --tile 4096 --vae-tile 512 >/dev/null 2>&1
ss upscale /tmp/lr256.png -o /tmp/t-vae32 --model $P/proof-fp32 --device cuda --tile 4096 --vae-tile 256 >/dev/null 2>&1
ss upscale /tmp/lr256.png -o /tmp/t-auto --model $P/proof-fp32 --device cuda >/dev/null 2>&1
python3 - <<'PY'
import numpy as np
from PIL import Image
L = lambda p: np.asarray(Image.open(p), np.float64) / 255
u = L("/tmp/untiled/lr256_x4.png")
for n, what in (("t-unet", "UNet tiles 64 (overlap 32), VAE whole"), ("t-vae64", "UNet whole, VAE tiles 64 latent"),
                ("t-vae32", "UNet whole, VAE tiles 32 latent"), ("t-auto", "defaults (UNet 96, VAE from budget)")):
    d = L(f"/tmp/{n}/lr256_x4.png") - u
    print(f"{what}: PSNR vs untiled {10 * np.log10(1 / (d ** 2).mean()):.2f} dB")
PY

echo "== Real-ESRGAN on CUDA"
for m in x4plus x4fast; do
  "$JAVA" -cp "$cp" io.sharpstep.convert.PackMaker /tmp/esr/realesrgan-$m.param /tmp/esr/realesrgan-$m.bin /tmp/esrpacks/$m >/dev/null
  ss bench /tmp/lr256.png --model /tmp/esrpacks/$m --device cuda --runs 10
done
