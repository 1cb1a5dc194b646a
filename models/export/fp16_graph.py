"""float32 ONNX graph -> float16 graph with float16 inputs and outputs, the way a float16 trace of the
diffusers models computes: weights and activations in float16, while values computed only from integers
(the timestep, shapes) and constants stay float32 up to the first Gemm/MatMul/Conv, where they are cast
(diffusers' ``t_emb.to(dtype=sample.dtype)`` before ``time_embedding``). Resize's roi/scales stay float32
(ONNX requires it).

Tracing in float16 needs CUDA with torch's CPU kernels of 1.13, so the export traces float32 everywhere
and converts with this module: the same float16 graph on any machine.
"""

import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT, HALF = TensorProto.FLOAT, TensorProto.FLOAT16
_WEIGHTED = {"Gemm", "MatMul", "Conv", "ConvTranspose"}
_FLOAT32_SLOTS = {"Resize": {1, 2}}  # roi, scales
_INT_TYPES = {TensorProto.INT64, TensorProto.INT32, TensorProto.INT16, TensorProto.INT8, TensorProto.UINT8,
              TensorProto.BOOL, TensorProto.UINT16, TensorProto.UINT32, TensorProto.UINT64}


def _elem_types(model):
    """Element type of every tensor, from ONNX shape inference over the graph (weights not needed)."""
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    g = inferred.graph
    types = {v.name: v.type.tensor_type.elem_type for v in list(g.value_info) + list(g.input) + list(g.output)}
    types.update({t.name: t.data_type for t in g.initializer})
    for n in g.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            types[n.output[0]] = n.attribute[0].t.data_type
    return types


def _attr(node, name):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return None


def convert(model):
    """Convert ``model`` (ModelProto, weights may be external) in place; returns the names of the float32
    initializers that must be stored as float16."""
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    const_nodes = {n.output[0]: n for n in g.node if n.op_type == "Constant"}
    constants = set(inits) | set(const_nodes) | {""}
    types = _elem_types(model)
    ints = {name for name, t in types.items() if t in _INT_TYPES}
    # Island: nodes computed from integers and constants only (not through weighted ops); stay float32.
    island_tensors, island_nodes = set(), set()
    for idx, n in enumerate(g.node):
        if n.op_type == "Constant":
            continue
        ins = list(n.input)
        from_ints = [i for i in ins if i in ints or i in island_tensors]
        if n.op_type not in _WEIGHTED and from_ints and all(i in constants or i in ints or i in island_tensors
                                                            for i in ins):
            island_nodes.add(idx)
            island_tensors.update(o for o in n.output if types.get(o) == FLOAT)
            unknown = [o for o in n.output if o not in types]
            if unknown:
                raise ValueError(f"fp16 conversion: no type inferred for {unknown[0]} (node {n.name})")
    # Which constants are read in float32 (by the island or a float32 slot) and which in float16.
    read32, read16 = set(), set()
    for idx, n in enumerate(g.node):
        for slot, name in enumerate(n.input):
            if name not in inits and name not in const_nodes:
                continue
            keep = idx in island_nodes or slot in _FLOAT32_SLOTS.get(n.op_type, ())
            (read32 if keep else read16).add(name)
    half = set()
    renames = {}
    new_inits = []
    for name in sorted(read16):
        if name in inits and inits[name].data_type == FLOAT:
            if name in read32:  # both: a float16 copy for the float16 readers
                copy = TensorProto()
                copy.CopyFrom(inits[name])
                copy.name = name + "_fp16"
                new_inits.append(copy)
                renames[name] = copy.name
                half.add(copy.name)
            else:
                half.add(name)
    g.initializer.extend(new_inits)
    nodes = []
    cast_of = {}
    for idx, n in enumerate(g.node):
        if n.op_type == "Constant":
            nodes.append(n)
            out = n.output[0]
            t = n.attribute[0].t if n.attribute and n.attribute[0].name == "value" else None
            if t is not None and t.data_type == FLOAT and out in read16:
                arr = numpy_helper.to_array(t).astype("float16")
                node16 = helper.make_node("Constant", [], [out + "_fp16"] if out in read32 else [out],
                                          value=numpy_helper.from_array(arr, t.name))
                if out in read32:
                    nodes.append(node16)
                    renames[out] = out + "_fp16"
                else:
                    nodes[-1] = node16
            continue
        if idx not in island_nodes:
            for slot, name in enumerate(n.input):
                keep32 = slot in _FLOAT32_SLOTS.get(n.op_type, ())
                if not keep32 and name in renames:
                    n.input[slot] = renames[name]
                elif not keep32 and name in island_tensors:
                    if name not in cast_of:
                        cast_of[name] = name + "_to_fp16"
                        nodes.append(helper.make_node("Cast", [name], [cast_of[name]], to=HALF))
                    n.input[slot] = cast_of[name]
            if n.op_type == "Cast" and _attr(n, "to") == FLOAT:
                for a in n.attribute:
                    if a.name == "to":
                        a.i = HALF
            if n.op_type == "ConstantOfShape":
                for a in n.attribute:
                    if a.name == "value" and a.t.data_type == FLOAT:
                        a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype("float16"), a.t.name))
        nodes.append(n)
    del g.node[:]
    g.node.extend(nodes)
    for v in list(g.input) + list(g.output):
        if v.type.tensor_type.elem_type == FLOAT:
            v.type.tensor_type.elem_type = HALF
    del g.value_info[:]
    return half
