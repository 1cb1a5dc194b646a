"""A small ONNX interpreter on torch tensors (float64 by default), for the graph-edit tests.

Debian has no onnxruntime for Python; this runs the operators that torch's TorchScript exporter writes for a
VAE plus the ones gn_stats.py adds, following the ONNX operator definitions. An operator it does not know
stops it with its name, so it never guesses. The Java tests run the same graphs in ONNX Runtime.
"""

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

_TYPES = {1: torch.float32, 10: torch.float16, 11: torch.float64, 6: torch.int32, 7: torch.int64, 9: torch.bool}


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def _reshape(x, shape):
    shape = _ints(shape)
    shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(shape)


def _resize(x, roi, scales, sizes, a):
    if a.get("mode", b"nearest") not in (b"nearest", "nearest"):
        raise NotImplementedError(f"Resize mode {a.get('mode')}")
    if sizes is not None and sizes.numel():
        out = _ints(sizes)
    else:
        out = [int(np.floor(s * f)) for s, f in zip(x.shape, scales.tolist())]
    ctm = a.get("coordinate_transformation_mode", b"half_pixel")
    ctm = ctm.decode() if isinstance(ctm, bytes) else ctm
    if ctm != "asymmetric" or a.get("nearest_mode", b"round_prefer_floor") not in (b"floor", "floor"):
        raise NotImplementedError(f"Resize {ctm} / {a.get('nearest_mode')}")
    idx = [torch.floor(torch.arange(o, dtype=torch.float64) * (s / o)).long().clamp(max=s - 1)
           for s, o in zip(x.shape, out)]
    for dim, ix in enumerate(idx):
        x = x.index_select(dim, ix)
    return x


def _conv(x, w, b, a):
    pads = a.get("pads", [0] * 4)
    if pads[0] != pads[2] or pads[1] != pads[3]:
        x = F.pad(x, (pads[1], pads[3], pads[0], pads[2]))
        pads = [0, 0, 0, 0]
    return F.conv2d(x, w, b, stride=a.get("strides", [1, 1]), padding=(pads[0], pads[1]),
                    dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))


def _reduce(fn, x, axes, a):
    axes = _ints(axes) if axes is not None else a.get("axes")
    keep = bool(a.get("keepdims", 1))
    if axes is None:
        axes = list(range(x.dim()))
    return fn(x, dim=[ax % x.dim() for ax in axes], keepdim=keep)


def _slice(x, starts, ends, axes=None, steps=None):
    starts, ends = _ints(starts), _ints(ends)
    axes = _ints(axes) if axes is not None else list(range(len(starts)))
    steps = _ints(steps) if steps is not None else [1] * len(starts)
    for s, e, ax, st in zip(starts, ends, axes, steps):
        n = x.shape[ax % x.dim()]
        s = s + n if s < 0 else s
        e = e + n if e < 0 else e
        if st > 0:
            s, e = max(0, min(n, s)), max(0, min(n, e))
        else:
            s, e = max(-1, min(n - 1, s)), max(-1, min(n - 1, e))
        x = x.index_select(ax % x.dim(), torch.arange(s, e, st, dtype=torch.int64))
    return x


def _pad(x, pads, value=None, a=None):
    p = _ints(pads)
    r = x.dim()
    flat = []
    for d in reversed(range(r)):
        flat += [p[d], p[d + r]]
    v = 0.0 if value is None or value.numel() == 0 else float(value.reshape(-1)[0])
    if a.get("mode", b"constant") not in (b"constant", "constant"):
        raise NotImplementedError("Pad mode")
    return F.pad(x, flat, value=v)


