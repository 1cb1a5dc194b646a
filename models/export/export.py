#!/usr/bin/env python3
"""Export a SharpStep "one-step-latent" model pack (docs/model-packs.md) from SD 2.1-base + a fine-tune.

    python export.py --sd SD21_BASE_DIR --osediff osediff.pkl --out packs/ [--precision fp32 fp16]

Writes, per precision, ``<out>/<id>-<precision>/`` with model.json, encoder.onnx, unet.onnx
(+ unet.onnx.data when over 2 GB), decoder.onnx and prompt.bin (float32 [1, 77, D]).
The LoRA is merged with our own exact math (lora_merge.py); errors say "expected X, found Y".
"""

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clip_text import DEFAULT_PROMPT  # noqa: E402


def log(msg):
    print(f"[export] {msg}", flush=True)


def add_model_args(parser):
    """The options that pick the models; shared with verify.py."""
    parser.add_argument("--diffusers-src", help="a diffusers src/ folder to import diffusers from")
    parser.add_argument("--sd", required=True, help="SD 2.1-base: diffusers folder or single checkpoint file")
    parser.add_argument("--sd-variant", choices=["fp32", "fp16"],
                        help="which weight files of a diffusers folder (default: fp32 where present, else fp16)")
    parser.add_argument("--osediff", help="OSEDiff osediff.pkl (UNet + VAE-encoder LoRA, tuned conv_in)")
    parser.add_argument("--unet-weights", help="full/partial UNet state dict (.safetensors/.bin/.pt), diffusers names")
    parser.add_argument("--unet-lora", help="peft-style UNet LoRA (.safetensors/.pt), e.g. D3SR-style")
    parser.add_argument("--lora-alpha", type=float, default=8.0,
                        help="peft lora_alpha; scale = alpha / rank (default 8, peft 0.9's default, as OSEDiff)")


def import_diffusers_from(src):
    """Make diffusers importable: ``src`` (a diffusers src/ folder) first on sys.path; stand-ins for
    huggingface_hub/safetensors where they are missing (diffusers_compat)."""
    from diffusers_compat import use_diffusers
    use_diffusers(src)


def load_update(args):
    """The fine-tune named by the options (None: plain SD base)."""
    import checkpoints
    updates = []
    if args.osediff:
        updates.append(checkpoints.load_osediff(args.osediff))
    if args.unet_weights:
        updates.append(checkpoints.load_unet_weights(args.unet_weights))
    if args.unet_lora:
        updates.append(checkpoints.load_unet_lora(args.unet_lora))
    return checkpoints.combine(updates) if updates else None


@contextlib.contextmanager
def no_initializer_dedup():
    """torch.onnx merges initializers of equal VALUE into one; with real weights that would make the graph
    depend on the weights (two equal tensors), so the graph a template binds could differ from the one
    exported. Turn it off: every parameter keeps its own initializer."""
    import torch
    name = "_jit_pass_onnx_deduplicate_initializers"
    original = getattr(torch._C, name, None)
    if original is not None:
        setattr(torch._C, name, lambda graph, params, *rest: params)
    try:
        yield
    finally:
        if original is not None:
            setattr(torch._C, name, original)


