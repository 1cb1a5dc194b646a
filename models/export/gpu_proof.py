#!/usr/bin/env python3
"""End-to-end proof of the export tool without real weights (for the GPU machine; no network, no pip diffusers).

    python3 models/export/gpu_proof.py --diffusers-src /path/to/diffusers-src/src --out /tmp/proof

1. builds SD 2.1-base's UNet and VAE from their configs with seeded random weights and saves them as a
   diffusers folder (<out>/base);
2. writes a random LoRA of OSEDiff's shape (rank 4, OSEDiff's target-module selection, tuned conv_in) in
   OSEDiff's exact osediff.pkl format (<out>/osediff.pkl), and a random prompt embedding (<out>/prompt.npy);
3. runs export.py (fp32 + fp16 packs in <out>/packs) and verify.py on synthetic images (<out>/images,
   PNGs in <out>/verify), as separate processes, exactly as a user would;
4. times PyTorch fp16 eager per 512x512 output tile (median of 20 after warm-up) and prints a table.

``--tiny`` uses a few-MB model of the same structure (CPU tests).
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
T0 = time.time()
RANK = 4
# OSEDiff's target-module selection (osediff.py: initialize_unet / initialize_vae).
UNET_GREP = ["to_k", "to_q", "to_v", "to_out.0", "conv", "conv1", "conv2", "conv_in", "conv_shortcut", "conv_out",
             "proj_out", "proj_in", "ff.net.2", "ff.net.0.proj"]
VAE_GREP = ["conv1", "conv2", "conv_in", "conv_shortcut", "conv", "conv_out", "to_k", "to_q", "to_v", "to_out.0"]


def log(msg):
    print(f"[proof {time.time() - T0:6.1f}s] {msg}", flush=True)


def osediff_unet_targets(unet):
    """(encoder, decoder, others) module lists, as OSEDiff's initialize_unet builds them."""
    enc, dec, others = [], [], []
    for n, _ in unet.named_parameters():
        if "bias" in n or "norm" in n:
            continue
        for pattern in UNET_GREP:
            if pattern in n and ("down_blocks" in n or "conv_in" in n):
                enc.append(n.replace(".weight", ""))
                break
            elif pattern in n and ("up_blocks" in n or "conv_out" in n):
                dec.append(n.replace(".weight", ""))
                break
            elif pattern in n:
                others.append(n.replace(".weight", ""))
                break
    return enc, dec, others


def osediff_vae_targets(vae):
    """The VAE encoder module list, as OSEDiff's initialize_vae builds it (repeats included)."""
    out = []
    for n, _ in vae.named_parameters():
        if "bias" in n or "norm" in n:
            continue
        for pattern in VAE_GREP:
            if pattern in n and ("encoder" in n):
                out.append(n.replace(".weight", ""))
            elif ("quant_conv" in n) and ("post_quant_conv" not in n):
                out.append(n.replace(".weight", ""))
    return out


def random_lora(model, modules, adapter, gen):
    """peft-named random LoRA tensors for ``modules`` (A ~ N(0, 1/r) as peft's gaussian init, B small)."""
    import torch
    sd = {}
    for name in sorted(set(modules)):
        w = model.get_submodule(name).weight
        if w.dim() == 2:
            a_shape, b_shape = (RANK, w.shape[1]), (w.shape[0], RANK)
        else:
            a_shape, b_shape = (RANK, w.shape[1], w.shape[2], w.shape[3]), (w.shape[0], RANK, 1, 1)
        sd[f"{name}.lora_A.{adapter}.weight"] = torch.randn(a_shape, generator=gen) / RANK
        sd[f"{name}.lora_B.{adapter}.weight"] = torch.randn(b_shape, generator=gen) * 2e-3
    return sd


