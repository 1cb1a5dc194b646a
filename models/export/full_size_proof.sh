#!/usr/bin/env bash
# Full-size proof of the in-app pack builder with random SD-2.1-size weights (no downloads), on the CPU:
#   1. random SD 2.1-base (diffusers layout, fp32 + fp16 files, old VAE names) + OSEDiff-shaped osediff.pkl;
#   2. models/export/export.py: fp32 pack from the fp32 files, fp16 pack from the fp16 files;
#   3. the Java CLI (`sharpstep models install osediff --from ...`, -Xmx1g) builds both packs from the same files
#      (a catalogue pinning the random files' hashes), timed, peak heap from the GC log;
#   4. SHA-256 of every weight file, Java vs Python; verify.py on the Java-built packs (fp32 >= 45 dB, fp16 >= 35 dB).
# Usage: models/export/full_size_proof.sh WORKDIR DIFFUSERS_SRC [ORT_PYTHONPATH]
# Needs ~12 GB of disk in WORKDIR, ~8 GB of memory, `mvn -o compile` done. Run when the machine is calm.
set -euo pipefail
W=$(realpath -m "$1"); DIFF=$(realpath "$2"); ORT=${3:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
mkdir -p "$W"
log() { echo "[proof $(date +%T)] $*"; }
cd "$ROOT"
if [ ! -f "$W/sources/osediff.pkl" ]; then
  log "random SD-2.1-size sources"
  $PY - "$W/sources" "$DIFF" <<'PY'
import sys; from pathlib import Path
sys.path[:0] = ["models/export", "models/fixtures"]
out, diff = Path(sys.argv[1]), sys.argv[2]
from diffusers_compat import use_diffusers
U, V = use_diffusers(diff)
import torch, clip_text, gpu_proof, sd_models, templates, make_install_fixtures as mif
torch.manual_seed(3); g = torch.Generator().manual_seed(3)
u, v, t = U(**sd_models.SD21_UNET_CONFIG).eval(), V(**sd_models.SD21_VAE_CONFIG).eval(), clip_text.ClipTextModel().eval()
for m in (u, v, t):
    templates.distinct_random(m, g)
mif.save_folder(out / "sd21", u, v, t, sd_models.SD21_UNET_CONFIG, sd_models.SD21_VAE_CONFIG, clip_text.SD21_TEXT_CONFIG)
gpu_proof.fake_osediff(u, v, out / "osediff.pkl", 4)
PY
fi
for p in fp32 fp16; do
  if [ ! -f "$W/py/osediff-x4-$p/model.json" ]; then
    log "python export $p"
    /usr/bin/time -v $PY models/export/export.py --diffusers-src "$DIFF" --sd "$W/sources/sd21" --sd-variant $p \
      --osediff "$W/sources/osediff.pkl" --out "$W/py" --precision $p --device cpu 2> "$W/py-$p.time" | tail -3
    grep -E "Elapsed|Maximum resident" "$W/py-$p.time"
  fi
done
log "catalogue of the random files"
$PY - "$W" <<'PY'
import hashlib, json, sys; from pathlib import Path
w = Path(sys.argv[1]); src = json.loads(Path("src/main/resources/io/sharpstep/install/osediff-sources.json").read_text())
for f in src["files"]:
    p = w / "sources" / ("sd21/" + f["path"] if f["role"] != "osediff" else f["path"])
    h = hashlib.sha256() if f["role"] != "osediff" else hashlib.sha1(b"blob %d\0" % p.stat().st_size)
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 24), b""):
            h.update(chunk)
    f.pop("sha256", None); f.pop("gitBlobSha1", None)
    f["sha256" if f["role"] != "osediff" else "gitBlobSha1"] = h.hexdigest()
    f["bytes"] = p.stat().st_size
(w / "catalogue.json").write_text(json.dumps(src, indent=1))
PY
[ -f "$W/cp.txt" ] || mvn -o -q dependency:build-classpath -Dmdep.outputFile="$W/cp.txt" >/dev/null
CP="$ROOT/target/classes:$(cat "$W/cp.txt")"
for p in fp32 fp16; do
  rm -rf "$W/java/osediff-x4-$p"
  log "java build $p (-Xmx1g)"
  /usr/bin/time -v java -Xmx1g -Xlog:gc:file="$W/java-$p.gc" -cp "$CP" io.sharpstep.cli.SharpStepCli models install \
    osediff --yes --precision $p --from "$W/sources/sd21" "$W/sources/osediff.pkl" --catalogue "$W/catalogue.json" \
    --models-dir "$W/java" > "$W/java-$p.out" 2> "$W/java-$p.time" || { tail -5 "$W/java-$p.time"; exit 1; }
  grep -E "Elapsed|Maximum resident" "$W/java-$p.time"
  echo "peak heap after GC (MB): $(grep -oE '[0-9]+M->[0-9]+M' "$W/java-$p.gc" | sed -E 's/M->.*//' | sort -n | tail -1)"
  for g in encoder unet decoder; do
    a=$(sha256sum < "$W/py/osediff-x4-$p/$g.onnx.data" | cut -c1-64); b=$(sha256sum < "$W/java/osediff-x4-$p/$g.onnx.data" | cut -c1-64)
    echo "$p $g.onnx.data python $a java $b $([ "$a" = "$b" ] && echo EQUAL || echo DIFFERENT)"
  done
done
if [ -n "$ORT" ]; then
  $PY -c "from PIL import Image; import numpy as np; y,x=np.mgrid[0:48,0:64]; Image.fromarray((np.stack([x/64,y/48,.5+.3*np.sin(x/4)],-1)*255).astype(np.uint8)).save('$W/in.png')"
  log "verify.py on the Java-built packs"
  PYTHONPATH="$ORT" $PY models/export/verify.py --diffusers-src "$DIFF" --sd "$W/sources/sd21" --osediff "$W/sources/osediff.pkl" \
    --pack "$W/java/osediff-x4-fp32" "$W/java/osediff-x4-fp16" --images "$W/in.png" --reference merged 2>&1 | grep -v -i warn | tail -8
fi
log done
