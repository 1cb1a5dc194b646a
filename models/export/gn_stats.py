#!/usr/bin/env python3
"""Give a VAE graph's GroupNorms statistics from outside (docs: ../shared/docs/tiled-vae.md).

    python gn_stats.py IN.onnx OUT.onnx

Every GroupNorm of the graph, as torch's TorchScript exporter writes it
(``Reshape(x,[0,G,-1]) -> InstanceNormalization(ones, zeros, eps) -> Reshape(Shape(x)) -> Mul(γ) -> Add(β)``)
or as one ``GroupNormalization`` node (opset 18: scale/bias per group; opset 21: per channel), becomes, for
layer k (graph order):

    μt, σ²t = mean and variance of x over each group, weighted by the pixel mask gn_weight (float32)
    μ  = μt  + gn_mix[k]·(gn_mean[k] − μt)
    σ² = σ²t + gn_mix[k]·(gn_var[k]  − σ²t)
    out = (x − μ) / sqrt(σ² + eps)          (then γ, β as before)

New graph inputs: ``gn_mean`` float[L,G], ``gn_var`` float[L,G], ``gn_mix`` float[L] (0 = the graph's own
statistics, as before the edit; 1 = the given ones) and ``gn_weight`` float[1,1,h,w]: a per-pixel weight at
the latent resolution (the encoder's output size, the decoder's input size), repeated (nearest) to every
layer's resolution; it only changes which pixels μt and σ²t are taken over (all ones = the plain graph).
New output ``gn_stats`` float[L,2,G]: each layer's μt and σ²t in this run. All of it is float32, also in
float16 graphs (x is cast to float32 for the statistics and the normalisation, the result cast back).
A GroupNorm over a 3-D tensor [1,C,N] (the VAE's mid-block attention) is weighted with gn_weight flattened,
so N must be the latent h·w (true for every SD VAE: the mid block runs at the latent resolution).
Constants left unused by the edit are dropped. All layers must have the same number of groups.
"""

import argparse
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

INPUTS = ("gn_mean", "gn_var", "gn_mix", "gn_weight")
OUTPUT = "gn_stats"


class EditError(Exception):
    pass


def _const(graph_nodes, name, array):
    graph_nodes.append(helper.make_node("Constant", [], [name], value=numpy_helper.from_array(array, name)))
    return name


def _producers(graph):
    return {o: n for n in graph.node for o in n.output}


def _initializer(graph, name):
    for t in graph.initializer:
        if t.name == name:
            return numpy_helper.to_array(t)
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return numpy_helper.to_array(n.attribute[0].t)
    return None


def _elem_types(model):
    """value name -> element type, from shape inference (inputs, outputs, intermediate values)."""
    inferred = shape_inference.infer_shapes(model)
    types, shapes = {}, {}
    g = inferred.graph
    for v in list(g.input) + list(g.output) + list(g.value_info):
        t = v.type.tensor_type
        types[v.name] = t.elem_type
        shapes[v.name] = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
    for t in g.initializer:
        types[t.name] = t.data_type
        shapes[t.name] = list(t.dims)
    return types, shapes


def find_layers(model):
    """The GroupNorms in graph order: list of dicts (node, x (the un-reshaped input), groups, eps, kind)."""
    graph = model.graph
    prod = _producers(graph)
    layers = []
    for node in graph.node:
        if node.op_type == "InstanceNormalization":
            reshape = prod.get(node.input[0])
            if reshape is None or reshape.op_type != "Reshape":
                raise EditError(f"expected InstanceNormalization {node.name} to follow a Reshape(x, [0, G, -1]), "
                                f"found {reshape.op_type if reshape else 'a graph input'}")
            target = _initializer(graph, reshape.input[1])
            scale = _initializer(graph, node.input[1])
            bias = _initializer(graph, node.input[2])
            if target is None or list(target[:2]) != [0, len(scale)] or target[2] != -1:
                raise EditError(f"expected Reshape to [0, {len(scale)}, -1] before {node.name}, found {target}")
            eps = next((a.f for a in node.attribute if a.name == "epsilon"), 1e-5)
            layers.append(dict(node=node, kind="in", x=reshape.input[0], xr=node.input[0], groups=len(scale),
                               eps=eps, scale=scale, bias=bias))
        elif node.op_type == "GroupNormalization":
            attrs = {a.name: a for a in node.attribute}
            groups = attrs["num_groups"].i
            eps = attrs["epsilon"].f if "epsilon" in attrs else 1e-5
            layers.append(dict(node=node, kind="gn", x=node.input[0], xr=None, groups=groups, eps=eps,
                               scale=node.input[1], bias=node.input[2]))
    return layers


