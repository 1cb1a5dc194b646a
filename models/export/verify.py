#!/usr/bin/env python3
"""Check exported packs against the PyTorch reference on real images.

    python verify.py --sd SD21_BASE_DIR --osediff osediff.pkl --pack packs/osediff-x4-fp32 packs/osediff-x4-fp16 \
        --images a.png b.png [--java-output a_x4.png b_x4.png] [--save out/]

The reference runs diffusers' models with the same weights (for an osediff.pkl, unmerged through peft
adapters exactly as OSEDiff's test code loads them, an independent check of our merge; otherwise the
merged weights) in fp32, with the pack's prompt embedding and constants, and the pipeline of
pipeline.py. Each pack runs through onnxruntime (CPU). Prints PSNR vs the reference and checks for
NaN / black output. Targets: fp32 packs >= 45 dB, fp16 packs >= 35 dB. Exit status 1 on a miss.
"""

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from export import add_model_args, import_diffusers_from, load_update  # noqa: E402

TARGET_DB = {"fp32": 45.0, "fp16": 35.0}


def log(msg):
    print(f"[verify] {msg}", flush=True)


class TorchBackend:
    """The three graph modules in PyTorch, on ``device`` in ``dtype`` (copies; the inputs stay intact)."""

    def __init__(self, unet, vae, device, dtype):
        import torch
        from sd_models import Decoder, EncoderMean, UNetNoise
        self.torch, self.device, self.dtype = torch, device, dtype
        self.mods = {name: copy.deepcopy(m).to(device=device, dtype=dtype).eval()
                     for name, m in (("encode", EncoderMean(vae)), ("unet", UNetNoise(unet)),
                                     ("decode", Decoder(vae)))}

    def _run(self, name, *arrays):
        torch = self.torch
        args = [torch.from_numpy(a).to(self.device) if a.dtype == np.int64
                else torch.from_numpy(a).to(self.device, self.dtype) for a in arrays]
        with torch.no_grad():
            return self.mods[name](*args).float().cpu().numpy()

    def encode(self, x):
        return self._run("encode", x)

    def unet(self, z, t, emb):
        return self._run("unet", z, t, emb)

    def decode(self, latent):
        return self._run("decode", latent)


