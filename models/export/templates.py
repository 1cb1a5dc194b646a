#!/usr/bin/env python3
"""Template mode of the export: the pack's graphs WITHOUT their weights, plus a binding table saying where
each removed weight comes from, so the app can build a pack from the public release files without Python
(io.sharpstep.install.TemplateBinder). The graphs stay what export.py makes: they are exported here by the
same code, from random weights of the real shapes.

    python3 models/export/templates.py --diffusers-src .ext/diffusers-0.25.0 --config sd21 \\
        --out src/main/resources/io/sharpstep/install/templates/sd21

1. builds the UNet, VAE and CLIP text encoder of ``--config`` with seeded random weights, every tensor
   distinct (norms included), and an OSEDiff-shaped random LoRA (gpu_proof.fake_osediff, torch.save'd and
   read back as export.py does), merged with lora_merge;
2. exports encoder/unet/decoder in fp32 and fp16 (export.onnx_export) and the text encoder in fp32; the
   encoder and decoder get export.py's GroupNorm-statistics edit (export.add_statistics, gn_stats.py), whose
   layer and group counts go to the graph's ``statistics`` in bindings.json (the pack's model.json says them);
3. matches every initializer to the merged parameter it holds (same bytes: ``identity``, also for a mere
   reshape such as GroupNorm's [C] -> [C,1,1]; or ``transpose`` of a 2-D weight, Linear -> MatMul W^T), in
   the graph's precision; an initializer that is no parameter is a graph constant and stays in the template;
4. writes ``<graph>-<precision>.onnx.gz`` (bound initializers keep name, type and dims but no data) and
   ``bindings.json``. Every parameter must be bound somewhere, every graph constant must be no parameter.
   bindings.json also holds the scheduler's alphaBar as export.py writes it (diffusers' float32 schedule,
   which Java's double-precision one misses in the 9th digit), so the app's model.json is export.py's.

Needs torch, onnx and diffusers (0.25 runs on Debian's torch 1.13; see diffusers_compat).

Hook for new graph variants: the graphs come from export.graph_plans + export.onnx_export, then the edits
export.export_graphs applies (today: export.add_statistics on the VAE graphs); an edit made the same way here
reaches the templates unchanged. New graph inputs need no bindings; a new initializer must be a parameter or a
constant.
"""

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FORMAT = 1
TIMESTEP = 999  # export.py's default --timestep, the one the app's packs use
# The graphs export.py gives GroupNorm-statistics inputs (export.export_graphs).
STATISTICS_GRAPHS = ("encoder", "decoder")
T0 = time.time()


def log(msg):
    print(f"[templates {time.time() - T0:6.1f}s] {msg}", flush=True)


def configs(name):
    import clip_text
    import sd_models
    if name == "sd21":
        return sd_models.SD21_UNET_CONFIG, sd_models.SD21_VAE_CONFIG, clip_text.SD21_TEXT_CONFIG
    if name == "ci":
        return sd_models.CI_UNET_CONFIG, sd_models.CI_VAE_CONFIG, clip_text.CI_TEXT_CONFIG
    raise SystemExit(f"error: expected --config sd21 or ci, found {name}")


def distinct_random(model, gen):
    """Seeded random values in every parameter, none equal to another (norm weights included)."""
    import torch
    with torch.no_grad():
        for _, p in sorted(model.named_parameters()):
            scale = float(p.std()) if p.numel() > 1 and float(p.std()) > 0 else 0.02
            p.add_(torch.randn(p.shape, generator=gen) * scale * 0.5 + torch.randn(p.shape, generator=gen) * 1e-3)


def digest(data):
    return hashlib.sha1(data).hexdigest()


def param_table(sources, half):
    """sha1 of each layout of each parameter (as stored in a graph of that precision) -> (source, key, layout)."""
    import numpy as np
    table = {}
    for source, model in sources.items():
        for key, p in model.state_dict().items():
            a = p.detach().float().contiguous().numpy()
            if half:
                a = a.astype(np.float16)
            layouts = {"identity": a}
            if a.ndim == 2:
                layouts["transpose"] = np.ascontiguousarray(a.T)
            for layout, arr in layouts.items():
                h = digest(arr.astype(arr.dtype.newbyteorder("<")).tobytes())
                if h in table:
                    raise SystemExit(f"error: two parameters with equal bytes ({table[h][1]}, {key}): not distinct")
                table[h] = (source, key, layout, list(p.shape))
    return table


def strip(graph_path, table, out_path):
    """Template of one exported graph: bound initializers lose their data. Returns the bindings."""
    import external_data
    from onnx import TensorProto
    model = external_data.load_graph(graph_path)
    bindings = []
    for t in model.graph.initializer:
        data = external_data.tensor_bytes(t, graph_path.parent)
        hit = table.get(digest(data)) if t.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16) else None
        if hit is None:
            if len(data) >= 2 ** 20:
                raise SystemExit(f"error: {graph_path.name}: initializer {t.name} ({len(data)} bytes) matches no "
                                 f"parameter: the graph computes with weights in a way the binder cannot rebuild")
            del t.external_data[:]
            t.data_location = TensorProto.DEFAULT
            t.raw_data = data
            continue
        source, key, layout, shape = hit
        bindings.append({"name": t.name, "source": source, "key": key, "layout": layout, "shape": shape,
                         "dims": list(t.dims)})
        del t.external_data[:]
        t.data_location = TensorProto.DEFAULT
        t.ClearField("raw_data")
    with gzip.GzipFile(out_path, "wb", mtime=0) as f:
        f.write(model.SerializeToString())
    return bindings


