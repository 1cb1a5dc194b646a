"""How SharpStep packs store graph weights: one canonical layout that the Java pack builder
(io.sharpstep.install.TemplateBinder) writes byte for byte the same.

``<name>.onnx`` holds the graph; every initializer of at least ``THRESHOLD`` bytes lives in
``<name>.onnx.data``, in graph order, each at an offset that is a multiple of ``ALIGN`` (zero padding in
between); smaller initializers stay in the graph as ``raw_data``. Equal weights therefore give equal
weight files (SHA-256), whatever wrote them.
"""

import os
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

THRESHOLD = 1024
ALIGN = 64


def tensor_bytes(tensor, source_dir):
    """The little-endian bytes of an initializer, wherever the exporter put them (raw_data, typed fields
    or an external file relative to ``source_dir``)."""
    if tensor.data_location == TensorProto.EXTERNAL:
        info = {e.key: e.value for e in tensor.external_data}
        with open(Path(source_dir) / info["location"], "rb") as f:
            f.seek(int(info.get("offset", 0)))
            length = info.get("length")
            return f.read(int(length)) if length is not None else f.read()
    if tensor.HasField("raw_data"):
        return tensor.raw_data
    return numpy_helper.to_array(tensor).astype(numpy_helper.to_array(tensor).dtype.newbyteorder("<")).tobytes()


def to_float16(data):
    """float32 bytes -> float16 bytes, round to nearest even (numpy's cast; overflow -> inf)."""
    return np.frombuffer(data, dtype="<f4").astype("<f2").tobytes()


def save(model, path, source_dir, half=frozenset()):
    """Write ``model`` to ``path`` in the canonical layout. Initializer bytes are read one at a time from
    ``source_dir`` (where the exporter left them); names in ``half`` are float32 initializers to store as
    float16. The model proto is changed in place."""
    path = Path(path)
    data_name = path.name + ".data"
    tmp_data = path.with_name(data_name + ".tmp")
    offset = 0
    with open(tmp_data, "wb") as out:
        for t in model.graph.initializer:
            data = tensor_bytes(t, source_dir)
            if t.name in half:
                if t.data_type != TensorProto.FLOAT:
                    raise ValueError(f"{t.name}: expected a float32 initializer to halve, found type {t.data_type}")
                data = to_float16(data)
                t.data_type = TensorProto.FLOAT16
            for field in ("float_data", "int32_data", "int64_data", "double_data", "uint64_data", "string_data"):
                t.ClearField(field)
            del t.external_data[:]
            t.ClearField("raw_data")
            if len(data) >= THRESHOLD:
                pad = -offset % ALIGN
                out.write(b"\0" * pad)
                offset += pad
                out.write(data)
                t.data_location = TensorProto.EXTERNAL
                for k, v in (("location", data_name), ("offset", str(offset)), ("length", str(len(data)))):
                    e = t.external_data.add()
                    e.key, e.value = k, v
                offset += len(data)
            else:
                t.data_location = TensorProto.DEFAULT
                t.raw_data = data
    tmp_model = path.with_name(path.name + ".tmp")
    with open(tmp_model, "wb") as f:
        f.write(model.SerializeToString())
    os.replace(tmp_data, path.with_name(data_name))
    os.replace(tmp_model, path)


def load_graph(path):
    """A model proto without its external data (small, whatever the weights' size)."""
    return onnx.load(str(path), load_external_data=False)
