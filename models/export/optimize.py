"""Fuse a SharpStep one-step-latent pack's graphs for ONNX Runtime CUDA, optionally in float16.

    python3 models/export/optimize.py PACK_IN PACK_OUT [--fp16] [--vae-fp32]

Runs onnxruntime.transformers' Stable Diffusion fusions (model_type "unet" for the UNet, "vae" for the
encoder and decoder): multi-head attention (flash / memory-efficient kernels on CUDA), GroupNorm,
BiasSplitGelu, bias adds, channels-last convolution where the installed optimizer offers it. With --fp16 the
weights and arithmetic become float16 while the graph inputs and outputs stay float32 (keep_io_types), so
the app hands over float32 tiles without converting them. --vae-fp32 keeps encoder and decoder in float32
(fp16 VAEs can overflow: verify.py checks for it). The fused graphs use com.microsoft operators: they need
ONNX Runtime with the CUDA provider (the CPU provider lacks some of them), so keep the plain pack for CPU.
Needs the onnxruntime Python package (any build: the optimizer runs offline) and onnx.
"""
import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROLE_TYPES = {"unet": "unet", "encoder": "vae", "decoder": "vae"}


def log(msg):
    print(f"[optimize] {msg}", flush=True)


def _modules(suffix):
    """The optimizer's modules import one another by bare name, so a module may be loaded twice."""
    import sys
    return [m for name, m in list(sys.modules.items()) if m is not None and name.split(".")[-1] == suffix]


def tolerate_numpy2():
    """onnxruntime.transformers calls int() on one-element arrays, which NumPy 2 refuses ("only 0-dimensional
    arrays can be converted"): read the head count from such an array ourselves, and let a fusion that still
    fails be skipped (the graph stays correct, just less fused) instead of stopping the whole tool."""
    import numpy as np
    import onnxruntime.transformers.optimizer  # noqa: F401  (puts the optimizer's folder on sys.path)
    for module in _modules("fusion_attention_unet"):
        cls = module.FusionAttentionUnet

        def get_num_heads(self, reshape_q, is_torch2=False):
            if is_torch2:
                parent = self.model.get_parent(reshape_q, 1)
                if parent is not None and parent.op_type == "Concat" and len(parent.input) == 4:
                    value = self.model.get_constant_value(parent.input[2])
                    if isinstance(value, np.ndarray) and value.size == 1:
                        return int(value.reshape(-1)[0])
                return 0
            value = self.model.get_constant_value(reshape_q.input[1])
            if isinstance(value, np.ndarray) and list(value.shape) == [4]:
                return int(value[2])
            return 0

        cls.get_num_heads = get_num_heads
    for module in _modules("fusion_base"):
        original = module.Fusion.apply
        if getattr(original, "sharpstep_guard", False):
            continue

        def apply(self, _original=original):
            try:
                _original(self)
            except (TypeError, ValueError, AssertionError) as e:
                log(f"skipped fusion {type(self).__name__}: {e}")

        apply.sharpstep_guard = True
        module.Fusion.apply = apply


def optimize_graph(src: Path, dst: Path, model_type: str, fp16: bool):
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    tolerate_numpy2()
    t0 = time.time()
    options = FusionOptions(model_type)
    m = optimize_model(str(src), model_type=model_type, num_heads=0, hidden_size=0, opt_level=0,
                       optimization_options=options, use_gpu=True)
    if fp16:
        m.convert_float_to_float16(keep_io_types=True, op_block_list=["RandomNormalLike", "Resize"])
    big = sum(t.ByteSize() for t in m.model.graph.initializer) > 1_900_000_000
    m.save_model_to_file(str(dst), use_external_data_format=big)
    ops = {}
    for n in m.model.graph.node:
        if n.domain == "com.microsoft":
            ops[n.op_type] = ops.get(n.op_type, 0) + 1
    log(f"{src.name}: {model_type} fusions {ops or 'none'}, {'fp16' if fp16 else 'fp32'}"
        f"{' (external data)' if big else ''} in {time.time() - t0:.1f} s")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pack_in", type=Path)
    p.add_argument("pack_out", type=Path)
    p.add_argument("--fp16", action="store_true", help="float16 weights and arithmetic, float32 I/O")
    p.add_argument("--vae-fp32", action="store_true", help="keep encoder and decoder float32")
    args = p.parse_args()
    manifest = json.loads((args.pack_in / "model.json").read_text())
    if manifest.get("kind") != "one-step-latent":
        sys.exit(f"error: expected a one-step-latent pack, found kind {manifest.get('kind')!r}")
    if manifest.get("precision") != "fp32":
        sys.exit("error: expected an fp32 pack to start from (fusions must run before the fp16 conversion), "
                 f"found {manifest.get('precision')!r}")
    if args.pack_out.exists():
        sys.exit(f"error: {args.pack_out} already exists")
    args.pack_out.mkdir(parents=True)
    for role, model_type in ROLE_TYPES.items():
        name = manifest["graphs"][role]
        half = args.fp16 and not (args.vae_fp32 and role != "unet")
        optimize_graph(args.pack_in / name, args.pack_out / name, model_type, half)
    shutil.copyfile(args.pack_in / manifest["prompt"]["file"], args.pack_out / manifest["prompt"]["file"])
    manifest["precision"] = "fp16" if args.fp16 else "fp32"
    manifest["name"] = manifest.get("name", "pack") + (" (fused, CUDA" + (", fp16" if args.fp16 else "") + ")")
    manifest["description"] = (manifest.get("description", "") + " Graphs fused by models/export/optimize.py "
                               "for ONNX Runtime CUDA.").strip()
    (args.pack_out / "model.json").write_text(json.dumps(manifest, indent=2))
    log(f"wrote {args.pack_out}")


if __name__ == "__main__":
    main()