def fake_osediff(unet, vae, path, seed):
    """Write a random osediff.pkl in OSEDiff's save_model format."""
    import torch
    gen = torch.Generator().manual_seed(seed)
    enc, dec, others = osediff_unet_targets(unet)
    vae_enc = osediff_vae_targets(vae)
    sd_unet = {}
    for modules, adapter in ((enc, "default_encoder"), (dec, "default_decoder"), (others, "default_others")):
        sd_unet.update(random_lora(unet, modules, adapter, gen))
    for p in ("weight", "bias"):  # the fully tuned conv_in (peft wraps it: base_layer)
        base = getattr(unet.conv_in, p).detach()
        sd_unet[f"conv_in.base_layer.{p}"] = base + 0.05 * base.std() * torch.randn(base.shape, generator=gen)
    ckpt = {"vae_lora_encoder_modules": vae_enc, "unet_lora_encoder_modules": enc,
            "unet_lora_decoder_modules": dec, "unet_lora_others_modules": others,
            "rank_unet": RANK, "rank_vae": RANK, "state_dict_unet": sd_unet,
            "state_dict_vae": random_lora(vae, vae_enc, "default_encoder", gen)}
    torch.save(ckpt, str(path))
    log(f"fake osediff.pkl: UNet LoRA on {len(enc)}+{len(dec)}+{len(others)} modules, "
        f"VAE LoRA on {len(set(vae_enc))} modules, rank {RANK}")


def synthetic_image(w, h, seed):
    """Gradients, discs and texture: colourful, structured, reproducible."""
    from PIL import Image
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w] / max(w, h)
    img = np.stack([x, y, 0.5 + 0.5 * np.sin(6 * x + 4 * y)], -1)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.05, 0.25) * max(w, h)
        mask = (np.mgrid[0:h, 0:w][1] - cx) ** 2 + (np.mgrid[0:h, 0:w][0] - cy) ** 2 < r * r
        img[mask] = rng.uniform(0, 1, 3)
    img += rng.normal(0, 0.03, img.shape)
    return Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8))


def run_step(name, cmd):
    """Run one of our CLIs as a subprocess; stop loudly if it fails."""
    log(f"{name}: {' '.join(str(c) for c in cmd)}")
    t0 = time.time()
    rc = subprocess.call([str(c) for c in cmd])
    log(f"{name}: exit {rc} after {time.time() - t0:.1f} s")
    if rc != 0:
        sys.exit(f"gpu_proof: {name} FAILED (exit {rc})")