def run(model, feeds, float_type=torch.float64):
    """Evaluates ``model`` (ModelProto) on ``feeds`` (name -> numpy); returns name -> numpy for every
    graph output. Floating values are computed in ``float_type`` unless a Cast says otherwise."""
    env = {}

    def tensor(arr):
        t = torch.from_numpy(np.array(arr))
        return t.to(float_type) if t.is_floating_point() else t

    for init in model.graph.initializer:
        env[init.name] = tensor(numpy_helper.to_array(init))
    for k, v in feeds.items():
        env[k] = tensor(v)
    for node in model.graph.node:
        a = _attrs(node)
        x = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            out = tensor(numpy_helper.to_array(a["value"]))
        elif op == "Identity":
            out = x[0]
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            out = {"Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div,
                   "Pow": torch.pow}[op](x[0], x[1])
            if op == "Div" and not out.is_floating_point():
                out = torch.div(x[0], x[1], rounding_mode="trunc")
        elif op == "Sqrt":
            out = torch.sqrt(x[0])
        elif op == "Log":
            out = torch.log(x[0])
        elif op == "Sigmoid":
            out = torch.sigmoid(x[0])
        elif op == "Softmax":
            out = torch.softmax(x[0], dim=a.get("axis", -1))
        elif op == "MatMul":  # float16 in float32 (torch has no CPU half bmm), then the wider of the two types
            wide = torch.promote_types(x[0].dtype, x[1].dtype)
            out = torch.matmul(x[0].float(), x[1].float()).to(wide) if torch.float16 in (x[0].dtype, x[1].dtype) \
                else torch.matmul(x[0], x[1])
        elif op == "Gemm":
            A = x[0].T if a.get("transA", 0) else x[0]
            B = x[1].T if a.get("transB", 0) else x[1]
            out = a.get("alpha", 1.0) * A @ B + (a.get("beta", 1.0) * x[2] if len(x) > 2 else 0)
        elif op == "Conv":
            out = _conv(x[0], x[1], x[2] if len(x) > 2 else None, a)
        elif op == "Reshape":
            out = _reshape(x[0], x[1])
        elif op == "Transpose":
            out = x[0].permute(*a["perm"])
        elif op == "Shape":
            out = torch.tensor(list(x[0].shape), dtype=torch.int64)
        elif op == "Gather":
            ix = x[1]
            out = torch.index_select(x[0], a.get("axis", 0), ix.reshape(-1)).reshape(
                list(x[0].shape[:a.get("axis", 0)]) + list(ix.shape) + list(x[0].shape[a.get("axis", 0) + 1:]))
        elif op == "Unsqueeze":
            out = x[0]
            for ax in sorted(_ints(x[1])):
                out = out.unsqueeze(ax)
        elif op == "Squeeze":
            out = x[0]
            for ax in sorted(_ints(x[1]), reverse=True):
                out = out.squeeze(ax)
        elif op == "Concat":
            out = torch.cat(x, dim=a["axis"])
        elif op == "Slice":
            out = _slice(*x)
        elif op == "Cast":
            out = x[0].to(_TYPES[a["to"]])
        elif op == "Tile":
            out = x[0].repeat(*_ints(x[1]))
        elif op == "Expand":
            out = x[0] * torch.ones(_ints(x[1]), dtype=x[0].dtype)
        elif op == "ConstantOfShape":
            v = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            out = tensor(np.full(_ints(x[0]), v.reshape(-1)[0], dtype=v.dtype))
        elif op == "ReduceMean":
            out = _reduce(torch.mean, x[0], x[1] if len(x) > 1 else None, a)
        elif op == "ReduceSum":
            out = _reduce(torch.sum, x[0], x[1] if len(x) > 1 else None, a)
        elif op == "ReduceProd":
            out = x[0].reshape(-1).prod().reshape([1] * x[0].dim() if a.get("keepdims", 1) else [])
            if a.get("axes") not in (None, list(range(x[0].dim()))):
                raise NotImplementedError("ReduceProd over some axes")
        elif op == "InstanceNormalization":
            v = x[0]
            dims = list(range(2, v.dim()))
            mu = v.mean(dim=dims, keepdim=True)
            var = ((v - mu) ** 2).mean(dim=dims, keepdim=True)
            shape = [1, -1] + [1] * (v.dim() - 2)
            out = (v - mu) / torch.sqrt(var + a.get("epsilon", 1e-5)) * x[1].reshape(shape) + x[2].reshape(shape)
        elif op == "Resize":
            out = _resize(x[0], *(x[1:] + [None] * (4 - len(x))), a)
        elif op == "Pad":
            out = _pad(x[0], x[1], x[2] if len(x) > 2 else None, a)
        else:
            raise NotImplementedError(f"operator {op} ({node.name})")
        env[node.output[0]] = out
    return {o.name: env[o.name].numpy() for o in model.graph.output}