def make(args):
    import torch
    from export import add_statistics, graph_plans, import_diffusers_from, onnx_export
    import_diffusers_from(args.diffusers_src)
    import attn_kv
    import checkpoints
    import clip_text
    import gn_stats
    import gpu_proof
    import pipeline
    from diffusers_compat import model_classes
    unet_cls, vae_cls = model_classes()
    ucfg, vcfg, tcfg = configs(args.config)
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)
    unet, vae = unet_cls(**ucfg).eval(), vae_cls(**vcfg).eval()
    text = clip_text.ClipTextModel(tcfg).eval()
    for m in (unet, vae, text):
        distinct_random(m, gen)
    log(f"random models: UNet {sum(p.numel() for p in unet.parameters()) / 1e6:.1f} M, "
        f"VAE {sum(p.numel() for p in vae.parameters()) / 1e6:.1f} M, "
        f"text {sum(p.numel() for p in text.parameters()) / 1e6:.1f} M parameters")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        tmp = Path(tmp)
        gpu_proof.fake_osediff(unet, vae, tmp / "osediff.pkl", args.seed + 1)
        update = checkpoints.load_osediff(tmp / "osediff.pkl")
        unet_sd, vae_sd = checkpoints.apply_update(unet.state_dict(), vae.state_dict(), update)
        unet.load_state_dict(unet_sd)
        vae.load_state_dict(vae_sd)
        del unet_sd, vae_sd
        sources = {"unet": unet, "vae": vae, "text_encoder": text}
        graphs = {}
        for precision in ("fp32", "fp16"):
            table = param_table(sources, precision == "fp16")
            plans = graph_plans(unet, vae, tcfg["hidden_size"])
            if precision == "fp32":
                plans.append(("text_encoder", text, lambda dt: (torch.tensor([clip_text.DEFAULT_PROMPT_IDS]),),
                              ["input_ids"], ["last_hidden_state"], {}))
            for name, module, make_inputs, in_names, out_names, axes in plans:
                t0 = time.time()
                path = tmp / precision / f"{name}.onnx"
                path.parent.mkdir(exist_ok=True)
                torch.manual_seed(0)
                onnx_export(module.eval(), make_inputs(torch.float32), path, in_names, out_names, axes,
                            args.opset, precision)
                stats = add_statistics(path) if name in STATISTICS_GRAPHS else None
                if stats is not None:
                    in_names = in_names + list(gn_stats.INPUTS) + list(attn_kv.INPUTS)
                    out_names = out_names + [gn_stats.OUTPUT] + list(attn_kv.OUTPUTS)
                file = f"{name}-{precision}.onnx.gz"
                bindings = strip(path, table, out / file)
                entry = graphs.setdefault(name, {"inputs": in_names, "outputs": out_names, "files": {},
                                                 "bindings": bindings})
                if stats is not None and entry.setdefault("statistics", stats) != stats:
                    raise SystemExit(f"error: {name}: fp16 and fp32 graphs have different GroupNorm layers")
                entry["files"][precision] = file
                same = [(b["name"], b["source"], b["key"], b["layout"]) for b in bindings]
                first = [(b["name"], b["source"], b["key"], b["layout"]) for b in entry["bindings"]]
                if same != first:
                    raise SystemExit(f"error: {name}: fp16 and fp32 graphs bind different initializers")
                for f in path.parent.glob(f"{name}.onnx*"):
                    f.unlink()
                log(f"{file}: {len(bindings)} weights bound, {(out / file).stat().st_size / 1024:.0f} KiB, "
                    f"{time.time() - t0:.1f} s")
    for source, model in sources.items():
        bound = {b["key"] for g in graphs.values() for b in g["bindings"] if b["source"] == source}
        unbound = sorted(set(model.state_dict()) - bound)
        if unbound:
            raise SystemExit(f"error: {source}: parameters in no graph: {unbound[:5]}")
    ck = update.osediff
    doc = {
        "format": FORMAT,
        "config": args.config,
        "made_by": "models/export/templates.py",
        "torch": torch.__version__,
        "diffusers": __import__("diffusers").__version__,
        "opset": args.opset,
        "sources": {
            "unet": {"config": ucfg, "tensors": len(unet.state_dict())},
            "vae": {"config": vcfg, "tensors": len(vae.state_dict())},
            "text_encoder": {"config": tcfg, "tensors": len(text.state_dict())},
        },
        "osediff": {
            "unet_lora_modules": sorted({m for k in checkpoints.UNET_ADAPTERS.values() for m in ck[k]}),
            "vae_lora_modules": sorted(set(ck["vae_lora_encoder_modules"])),
            "unet_replaced": sorted(update.unet_replace),
            "lora_alpha": checkpoints.PEFT_DEFAULT_LORA_ALPHA,
        },
        "scheduler": {"timestep": TIMESTEP, "alphaBar": round(pipeline.scaled_linear_alpha_bar(TIMESTEP), 9)},
        "prompt": {"graph": "text_encoder", "input_ids": clip_text.DEFAULT_PROMPT_IDS, "text": clip_text.DEFAULT_PROMPT},
        "graphs": graphs,
    }
    (out / "bindings.json").write_text(json.dumps(doc, indent=1) + "\n")
    log(f"wrote {out}/bindings.json")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--diffusers-src", help="a diffusers src/ folder (v0.25.0 on torch 1.13)")
    parser.add_argument("--config", choices=["sd21", "ci"], default="sd21")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--work", help="folder for the temporary full graphs (default: system temp)")
    make(parser.parse_args(argv))


if __name__ == "__main__":
    main()
