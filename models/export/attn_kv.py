#!/usr/bin/env python3
"""Let a VAE graph's mid-block attention attend to keys and values given from outside, so that tiles can all
attend to one set (an estimate of the whole image's) instead of each to its own (docs/benchmarks.md, "Tiled
VAE": per-tile attention is what limits the encoder's seams once GroupNorm statistics are shared).

    python attn_kv.py IN.onnx OUT.onnx

The graph must hold exactly one attention (one Softmax), as every SD VAE part does, in the form torch's
TorchScript exporter writes for diffusers' Attention / a plain bmm attention:

    scores = MatMul(q [B,N,d], Transpose(k [B,N,d], perm 0,2,1)) -> elementwise (Mul/Div by a constant, Add of
             a zero tensor (baddbmm's beta=0 term), Cast) -> Softmax(axis -1) -> Cast? -> MatMul(., v [B,N,d])

It becomes, with the given keys/values k', v' [1,M,d]:

    s  = scores of q against k  (as before)            + attn_own
    s' = scores of q against k' (the same elementwise) + attn_bias   (one value per given key)
    Softmax over [s, s'] (keys axis), times [v; v']

A bias is the log of the weight a key gets, as if it stood for that many tokens: 0 = one token, log r = r
tokens (a key of an r-times shrunk estimate of the whole image), -inf = left out. attn_own 0 with one given
key of bias -inf is the plain graph (exp(-inf) = 0); attn_own -inf attends to the given keys only; attn_own 0
with an estimate's keys outside the tile at log r and those inside it at -inf approximates attention over the
whole image: the tile's own tokens exactly, the rest through the estimate.
New inputs: ``attn_k``, ``attn_v`` float[1,M,d] (d fixed in the graph, M >= 1), ``attn_bias`` float[1,M],
``attn_own`` float[1]; new outputs ``attn_k_own``, ``attn_v_own`` float[1,N,d]: this run's own k and v
(N = the latent's h·w), to give to other runs. All float32, also in float16 graphs (cast at the boundary).
One head (B·heads = 1), as in every SD VAE.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper

import gn_stats

INPUTS = ("attn_k", "attn_v", "attn_bias", "attn_own")
OUTPUTS = ("attn_k_own", "attn_v_own")


class EditError(Exception):
    pass


def _constant(graph, name):
    value = gn_stats._initializer(graph, name)
    return value is not None


def _is_zero(graph, prod, name):
    """Whether ``name`` is a tensor of zeros: ConstantOfShape(0), a zero constant, or either times anything."""
    value = gn_stats._initializer(graph, name)
    if value is not None:
        return bool(np.all(value == 0))
    p = prod.get(name)
    if p is None:
        return False
    if p.op_type == "ConstantOfShape":
        v = next((a.t for a in p.attribute if a.name == "value"), None)
        return v is None or bool(np.all(onnx.numpy_helper.to_array(v) == 0))
    if p.op_type == "Mul":
        return any(_is_zero(graph, prod, i) for i in p.input)
    if p.op_type == "Cast":
        return _is_zero(graph, prod, p.input[0])
    return False


def find(model):
    """The attention's parts: dict(softmax, scores (the MatMul q·kᵀ), path (the elementwise nodes from it to
    the softmax, in order, each with the index of its input on the path; None for a Cast), q, k, v, out (the
    MatMul probs·v))."""
    graph = model.graph
    prod = gn_stats._producers(graph)
    softmaxes = [n for n in graph.node if n.op_type == "Softmax"]
    if len(softmaxes) != 1:
        raise EditError(f"expected one attention (Softmax) in the graph, found {len(softmaxes)}")
    sm = softmaxes[0]
    axis = next((a.i for a in sm.attribute if a.name == "axis"), -1)
    if axis not in (-1, 2):
        raise EditError(f"expected a Softmax over the last axis, found axis {axis}")
    path, cur = [], sm.input[0]
    while True:
        p = prod.get(cur)
        if p is None:
            raise EditError(f"expected the Softmax's input to come from MatMul(q, kᵀ), found the graph input {cur}")
        if p.op_type == "MatMul":
            scores = p
            break
        if p.op_type == "Cast":
            path.append((p, None))
            cur = p.input[0]
        elif p.op_type in ("Mul", "Div") and _constant(graph, p.input[1]):
            path.append((p, 0))
            cur = p.input[0]
        elif p.op_type == "Mul" and _constant(graph, p.input[0]):
            path.append((p, 1))
            cur = p.input[1]
        elif p.op_type == "Add" and (_is_zero(graph, prod, p.input[0]) or _is_zero(graph, prod, p.input[1])):
            cur = p.input[1] if _is_zero(graph, prod, p.input[0]) else p.input[0]
        else:
            raise EditError(f"expected Cast, Mul/Div by a constant or Add of zeros between q·kᵀ and the Softmax, "
                            f"found {p.op_type} {p.name}")
    path.reverse()
    kt = prod.get(scores.input[1])
    perm = next((list(a.ints) for a in kt.attribute if a.name == "perm"), None) if kt is not None else None
    if kt is None or kt.op_type != "Transpose" or perm != [0, 2, 1]:
        raise EditError(f"expected the keys as Transpose(k [B,N,d], perm [0,2,1]), found "
                        f"{kt.op_type + ' ' + str(perm) if kt is not None else 'a graph input'}")
    probs, out = sm.output[0], None
    consumers = [n for n in graph.node if probs in n.input]
    while len(consumers) == 1 and consumers[0].op_type == "Cast":
        probs = consumers[0].output[0]
        consumers = [n for n in graph.node if probs in n.input]
    if len(consumers) != 1 or consumers[0].op_type != "MatMul" or consumers[0].input[0] != probs:
        raise EditError(f"expected the Softmax's output to go to MatMul(probs, v), found "
                        f"{[n.op_type for n in consumers]}")
    out = consumers[0]
    return dict(softmax=sm, scores=scores, path=path, q=scores.input[0], k=kt.input[0], v=out.input[1], out=out)


def _projection_width(graph, name):
    """The channel count of the keys from their projection (Add of a [d] bias or MatMul by a [C,d] weight),
    looked for through the reshapes between them, when shape inference lost it (one head: d = all channels)."""
    prod = gn_stats._producers(graph)
    for _ in range(8):
        p = prod.get(name)
        if p is None:
            return None
        for i in p.input:
            dims = _dims(graph, i)
            if p.op_type == "Add" and dims is not None and len(dims) == 1:
                return int(dims[0])
            if p.op_type == "MatMul" and dims is not None and len(dims) == 2:
                return int(dims[1])
        name = p.input[0] if p.op_type != "Add" else next((i for i in p.input if _dims(graph, i) is None),
                                                          p.input[0])
    return None


def _dims(graph, name):
    """An initializer's or Constant's dims (without reading its data), else None."""
    for t in graph.initializer:
        if t.name == name:
            return list(t.dims)
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return list(n.attribute[0].t.dims)
    return None


def edit(model):
    """Returns the edited model (a new ModelProto)."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    taken = {i.name for i in graph.input} | {o for n in graph.node for o in n.output}
    for name in INPUTS + OUTPUTS:
        if name in taken:
            raise EditError(f"expected a graph without '{name}', found one (edited twice?)")
    a = find(model)
    types, shapes = gn_stats._elem_types(model)
    dtype = types.get(a["k"], TensorProto.UNDEFINED)
    dim = (shapes.get(a["k"]) or [None])[-1] or _projection_width(graph, a["k"])
    if not dim:
        raise EditError(f"expected the attention's keys {a['k']} to have a fixed channel count, found "
                        f"{shapes.get(a['k'])}")
    if dtype == TensorProto.UNDEFINED:
        raise EditError(f"expected the element type of the attention's keys {a['k']}, found none")
    s_type = types.get(a["softmax"].input[0], dtype)
    nodes = []

    def n(op, ins, out, **kw):
        nodes.append(helper.make_node(op, ins, ["attn/" + out], name="attn/" + out, **kw))
        return "attn/" + out

    def to(x, t, out):
        return n("Cast", [x], out, to=t) if t != TensorProto.FLOAT else x

    gk = to("attn_k", dtype, "k16")
    gv = to("attn_v", dtype, "v16")
    s = n("MatMul", [a["q"], n("Transpose", [gk], "kt", perm=[0, 2, 1])], "scores")
    for i, (node, data_at) in enumerate(a["path"]):
        attrs = {x.name: helper.get_attribute_value(x) for x in node.attribute}
        if data_at is None:
            s = n(node.op_type, [s], f"path{i}", **attrs)
        else:
            ins = list(node.input)
            ins[data_at] = s
            s = n(node.op_type, ins, f"path{i}", **attrs)
    own_bias = to("attn_own", s_type, "own_bias")
    given_bias = to("attn_bias", s_type, "given_bias")  # [1,M] broadcast over the queries of [1,N,M]
    own = n("Add", [a["softmax"].input[0], own_bias], "own_scores")
    given = n("Add", [s, given_bias], "given_scores")
    joined = n("Concat", [own, given], "all_scores", axis=-1)
    values = n("Concat", [a["v"], gv], "all_values", axis=1)
    a["softmax"].input[0] = joined
    a["out"].input[1] = values
    for x, out, node in ((a["k"], "attn_k_own", "k_own"), (a["v"], "attn_v_own", "v_own")):  # float32 outputs
        cast = {"to": TensorProto.FLOAT} if dtype != TensorProto.FLOAT else {}
        nodes.append(helper.make_node("Cast" if cast else "Identity", [x], [out], name="attn/" + node, **cast))
    ordered = topological(list(graph.node) + nodes,
                          {i.name for i in graph.input} | {t.name for t in graph.initializer} | set(INPUTS))
    del graph.node[:]
    graph.node.extend(ordered)
    graph.input.extend([
        helper.make_tensor_value_info("attn_k", TensorProto.FLOAT, [1, "attn_m", dim]),
        helper.make_tensor_value_info("attn_v", TensorProto.FLOAT, [1, "attn_m", dim]),
        helper.make_tensor_value_info("attn_bias", TensorProto.FLOAT, [1, "attn_m"]),
        helper.make_tensor_value_info("attn_own", TensorProto.FLOAT, [1]),
    ])
    graph.output.extend([
        helper.make_tensor_value_info("attn_k_own", TensorProto.FLOAT, [1, "attn_n", dim]),
        helper.make_tensor_value_info("attn_v_own", TensorProto.FLOAT, [1, "attn_n", dim]),
    ])
    return model


def topological(nodes, available):
    """``nodes`` in an order where each comes after the producers of its inputs, otherwise as given."""
    made = set(available) | {""}
    left, out = list(nodes), []
    while left:
        ready = [n for n in left if all(i in made for i in n.input)]
        if not ready:
            raise EditError(f"expected an acyclic graph, found {len(left)} nodes waiting on each other")
        ready_ids = {id(n) for n in ready}
        for n in ready:
            out.append(n)
            made.update(n.output)
        left = [n for n in left if id(n) not in ready_ids]
    return out


def edit_file(src, dst):
    """Edits ``src`` into ``dst`` (one file, no external data)."""
    edited = edit(onnx.load(str(src)))
    onnx.checker.check_model(edited)
    onnx.save(edited, str(dst))


def main(argv=None):
    gn_stats.edit_cli(__doc__, edit_file, EditError,
                      lambda dst, _: f"{dst}: the attention takes attn_k, attn_v, attn_bias, attn_own", argv)


if __name__ == "__main__":
    main()