def _consumers(graph, name):
    return [n for n in graph.node if name in n.input]


def _rank(graph, layer, shapes):
    """The rank of the GroupNorm's input: from shape inference, else from the γ after the exporter's pattern
    (Reshape back, then Mul by γ of shape [C,1,1] (rank 4) or [C,1] (rank 3))."""
    known = shapes.get(layer["x"])
    if known:
        return len(known)
    if layer["kind"] == "in":
        for back in _consumers(graph, layer["node"].output[0]):
            for mul in _consumers(graph, back.output[0]) if back.op_type == "Reshape" else []:
                if mul.op_type == "Mul":
                    for i in mul.input:
                        gamma = _initializer(graph, i)
                        if gamma is not None and gamma.ndim in (2, 3):
                            return gamma.ndim + 1
    else:
        return 4
    # Neither: a convolution's output (or arithmetic on one) is an image [1,C,H,W]; the attention's GroupNorm
    # reads a [1,C,H·W] view made by Reshape/Transpose.
    producer = _producers(graph).get(layer["x"])
    if producer is not None and producer.op_type in ("Conv", "Add", "Mul", "Div", "Resize", "Pad", "Sigmoid"):
        return 4
    if producer is not None and producer.op_type in ("Reshape", "Transpose", "Flatten"):
        return 3
    raise EditError(f"expected GroupNorm input {layer['x']} of a known rank (3 or 4), found none")


def _dtype_from_consumers(graph, layer):
    """x's element type when shape inference lost it: InstanceNormalization's / GroupNormalization's scale
    has the type of x (the exporter writes ones of x's type)."""
    scale = layer["node"].input[1]
    for t in graph.initializer:
        if t.name == scale:
            return t.data_type
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == scale:
            return n.attribute[0].t.data_type
    raise EditError(f"expected the element type of GroupNorm input {layer['x']}, found none")


def _opset(model):
    return next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)