def onnx_export(module, inputs, path, input_names, output_names, dynamic_axes, opset, precision="fp32"):
    """torch.onnx.export with the TorchScript exporter (dynamo=False on torch >= 2.5) in float32, then
    (precision fp16) the float16 conversion of fp16_graph, then the canonical weight layout of
    external_data (``<name>.onnx`` + ``<name>.onnx.data``), reading the exporter's output tensor by tensor."""
    import inspect
    import onnx
    import torch
    import external_data
    import fp16_graph
    kwargs = dict(input_names=input_names, output_names=output_names, dynamic_axes=dynamic_axes,
                  opset_version=opset, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        raw = Path(tmp) / path.name
        with torch.no_grad(), no_initializer_dedup():
            torch.onnx.export(module, inputs, str(raw), **kwargs)
        model = external_data.load_graph(raw)
        half = fp16_graph.convert(model) if precision == "fp16" else set()
        external_data.save(model, path, tmp, half)
    onnx.checker.check_model(str(path))
    return path


def add_statistics(path):
    """The GroupNorm-statistics edit (gn_stats.py) and the shared-attention edit (attn_kv.py) of one exported
    VAE graph, in place, keeping the canonical weight layout (external_data); returns the manifest's
    ``{"layers": L, "groups": G}`` for it."""
    import onnx
    import attn_kv
    import external_data
    import gn_stats
    model = onnx.load(str(path))  # with its weights, in memory (a VAE is a few hundred MB at most)
    edited, layers, groups = gn_stats.edit(model)
    edited = attn_kv.edit(edited)
    onnx.checker.check_model(edited)
    external_data.save(edited, path, path.parent)
    log(f"    {path.name}: GroupNorm statistics ({layers} layers, {groups} groups) and attention keys/values "
        f"as inputs")
    return {"layers": layers, "groups": groups}


def graph_plans(unet, vae, emb_dim, device="cpu"):
    """(name, module, make_inputs(dtype), input names, output names, dynamic axes) of the three graphs."""
    import torch
    from sd_models import Decoder, EncoderMean, UNetNoise
    c = vae.config.latent_channels
    f = 2 ** (len(vae.config.block_out_channels) - 1)
    # Small dummy sizes; latent 20x28 is not a multiple of 8, so diffusers traces the UNet's
    # upsample-to-skip-size path and the graph takes any latent size.
    return [
        ("encoder", EncoderMean(vae), lambda dt: (torch.randn(1, 3, 16 * f, 24 * f, dtype=dt, device=device),),
         ["image"], ["latent_mean"], {"image": {2: "height", 3: "width"}, "latent_mean": {2: "lh", 3: "lw"}}),
        ("unet", UNetNoise(unet), lambda dt: (torch.randn(1, c, 20, 28, dtype=dt, device=device),
                                             torch.tensor([999], dtype=torch.int64, device=device),
                                             torch.randn(1, 77, emb_dim, dtype=dt, device=device)),
         ["sample", "timestep", "encoder_hidden_states"], ["noise"],
         {"sample": {2: "lh", 3: "lw"}, "noise": {2: "lh", 3: "lw"}}),
        ("decoder", Decoder(vae), lambda dt: (torch.randn(1, c, 16, 24, dtype=dt, device=device),),
         ["latent"], ["image"], {"latent": {2: "lh", 3: "lw"}, "image": {2: "height", 3: "width"}}),
    ]


def export_graphs(unet, vae, emb_dim, out_dir, precision, vae_precision, device, opset, statistics=None):
    """Export encoder/unet/decoder ONNX graphs into ``out_dir``; returns the precision of each graph.
    Traced in float32 (fp16 graphs are converted afterwards, see fp16_graph). With a dict ``statistics``, the
    VAE graphs take GroupNorm statistics (gn_stats.py) and the dict receives their layer and group counts."""
    import torch
    graph_precision = {"unet": precision, "encoder": vae_precision, "decoder": vae_precision}
    for name, module, make_inputs, in_names, out_names, axes in graph_plans(unet, vae, emb_dim, device):
        torch.manual_seed(0)
        t0 = time.time()
        onnx_export(module.to(device).eval(), make_inputs(torch.float32), out_dir / f"{name}.onnx", in_names, out_names, axes,
                    opset, graph_precision[name])
        log(f"  {name}.onnx ({graph_precision[name]}) in {time.time() - t0:.1f} s")
        if name in ("encoder", "decoder") and statistics is not None:
            statistics[name] = add_statistics(out_dir / f"{name}.onnx")
    return graph_precision


def write_manifest(out_dir, args, vae, precision, emb, statistics=None):
    """model.json per docs/model-packs.md."""
    from pipeline import scaled_linear_alpha_bar
    manifest = {
        "format": 1,
        "kind": "one-step-latent",
        "name": f"{args.name} ({precision})",
        "description": args.description,
        "scale": 4,
        "precision": precision,
        "graphs": {"encoder": "encoder.onnx", "unet": "unet.onnx", "decoder": "decoder.onnx"},
        "latent": {"channels": vae.config.latent_channels, "factor": 2 ** (len(vae.config.block_out_channels) - 1),
                   "scalingFactor": float(vae.config.scaling_factor)},
        "scheduler": {"timestep": args.timestep, "prediction": "epsilon",
                      "alphaBar": round(scaled_linear_alpha_bar(args.timestep), 9)},
        "prompt": {"file": "prompt.bin", "shape": list(emb.shape)},
        "colorFix": args.color_fix,
        "tiles": {"latent": 96, "latentOverlap": 32, "encoder": 512, "encoderOverlap": 64,
                  "decoder": 64, "decoderOverlap": 16},
    }
    if statistics:
        manifest["statistics"] = statistics
    (out_dir / "model.json").write_text(json.dumps(manifest, indent=2) + "\n")
    emb.astype("<f4").tofile(out_dir / "prompt.bin")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_args(parser)
    parser.add_argument("--out", required=True, help="folder that receives <id>-<precision>/ packs")
    parser.add_argument("--id", default="osediff-x4", help="pack folder prefix (default osediff-x4)")
    parser.add_argument("--name", default="OSEDiff x4")
    parser.add_argument("--description", default="One-step diffusion SR (SD 2.1-base + LoRA), exported by models/export.")
    parser.add_argument("--precision", nargs="+", choices=["fp32", "fp16"], default=["fp32", "fp16"])
    parser.add_argument("--vae-precision", choices=["same", "fp32"], default="same",
                        help="fp32: keep encoder/decoder in fp32 in fp16 packs (if the fp16 VAE gives NaN/black)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--prompt", default=DEFAULT_PROMPT, help=f"fixed prompt (default: '{DEFAULT_PROMPT}')")
    group.add_argument("--prompt-embedding", help="precomputed embedding .npy/.pt [1,77,D] instead of --prompt")
    parser.add_argument("--timestep", type=int, default=999)
    parser.add_argument("--color-fix", choices=["adain", "wavelet", "none"], default="adain")
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--no-vae-statistics", action="store_true",
                        help="plain VAE graphs, without GroupNorm statistics inputs (gn_stats.py)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                        help="where to trace (auto: cuda if available; fp16 wants cuda)")
    args = parser.parse_args(argv)
    import_diffusers_from(args.diffusers_src)

    import torch
    from lora_merge import MergeError
    import sd_models
    device = "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    variant = "fp16" if args.sd_variant == "fp16" else None
    try:
        t0 = time.time()
        update = load_update(args)
        base = sd_models.load_base(args.sd, variant)
        log(f"loaded base {args.sd} in {time.time() - t0:.1f} s")
        if args.prompt_embedding:
            emb = sd_models.load_prompt_embedding(args.prompt_embedding)
        else:
            emb = sd_models.encode_prompt(base, args.prompt, variant)
        want = base.unet.config.cross_attention_dim
        if emb.shape != (1, 77, want):
            raise MergeError(f"expected a prompt embedding of shape [1, 77, {want}], found {list(emb.shape)}")
        unet, vae = sd_models.merged_models(base, update, args.lora_alpha)
        if update is not None:
            log(f"merged {len(update.unet_lora)} UNet + {len(update.vae_lora)} VAE LoRA modules, "
                f"replaced {len(update.unet_replace)} UNet tensors (lora_alpha {args.lora_alpha:g})")
    except MergeError as e:
        sys.exit(f"error: {e}")

    for precision in args.precision:
        out_dir = Path(args.out) / f"{args.id}-{precision}"
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True)
        vae_precision = "fp32" if args.vae_precision == "fp32" else precision
        log(f"exporting {out_dir} (UNet {precision}, VAE {vae_precision}) on {device}")
        statistics = None if args.no_vae_statistics else {}
        export_graphs(unet, vae, emb.shape[2], out_dir, precision, vae_precision, device, args.opset, statistics)
        write_manifest(out_dir, args, vae, precision, emb, statistics)
        total = sum(f.stat().st_size for f in out_dir.iterdir())
        log(f"wrote {out_dir}: {', '.join(sorted(os.listdir(out_dir)))} ({total / 2 ** 20:.0f} MiB)")


if __name__ == "__main__":
    main()