def time_fp16(unet, vae, emb_dim, reps=20, warmup=5):
    """Median ms of PyTorch fp16 eager per 512x512 output tile (64x64 latent)."""
    import torch
    from sd_models import Decoder, EncoderMean, UNetNoise
    dev, dt = "cuda", torch.float16
    enc, un, dec = (m.to(dev, dt).eval() for m in (EncoderMean(vae), UNetNoise(unet), Decoder(vae)))
    img = torch.randn(1, 3, 512, 512, device=dev, dtype=dt)
    lat = torch.randn(1, 4, 64, 64, device=dev, dtype=dt)
    t = torch.tensor([999], device=dev)
    emb = torch.randn(1, 77, emb_dim, device=dev, dtype=dt)
    stages = {"encoder": lambda: enc(img), "UNet": lambda: un(lat, t, emb), "decoder": lambda: dec(lat),
              "total": lambda: dec(un(enc(img) * 0.18215, t, emb) / 0.18215)}
    out = {}
    with torch.no_grad():
        for name, fn in stages.items():
            times = []
            for i in range(warmup + reps):
                torch.cuda.synchronize()
                t0 = time.perf_counter()
                fn()
                torch.cuda.synchronize()
                if i >= warmup:
                    times.append((time.perf_counter() - t0) * 1000)
            out[name] = statistics.median(times)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--diffusers-src", help="a diffusers src/ folder (holding diffusers/)")
    parser.add_argument("--out", required=True, help="output folder (e.g. /tmp/proof)")
    parser.add_argument("--tiny", action="store_true", help="few-MB models of the same structure (CPU test)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    if args.diffusers_src:
        sys.path.insert(0, str(Path(args.diffusers_src).resolve()))
    sys.path.insert(0, str(HERE))
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    import torch
    import diffusers
    from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL
    from diffusers.models.unets.unet_2d_condition import UNet2DConditionModel
    import sd_models
    versions = {"python": sys.version.split()[0], "torch": torch.__version__, "diffusers": diffusers.__version__}
    for mod in ("onnx", "onnxruntime", "peft", "transformers", "safetensors", "huggingface_hub"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = "missing"
    log(", ".join(f"{k} {v}" for k, v in versions.items()) +
        f"; CUDA: {torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none'}")

    torch.manual_seed(args.seed)
    ucfg, vcfg = ((sd_models.TINY_UNET_CONFIG, sd_models.TINY_VAE_CONFIG) if args.tiny
                  else (sd_models.SD21_UNET_CONFIG, sd_models.SD21_VAE_CONFIG))
    unet, vae = UNet2DConditionModel(**ucfg).eval(), AutoencoderKL(**vcfg).eval()
    log(f"built random UNet ({sum(p.numel() for p in unet.parameters()) / 1e6:.1f} M params) "
        f"and VAE ({sum(p.numel() for p in vae.parameters()) / 1e6:.1f} M)")
    unet.save_pretrained(str(out / "base" / "unet"))
    vae.save_pretrained(str(out / "base" / "vae"))
    log(f"saved diffusers folder {out / 'base'}")
    fake_osediff(unet, vae, out / "osediff.pkl", args.seed + 1)
    emb_dim = ucfg["cross_attention_dim"]
    np.save(out / "prompt.npy", np.random.default_rng(args.seed).standard_normal((1, 77, emb_dim)).astype(np.float32))

    sizes = [(32, 32), (30, 22)] if args.tiny else [(128, 128), (120, 88)]  # 120x88 -> latent 60x44, not /8
    images = []
    for i, (w, h) in enumerate(sizes):
        path = out / "images" / f"synthetic_{w}x{h}.png"
        path.parent.mkdir(exist_ok=True)
        synthetic_image(w, h, args.seed + 10 + i).save(path)
        images.append(path)

    common = ["--sd", out / "base", "--osediff", out / "osediff.pkl"]
    if args.diffusers_src:
        common = ["--diffusers-src", args.diffusers_src] + common
    precisions = ["fp32", "fp16"] if torch.cuda.is_available() else ["fp32"]  # fp16 tracing needs CUDA
    if len(precisions) == 1:
        log("no CUDA: exporting the fp32 pack only")
    run_step("export", [sys.executable, HERE / "export.py", *common, "--prompt-embedding", out / "prompt.npy",
                        "--out", out / "packs", "--id", "proof", "--name", "Random-weight proof",
                        "--precision", *precisions])
    packs = [out / "packs" / f"proof-{p}" for p in precisions]
    run_step("verify", [sys.executable, HERE / "verify.py", *common, "--pack", *packs, "--images", *images,
                        "--save", out / "verify", *(["--allow-no-ort"] if args.tiny else [])])

    if args.skip_timing or not torch.cuda.is_available():
        log("timing skipped" + ("" if torch.cuda.is_available() else " (no CUDA)"))
    else:
        ms = time_fp16(unet, vae, emb_dim)
        gpu = torch.cuda.get_device_name(0)
        print(f"\nPyTorch {torch.__version__} fp16 eager, diffusers {diffusers.__version__}, {gpu}, batch 1, "
              f"median of 20 after 5 warm-up, ms:\n\n| per tile | encoder | UNet (t=999, 77x{emb_dim} text) "
              f"| decoder | total |\n|---|---|---|---|---|\n| PyTorch fp16 eager, 512² out (64² latent) | "
              f"{ms['encoder']:.1f} | {ms['UNet']:.1f} | {ms['decoder']:.1f} | {ms['total']:.1f} |\n", flush=True)
    log(f"done: packs in {out / 'packs'}, verify PNGs in {out / 'verify'}")


if __name__ == "__main__":
    main()