class OrtBackend:
    """A pack's graphs through onnxruntime (CPU), fed in the element type each input declares."""

    def __init__(self, pack):
        import onnxruntime as ort
        self.manifest = json.loads((pack / "model.json").read_text())
        self.sessions = {}
        for key, name in (("encoder", "encode"), ("unet", "unet"), ("decoder", "decode")):
            path = pack / self.manifest["graphs"][key]
            self.sessions[name] = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        want = ["sample", "timestep", "encoder_hidden_states"]
        found = [i.name for i in self.sessions["unet"].get_inputs()]
        if sorted(found) != sorted(want):
            raise SystemExit(f"error: {pack}/unet: expected inputs {want}, found {found}")

    def _run(self, name, *arrays):
        sess = self.sessions[name]
        feeds = {}
        specs = [s for s in sess.get_inputs() if not s.name.startswith("gn_")]
        for spec, a in zip(specs, arrays):
            feeds[spec.name] = a.astype(np.float16) if spec.type == "tensor(float16)" else a
        stats = self.manifest.get("statistics", {}).get("encoder" if name == "encode" else "decoder")
        if stats and name in ("encode", "decode"):  # GroupNorm statistics inputs (gn_stats.py): own statistics
            f = self.manifest["latent"]["factor"] if name == "encode" else 1
            L, G = stats["layers"], stats["groups"]
            feeds.update(gn_mean=np.zeros((L, G), np.float32), gn_var=np.zeros((L, G), np.float32),
                         gn_mix=np.zeros(L, np.float32),
                         gn_weight=np.ones((1, 1, arrays[0].shape[2] // f, arrays[0].shape[3] // f), np.float32))
        return sess.run(None, feeds)[0].astype(np.float32)

    def encode(self, x):
        return self._run("encode", x)

    def unet(self, z, t, emb):
        names = [i.name for i in self.sessions["unet"].get_inputs()]
        given = {"sample": z, "timestep": t, "encoder_hidden_states": emb}
        return self._run("unet", *[given[n] for n in names])

    def decode(self, latent):
        return self._run("decode", latent)


def pack_inputs(pack):
    """The pack's prompt embedding and pipeline constants."""
    from pipeline import Params
    m = json.loads((pack / "model.json").read_text())
    shape = m["prompt"]["shape"]
    emb = np.fromfile(pack / m["prompt"]["file"], dtype="<f4")
    if emb.size != int(np.prod(shape)):
        raise SystemExit(f"error: {pack}/prompt.bin: expected {int(np.prod(shape))} floats, found {emb.size}")
    params = Params(scaling_factor=m["latent"]["scalingFactor"], timestep=m["scheduler"]["timestep"],
                    alpha_bar=m["scheduler"]["alphaBar"], color_fix=m.get("colorFix", "adain"))
    return emb.reshape(shape), params


def health(result):
    """'' when fine, else what is wrong (NaN, black or flat output)."""
    if not np.isfinite(result.decoded).all() or not np.isfinite(result.image).all():
        return "NaN/inf"
    if float(result.image.max()) < 0.02:
        return "black"
    if float(result.decoded.std()) < 1e-4:
        return "flat"
    return ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_args(parser)
    parser.add_argument("--pack", nargs="+", required=True, help="exported pack folders")
    parser.add_argument("--images", nargs="+", required=True, help="low-resolution input images")
    parser.add_argument("--java-output", nargs="*", default=[],
                        help="the Java CLI's x4 PNG for each --images entry, in the same order")
    parser.add_argument("--reference", choices=["auto", "peft", "merged"], default="auto",
                        help="auto: peft (unmerged, OSEDiff's way) for --osediff when peft imports, else merged")
    parser.add_argument("--floor", choices=["crop", "lanczos"], default="crop",
                        help="how the x4 image is floored to /8 (OSEDiff's script: lanczos resize)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--save", help="folder for the PNGs (reference, each pack)")
    parser.add_argument("--allow-no-ort", action="store_true", help="skip the packs when onnxruntime is missing")
    args = parser.parse_args(argv)
    import_diffusers_from(args.diffusers_src)
    if args.java_output and len(args.java_output) != len(args.images):
        sys.exit(f"error: expected one --java-output per image ({len(args.images)}), found {len(args.java_output)}")

    import torch
    from PIL import Image
    import pipeline
    import sd_models
    from lora_merge import MergeError
    torch.backends.cuda.matmul.allow_tf32 = False  # a true fp32 reference
    torch.backends.cudnn.allow_tf32 = False
    device = "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    packs = [Path(p) for p in args.pack]
    emb, params = pack_inputs(packs[0])

    try:
        update = load_update(args)
        base = sd_models.load_base(args.sd)
        mode = args.reference
        if mode == "auto":
            try:
                import peft  # noqa: F401
                mode = "peft" if update is not None and update.osediff is not None else "merged"
            except ImportError:
                mode = "merged"
        if mode == "peft":
            unet, vae = sd_models.peft_reference_models(base, update, args.lora_alpha)
        else:
            unet, vae = sd_models.merged_models(base, update, args.lora_alpha)
    except MergeError as e:
        sys.exit(f"error: {e}")
    log(f"reference: PyTorch fp32 on {device}, weights {mode}")
    backends = {"torch-fp32 (reference)": TorchBackend(unet, vae, device, torch.float32)}
    if device == "cuda":
        backends["torch-fp16 (eager, CUDA)"] = TorchBackend(unet, vae, device, torch.float16)
    try:
        import onnxruntime
        log(f"onnxruntime {onnxruntime.__version__} (CPU; fp16 graphs run with ORT's fp32 casts)")
        for pack in packs:
            backends[f"pack {pack.name}"] = OrtBackend(pack)
    except ImportError:
        if not args.allow_no_ort:
            sys.exit("error: expected onnxruntime (pip install onnxruntime), found none")
        log("WARNING: onnxruntime not installed: packs NOT run")
    precision = {f"pack {p.name}": json.loads((p / "model.json").read_text())["precision"] for p in packs}

    failures = []
    print("\n| image | size | run | PSNR vs ref (dB) | decoded range | status | s |\n|---|---|---|---|---|---|---|")
    for i, path in enumerate(args.images):
        lq = Image.open(path).convert("RGB")
        ref = None
        for label, backend in backends.items():
            t0 = time.time()
            res = pipeline.run(backend, lq, emb, params, floor=args.floor)
            secs = time.time() - t0
            ref = ref if ref is not None else res
            db = pipeline.psnr(res.image, ref.image)
            status = health(res)
            target = TARGET_DB.get(precision.get(label))
            if target is not None and (status or not db >= target):
                failures.append(f"{path}: {label}: {status or f'{db:.2f} dB < {target} dB'}")
                status = status or f"FAIL (< {target})"
            elif status and label.startswith("torch-fp16"):
                status += ": fp16 VAE risk, export with --vae-precision fp32"
            rng = f"{np.nanmin(res.decoded):.2f}..{np.nanmax(res.decoded):.2f}"
            h, w = res.image.shape[2:]
            print(f"| {Path(path).name} | {w}x{h} | {label} | {db:.2f} | {rng} | {status or 'ok'} | {secs:.1f} |",
                  flush=True)
            if args.save:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                tag = label.split(" ")[0] if label.startswith("torch") else label.split(" ", 1)[1]
                pipeline.to_pil(res.image).save(Path(args.save) / f"{Path(path).stem}_{tag}.png")
        if args.java_output:
            java = np.asarray(Image.open(args.java_output[i]).convert("RGB"), dtype=np.float32) / 255.0
            java = java.transpose(2, 0, 1)[None]
            ref8 = np.asarray(pipeline.to_pil(ref.image), dtype=np.float32).transpose(2, 0, 1)[None] / 255.0
            if java.shape != ref8.shape:
                failures.append(f"{args.java_output[i]}: expected size {ref8.shape[3]}x{ref8.shape[2]}, "
                                f"found {java.shape[3]}x{java.shape[2]}")
                continue
            db = pipeline.psnr(java, ref8)
            print(f"| {Path(path).name} | {java.shape[3]}x{java.shape[2]} | java {args.java_output[i]} | "
                  f"{db:.2f} | - | 8-bit vs 8-bit ref | - |", flush=True)
    print()
    for f in failures:
        print(f"FAIL {f}", flush=True)
    print("verify: " + ("FAILED" if failures else "all targets met") + f" ({len(failures)} failures)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
