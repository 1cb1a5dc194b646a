"""The shared-attention graph edit (attn_kv.py) on small VAEs of the real structure, after the GroupNorm edit
(as export.py applies both). Graphs run in tests/onnx_eval.py; the reference is the torch module with its
mid-block attention patched to attend to given keys/values."""

import os
import sys
import unittest

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import attn_kv  # noqa: E402
import gn_stats  # noqa: E402
import onnx_eval  # noqa: E402
import vae_torch  # noqa: E402
from test_gn_stats import CFG, export, feeds, photo_like  # noqa: E402


class GivenKeys:
    """Patches a VAE part's mid-block attention: records this run's k, v; attends to ``given`` (k, v) if set."""

    def __init__(self, part, given=None):
        self.att, self.given, self.kv = part.mid_block.attentions[0], given, None

    def __enter__(self):
        att, self.saved = self.att, self.att.forward

        def fwd(h):
            b, c, hh, ww = h.shape
            t = att.group_norm(h.view(b, c, hh * ww)).transpose(1, 2)
            q, k, v = att.to_q(t), att.to_k(t), att.to_v(t)
            self.kv = (k.numpy(), v.numpy())
            if self.given is not None:
                k, v = (torch.from_numpy(a) for a in self.given)
            probs = torch.softmax(torch.bmm(q, k.transpose(1, 2)) * att.scale, dim=-1)
            return att.to_out[0](torch.bmm(probs, v)).transpose(1, 2).reshape(b, c, hh, ww) + h
        att.forward = fwd
        return self

    def __exit__(self, *a):
        self.att.forward = self.saved


def attn_feeds(k=None, v=None, own=-np.inf, bias=None, dim=None):
    """Given keys (default: one token of zeros, left out: the plain graph), their biases (default 0 each) and
    the own keys' bias (default -inf: attend to the given keys only)."""
    if k is None:
        k = v = np.zeros((1, 1, dim), np.float32)
        own, bias = 0.0, np.full((1, 1), -np.inf)
    if bias is None:
        bias = np.zeros((1, k.shape[1]))
    return {"attn_k": k.astype(np.float32), "attn_v": v.astype(np.float32),
            "attn_bias": np.asarray(bias, np.float32).reshape(1, -1), "attn_own": np.array([own], np.float32)}


class EditTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        cls.vae = vae_torch.random_vae(3, **CFG)
        f = cls.vae.factor
        cls.parts = {}
        for part, module, torch_part, example, names in (
                ("encoder", vae_torch.EncoderMean(cls.vae), cls.vae.encoder, torch.zeros(1, 3, 6 * f, 4 * f),
                 ("image", "latent_mean")),
                ("decoder", vae_torch.DecoderImage(cls.vae), cls.vae.decoder, torch.zeros(1, 4, 6, 4),
                 ("latent", "image"))):
            plain, layers, groups = gn_stats.edit(export(module, example, *names))
            edited = attn_kv.edit(plain)
            onnx.checker.check_model(edited)
            cls.parts[part] = (module, torch_part, plain, edited, layers, groups, names)
        cls.image = photo_like(12 * f, 10 * f, 1)
        cls.other = photo_like(8 * f, 6 * f, 2)  # another picture, for keys/values that are not the run's own
        with torch.no_grad():
            cls.latent = vae_torch.EncoderMean(cls.vae)(torch.from_numpy(cls.image)).numpy()
            cls.other_latent = vae_torch.EncoderMean(cls.vae)(torch.from_numpy(cls.other)).numpy()

    def cases(self):
        f = self.vae.factor
        yield "encoder", self.image, self.other, self.image.shape[2] // f, self.image.shape[3] // f
        yield "decoder", self.latent, self.other_latent, self.latent.shape[2], self.latent.shape[3]

    def run_graph(self, part, x, lh, lw, **attn):
        module, torch_part, plain, edited, layers, groups, (iname, oname) = self.parts[part]
        out = onnx_eval.run(edited, {**feeds(iname, x, layers, groups, lh, lw), **attn})
        return out[oname], out["attn_k_own"], out["attn_v_own"]

    def test_ports(self):
        for part in ("encoder", "decoder"):
            edited = self.parts[part][3]
            self.assertEqual([i.name for i in edited.graph.input][-4:], list(attn_kv.INPUTS))
            self.assertEqual([o.name for o in edited.graph.output][-2:], list(attn_kv.OUTPUTS))
            dims = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim] for i in edited.graph.input}
            self.assertEqual(dims["attn_k"][0], 1)
            self.assertEqual(dims["attn_k"][2], 64)  # the mid block's channels, fixed in the graph
            with self.assertRaisesRegex(attn_kv.EditError, "edited twice"):
                attn_kv.edit(edited)

    def test_mix_zero_is_the_plain_graph_and_returns_the_run_s_own_keys(self):
        for part, x, _, lh, lw in self.cases():
            module, torch_part, plain, edited, layers, groups, (iname, oname) = self.parts[part]
            want = onnx_eval.run(plain, feeds(iname, x, layers, groups, lh, lw))[oname]
            with torch.no_grad(), GivenKeys(torch_part) as rec:
                module(torch.from_numpy(x))
            dim = rec.kv[0].shape[2]
            got, k, v = self.run_graph(part, x, lh, lw, **attn_feeds(dim=dim))
            self.assertLessEqual(np.abs(got - want).max(), 1e-6, part)
            self.assertEqual(k.shape, (1, lh * lw, dim))
            self.assertLessEqual(np.abs(k - rec.kv[0]).max(), 1e-4, part)
            self.assertLessEqual(np.abs(v - rec.kv[1]).max(), 1e-4, part)
            # its own keys fed back (instead of its own) reproduce the run
            again, _, _ = self.run_graph(part, x, lh, lw, **attn_feeds(k, v))
            self.assertLessEqual(np.abs(again - want).max(), 1e-5, part)
            # a bias is a log weight: each key twice at half weight, or its own and the given ones at full weight
            # (every key counted twice), is the same attention
            twice = attn_feeds(np.concatenate([k, k], 1), np.concatenate([v, v], 1), bias=np.full(2 * k.shape[1],
                                                                                                    np.log(0.5)))
            self.assertLessEqual(np.abs(self.run_graph(part, x, lh, lw, **twice)[0] - want).max(), 1e-5, part)
            both = attn_feeds(k, v, own=0.0)
            self.assertLessEqual(np.abs(self.run_graph(part, x, lh, lw, **both)[0] - want).max(), 1e-5, part)

    def test_mix_one_attends_to_the_given_keys_only(self):
        for part, x, other, lh, lw in self.cases():
            module, torch_part = self.parts[part][:2]
            with torch.no_grad(), GivenKeys(torch_part) as rec:
                module(torch.from_numpy(other))
            given = rec.kv
            with torch.no_grad(), GivenKeys(torch_part, given):
                want = module(torch.from_numpy(x)).numpy()
            got, k, _ = self.run_graph(part, x, lh, lw, **attn_feeds(*given))
            plain, _, _ = self.run_graph(part, x, lh, lw, **attn_feeds(dim=given[0].shape[2]))
            print(f"{part}: given keys vs torch max |d| {np.abs(got - want).max():.2e}, "
                  f"vs own keys {np.abs(got - plain).max():.2e}")
            self.assertLessEqual(np.abs(got - want).max(), 1e-4, part)
            self.assertGreater(np.abs(got - plain).max(), 1e-3, part)  # the given keys do change the result
            self.assertEqual(k.shape[1], lh * lw)  # the outputs stay the run's own

    def test_float16_attention_keeps_float32_ports(self):
        # The pattern diffusers' Attention (baddbmm with beta 0, upcast softmax) exports in a float16 graph.
        n, d = 6, 4
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1, "n", d])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT16, [1, "n", d])
        rng = np.random.default_rng(0)
        wq, wk, wv = (numpy_helper.from_array(rng.standard_normal((d, d)).astype(np.float16), name)
                      for name in ("wq", "wk", "wv"))
        nodes = [helper.make_node("MatMul", ["x", "wq"], ["q"]), helper.make_node("MatMul", ["x", "wk"], ["k"]),
                 helper.make_node("MatMul", ["x", "wv"], ["v"]),
                 helper.make_node("Transpose", ["k"], ["kt"], perm=[0, 2, 1]),
                 helper.make_node("MatMul", ["q", "kt"], ["qk"]),
                 helper.make_node("Constant", [], ["scale"], value=numpy_helper.from_array(np.array(0.5, np.float16))),
                 helper.make_node("Mul", ["qk", "scale"], ["s"]),
                 helper.make_node("Shape", ["qk"], ["qks"]),
                 helper.make_node("ConstantOfShape", ["qks"], ["empty"],
                                  value=numpy_helper.from_array(np.array([1], np.float16))),
                 helper.make_node("Constant", [], ["beta"], value=numpy_helper.from_array(np.array(0, np.float16))),
                 helper.make_node("Mul", ["empty", "beta"], ["zero"]),
                 helper.make_node("Add", ["s", "zero"], ["sb"]),
                 helper.make_node("Cast", ["sb"], ["s32"], to=TensorProto.FLOAT),
                 helper.make_node("Softmax", ["s32"], ["p32"], axis=-1),
                 helper.make_node("Cast", ["p32"], ["p"], to=TensorProto.FLOAT16),
                 helper.make_node("MatMul", ["p", "v"], ["y"])]
        model = helper.make_model(helper.make_graph(nodes, "attn16", [x], [y], [wq, wk, wv]),
                                  opset_imports=[helper.make_opsetid("", 17)])
        edited = attn_kv.edit(model)
        onnx.checker.check_model(edited)
        types = {i.name: i.type.tensor_type.elem_type for i in list(edited.graph.input) + list(edited.graph.output)}
        for name in attn_kv.INPUTS + attn_kv.OUTPUTS:
            self.assertEqual(types[name], TensorProto.FLOAT, name)
        xv = rng.standard_normal((1, n, d)).astype(np.float16)
        plain = onnx_eval.run(model, {"x": xv}, float_type=torch.float32)["y"]
        own = onnx_eval.run(edited, {"x": xv, **attn_feeds(dim=d)}, float_type=torch.float32)
        self.assertLessEqual(np.abs(own["y"].astype(np.float32) - plain.astype(np.float32)).max(), 1e-3)
        back = onnx_eval.run(edited, {"x": xv, **attn_feeds(own["attn_k_own"], own["attn_v_own"])},
                             float_type=torch.float32)
        self.assertLessEqual(np.abs(back["y"].astype(np.float32) - plain.astype(np.float32)).max(), 1e-2)

    def test_refuses_graphs_it_does_not_understand(self):
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])
        out = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])
        relu = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [out]))
        with self.assertRaisesRegex(attn_kv.EditError, "expected one attention"):
            attn_kv.edit(relu)
        soft = helper.make_model(helper.make_graph([helper.make_node("Softmax", ["x"], ["y"])], "g", [x], [out]))
        with self.assertRaisesRegex(attn_kv.EditError, "MatMul"):
            attn_kv.edit(soft)


if __name__ == "__main__":
    unittest.main()