def edit(model):
    """Returns the edited model (a new ModelProto) and the number of layers and groups."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    layers = find_layers(model)
    if not layers:
        raise EditError("expected GroupNorms (InstanceNormalization or GroupNormalization), found none")
    groups = {l["groups"] for l in layers}
    if len(groups) != 1:
        raise EditError(f"expected one group count for every GroupNorm, found {sorted(groups)}")
    g_count = groups.pop()
    n_layers = len(layers)
    graph = model.graph
    taken = {i.name for i in graph.input}
    for name in INPUTS + (OUTPUT,):
        if name in taken or any(name in n.output for n in graph.node):
            raise EditError(f"expected a graph without '{name}', found one (edited twice?)")
    types, shapes = _elem_types(model)
    per_channel_affine = _opset(model) >= 21

    new_nodes = []
    pre = []  # shared constants, emitted first
    c_axes23 = _const(pre, "gn/axes23", np.array([2, 3], dtype=np.int64))
    c_two = _const(pre, "gn/two", np.array(2, dtype=np.int64))
    c_hw = _const(pre, "gn/hw_start", np.array([2], dtype=np.int64))
    c_end = _const(pre, "gn/hw_end", np.array([2 ** 62], dtype=np.int64))
    c_11 = _const(pre, "gn/ones2", np.array([1, 1], dtype=np.int64))
    c_flat = _const(pre, "gn/flat", np.array([1, 1, 1, -1], dtype=np.int64))
    c_group_split = _const(pre, "gn/group_split", np.array([1, g_count, -1], dtype=np.int64))
    c_group = _const(pre, "gn/group_shape", np.array([1, g_count, 1, 1], dtype=np.int64))
    c_row = _const(pre, "gn/row_shape", np.array([1, 1, g_count], dtype=np.int64))
    c_group_reshape = _const(pre, "gn/group_reshape", np.array([0, g_count, -1], dtype=np.int64))
    stats_outputs = []
    replaced = {}
    for k, layer in enumerate(layers):
        node, p = layer["node"], f"gn{k}/"
        x = layer["x"]
        rank = _rank(graph, layer, shapes)
        dtype = types.get(x, TensorProto.UNDEFINED)
        if dtype == TensorProto.UNDEFINED:
            dtype = _dtype_from_consumers(graph, layer)
        ops = []

        def n(op, ins, outs, **kw):
            ops.append(helper.make_node(op, ins, [p + o for o in outs], name=p + outs[0], **kw))
            return p + outs[0]

        xr = layer["xr"] if layer["kind"] == "in" else n("Reshape", [x, c_group_reshape], ["xr"])
        xf = n("Cast", [xr], ["xf"], to=TensorProto.FLOAT) if dtype != TensorProto.FLOAT else xr
        # x as [1, G, C/G, pixels], so that the pixel weights [1, 1, 1, pixels] broadcast over each group.
        shape = n("Shape", [x], ["shape"])
        pixels = n("ReduceProd", [n("Slice", [shape, c_hw, c_end], ["spatial"])], ["pixels"], keepdims=1)
        x4 = n("Reshape", [xf, n("Concat", [c_group_split, pixels], ["x4shape"], axis=0)], ["x4"])
        if rank == 4:
            sizes = n("Concat", [c_11, n("Slice", [shape, c_hw, c_end], ["hw"])], ["sizes"], axis=0)
            mask = n("Resize", ["gn_weight", "", "", sizes], ["mask"], mode="nearest",
                     coordinate_transformation_mode="asymmetric", nearest_mode="floor")
        else:
            mask = "gn_weight"
        w = n("Reshape", [mask, c_flat], ["w"])
        cpg = n("Cast", [n("Gather", [n("Shape", [x4], ["x4s"]), c_two], ["cpg_i"], axis=0)], ["cpg"],
                to=TensorProto.FLOAT)
        total = n("Mul", [n("ReduceSum", [w, c_axes23], ["wsum"], keepdims=1), cpg], ["total"])
        mu_t = n("Div", [n("ReduceSum", [n("Mul", [x4, w], ["xw"]), c_axes23], ["sx"], keepdims=1), total],
                 ["mu_t"])
        d = n("Sub", [x4, mu_t], ["d"])
        var_t = n("Div", [n("ReduceSum", [n("Mul", [n("Mul", [d, d], ["d2"]), w], ["d2w"]), c_axes23], ["sd2"],
                                       keepdims=1), total], ["var_t"])
        kk = _const(pre, p + "k", np.array(k, dtype=np.int64))
        mean_k = n("Reshape", [n("Gather", ["gn_mean", kk], ["mean_k"], axis=0), c_group], ["mean_g"])
        var_k = n("Reshape", [n("Gather", ["gn_var", kk], ["var_k"], axis=0), c_group], ["var_g"])
        mix_k = n("Gather", ["gn_mix", kk], ["mix_k"], axis=0)
        mu = n("Add", [mu_t, n("Mul", [mix_k, n("Sub", [mean_k, mu_t], ["dmu"])], ["mdmu"])], ["mu"])
        var = n("Add", [var_t, n("Mul", [mix_k, n("Sub", [var_k, var_t], ["dvar"])], ["mdvar"])], ["var"])
        eps = _const(pre, p + "eps", np.array(layer["eps"], dtype=np.float32))
        inv = n("Div", [_const(pre, p + "one", np.array(1.0, dtype=np.float32)),
                        n("Sqrt", [n("Add", [var, eps], ["var_eps"])], ["std"])], ["inv"])
        y = n("Reshape", [n("Mul", [n("Sub", [x4, mu], ["xc"]), inv], ["y4"]), n("Shape", [xf], ["xrshape"])], ["y"])
        stats_outputs.append(n("Concat", [n("Reshape", [mu_t, c_row], ["mu_row"]),
                                          n("Reshape", [var_t, c_row], ["var_row"])], ["stats"], axis=1))
        out_name = node.output[0]
        if layer["kind"] == "in":
            scale, bias = layer["scale"], layer["bias"]
            if not np.all(scale == 1):
                y = n("Mul", [y, _const(pre, p + "in_scale", scale.astype(np.float32).reshape(1, -1, 1))], ["ys"])
            if not np.all(bias == 0):
                y = n("Add", [y, _const(pre, p + "in_bias", bias.astype(np.float32).reshape(1, -1, 1))], ["yb"])
            cast_to = dtype
            final_in = y
        else:
            scale, bias = layer["scale"], layer["bias"]
            if not per_channel_affine:  # opset 18: γ, β per group, applied on [1,G,M]
                sc = n("Reshape", [n("Cast", [scale], ["scf"], to=TensorProto.FLOAT), c_group], ["scg"])
                bc = n("Reshape", [n("Cast", [bias], ["bcf"], to=TensorProto.FLOAT), c_group], ["bcg"])
                y = n("Add", [n("Mul", [y, sc], ["yg"]), bc], ["ygb"])
            cast_to = dtype
            final_in = y
        if cast_to != TensorProto.FLOAT:
            final_in = n("Cast", [final_in], ["ycast"], to=cast_to)
        if layer["kind"] == "in":
            ops.append(helper.make_node("Identity", [final_in], [out_name], name=p + "out"))
        else:
            back = n("Reshape", [final_in, n("Shape", [x], ["xshape"])], ["back"])
            if per_channel_affine:
                cshape = _const(pre, p + "cshape", np.array([-1] + [1] * (len(x_shape) - 2), dtype=np.int64))
                back = n("Add", [n("Mul", [back, n("Reshape", [scale, cshape], ["scc"])], ["yc"]),
                                 n("Reshape", [bias, cshape], ["bcc"])], ["ycb"])
            ops.append(helper.make_node("Identity", [back], [out_name], name=p + "out"))
        replaced[id(node)] = ops

    for node in graph.node:
        if id(node) in replaced:
            new_nodes.extend(replaced[id(node)])
        else:
            new_nodes.append(node)
    new_nodes.append(helper.make_node("Concat", stats_outputs, [OUTPUT], name="gn/stats", axis=0))
    del graph.node[:]
    graph.node.extend(pre + new_nodes)
    graph.input.extend([
        helper.make_tensor_value_info("gn_mean", TensorProto.FLOAT, [n_layers, g_count]),
        helper.make_tensor_value_info("gn_var", TensorProto.FLOAT, [n_layers, g_count]),
        helper.make_tensor_value_info("gn_mix", TensorProto.FLOAT, [n_layers]),
        helper.make_tensor_value_info("gn_weight", TensorProto.FLOAT, [1, 1, "gn_h", "gn_w"]),
    ])
    graph.output.append(helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, [n_layers, 2, g_count]))
    drop_unused(model)
    return model, n_layers, g_count


def drop_unused(model):
    """Removes initializers and Constant nodes that no node or graph output reads any more."""
    graph = model.graph
    while True:
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        dead = [n for n in graph.node if n.op_type == "Constant" and n.output[0] not in used]
        for n in dead:
            graph.node.remove(n)
        if not dead:
            break
    used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
    keep = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    inputs = [i for i in graph.input if i.name in used or i.name in INPUTS or not _is_init(graph, i.name)]
    del graph.input[:]
    graph.input.extend(inputs)


def _is_init(graph, name):
    return any(t.name == name for t in graph.initializer)


def edit_file(src, dst):
    """Edits ``src`` into ``dst`` (both paths; one file, no external data); returns (layers, groups)."""
    model = onnx.load(str(src))
    edited, layers, groups = edit(model)
    onnx.checker.check_model(edited)
    onnx.save(edited, str(dst))
    return layers, groups


def edit_cli(doc, edit_file_fn, error, done, argv=None):
    """``python SCRIPT.py IN.onnx OUT.onnx`` for a graph edit: ``done(dst, result)`` is the line printed after it,
    an ``error`` is one line on stderr and exit status 1. Shared by gn_stats.py and attn_kv.py."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src")
    parser.add_argument("dst")
    args = parser.parse_args(argv)
    try:
        result = edit_file_fn(args.src, args.dst)
    except error as e:
        sys.exit(f"error: {e}")
    print(done(args.dst, result))


def main(argv=None):
    edit_cli(__doc__, edit_file, EditError,
             lambda dst, r: f"{dst}: {r[0]} GroupNorm layers, {r[1]} groups", argv)


if __name__ == "__main__":
    main()
