#!/usr/bin/python3
# Rebuilds nsfwjs's trained MobileNetV2 (the Keras 2 `.h5` fixture, model_config + model_weights read with
# h5py) in PyTorch, channels-first, every pad written with F.pad exactly as TensorFlow pads (TF `same`:
# total = max(k - s, 0) or max(k - (n mod s), 0), the odd pixel at the end; ZeroPadding2D as given), checks it
# against the TF.js oracle beside the `.h5`, and exports it with torch.onnx.export so that the ONNX importer
# can be checked on a trained PyTorch export (issue 16, "ONNX on trained exports").
#
# usage: /usr/bin/python3 torch_export_check.py OUT_DIR [FIXTURE_DIR]     (FIXTURE_DIR: /work/shared/fixtures/keras)
# writes into OUT_DIR:
#   nsfw_mobilenet_v2.opset13.onnx, .opset17.onnx (if the installed torch can export opset 17)
#                        output: the LOGITS (input of the last Dense's softmax), input NCHW [N, 3, 224, 224]
#   input_nchw.npy       the oracle input transposed NHWC -> NCHW
#   torch_logits.npy     PyTorch float32 logits
#   grad64_nchw.npy      PyTorch float64 gradient of sum_n -log softmax(logits)[n, label_n], NCHW
#   labels.txt           the oracle labels, comma-separated (for ModelCheck --labels)
# then, given Java's results (ModelCheck --out-output O.npy --out-grad G.npy on the .onnx):
#   /usr/bin/python3 torch_export_check.py --compare OUT_DIR O.npy G.npy [FIXTURE_DIR]
# prints the Java output and gradient against the oracle and against PyTorch float64, and the float32 floor.
import sys, os, json
import numpy as np, h5py, torch, torch.nn as nn, torch.nn.functional as F

NAME = "nsfw_mobilenet_v2"


def same_pads(n, k, s):
    """TensorFlow's `same` padding of one spatial axis: (before, after), the odd pixel after."""
    total = max(k - s, 0) if n % s == 0 else max(k - n % s, 0)
    return total // 2, total - total // 2


class KerasGraph(nn.Module):
    """The Keras functional graph evaluated in config order, NCHW, with the `.h5` weights."""

    def __init__(self, h5path):
        super().__init__()
        f = h5py.File(h5path, "r")
        cfg = json.loads(f.attrs["model_config"])["config"]
        mw = f["model_weights"]
        self.layers = cfg["layers"]
        self.output_name = cfg["output_layers"][0][0]
        self.params = nn.ParameterDict()
        for l in self.layers:
            name = l["config"]["name"]
            if name not in mw:
                continue
            g = mw[name]
            for w in g.attrs["weight_names"]:
                w = w.decode() if isinstance(w, bytes) else w
                a = np.array(g[w], dtype=np.float32)
                short = w.split("/")[-1].split(":")[0]
                if short == "kernel" and a.ndim == 4:  # HWIO -> OIHW
                    a = a.transpose(3, 2, 0, 1)
                elif short == "depthwise_kernel":  # H W C M -> (C*M) 1 H W
                    h, wd, c, m = a.shape
                    a = a.reshape(h, wd, c * m).transpose(2, 0, 1)[:, None]
                elif short == "kernel" and a.ndim == 2:  # [in, out] -> [out, in]
                    a = a.T
                self.params[name + "__" + short] = nn.Parameter(torch.from_numpy(np.ascontiguousarray(a)),
                                                                requires_grad=False)

    def p(self, name, short):
        key = name + "__" + short
        return self.params[key] if key in self.params else None

    def forward(self, x, logits=True):
        vals = {}
        for l in self.layers:
            c, name, kind = l["config"], l["config"]["name"], l["class_name"]
            ins = [vals[i[0]] for i in l["inbound_nodes"][0]] if l["inbound_nodes"] else [x]
            y = ins[0]
            if kind == "InputLayer":
                pass
            elif kind == "ZeroPadding2D":
                (t, b), (lft, r) = c["padding"]
                y = F.pad(y, (lft, r, t, b))
            elif kind in ("Conv2D", "DepthwiseConv2D"):
                kh, kw = c["kernel_size"]
                sh, sw = c["strides"]
                assert tuple(c.get("dilation_rate", (1, 1))) == (1, 1), name
                if c["padding"] == "same":
                    pt, pb = same_pads(y.shape[2], kh, sh)
                    pl, pr = same_pads(y.shape[3], kw, sw)
                    if pt or pb or pl or pr:
                        y = F.pad(y, (pl, pr, pt, pb))
                else:
                    assert c["padding"] == "valid", name
                if kind == "Conv2D":
                    y = F.conv2d(y, self.p(name, "kernel"), self.p(name, "bias"), (sh, sw))
                else:
                    wt = self.p(name, "depthwise_kernel")
                    y = F.conv2d(y, wt, self.p(name, "bias"), (sh, sw), groups=y.shape[1])
                y = self.act(y, c["activation"], name)
            elif kind == "BatchNormalization":
                assert c["axis"] in (-1, 3), name
                y = F.batch_norm(y, self.p(name, "moving_mean"), self.p(name, "moving_variance"),
                                 self.p(name, "gamma") if c["scale"] else None,
                                 self.p(name, "beta") if c["center"] else None,
                                 training=False, eps=c["epsilon"])
            elif kind == "ReLU":
                assert c.get("negative_slope", 0) == 0 and c.get("threshold", 0) == 0, name
                mv = c.get("max_value")
                y = F.relu6(y) if mv == 6 else (torch.clamp(y, 0, mv) if mv is not None else F.relu(y))
            elif kind == "Add":
                y = ins[0]
                for z in ins[1:]:
                    y = y + z
            elif kind == "AveragePooling2D":
                assert c["padding"] == "valid", name
                y = F.avg_pool2d(y, c["pool_size"], c["strides"])
            elif kind == "GlobalAveragePooling2D":
                y = y.mean(dim=(2, 3))
            elif kind == "Flatten":
                y = y.permute(0, 2, 3, 1).reshape(y.shape[0], -1)  # Keras flattens NHWC
            elif kind == "Dropout":
                pass
            elif kind == "Dense":
                y = F.linear(y, self.p(name, "kernel"), self.p(name, "bias"))
                last = name == self.output_name
                y = y if (last and logits and c["activation"] == "softmax") else self.act(y, c["activation"], name)
            else:
                raise ValueError("layer " + name + ": unsupported class " + kind)
            vals[name] = y
        return vals[self.output_name]

    @staticmethod
    def act(y, a, name):
        if a == "linear":
            return y
        if a == "relu":
            return F.relu(y)
        if a == "softmax":
            return F.softmax(y, dim=1)
        raise ValueError("layer " + name + ": unsupported activation " + a)


class Logits(nn.Module):
    def __init__(self, g):
        super().__init__()
        self.g = g

    def forward(self, x):
        return self.g(x, logits=True)


def ce_grad(model, x, labels):
    xi = x.clone().requires_grad_(True)
    z = model(xi)
    loss = -torch.log_softmax(z, dim=1)[torch.arange(z.shape[0]), labels].sum()
    g, = torch.autograd.grad(loss, xi)
    return z.detach(), g.numpy(), float(loss)


def rel(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def nchw(a):
    return np.ascontiguousarray(a.transpose(0, 3, 1, 2))


def load_fixture(fix):
    meta = json.load(open(os.path.join(fix, NAME + ".json")))
    ld = lambda s: np.load(os.path.join(fix, NAME + "." + s + ".npy"))
    return meta, ld("input"), ld("output"), ld("logits"), ld("grad")


def floor(model32, model64, x, labels, g64):
    """Float32 noise floor as /work/shared/tools/gradient_floor.py computes it (PyTorch float32 at the input
    and at inputs 1e-6 away, against float64 at the input), and float32 against float64 at the same
    perturbed inputs (the part that is rounding alone, not the gradient's own jumps at kinks)."""
    worst, same = rel(ce_grad(model32, x, labels)[1], g64), 0.0
    for seed in range(4):
        xs = x + 1e-6 * torch.rand(x.shape, generator=torch.Generator().manual_seed(seed))
        gs = ce_grad(model32, xs, labels)[1]
        worst = max(worst, rel(gs, g64))
        same = max(same, rel(gs, ce_grad(model64, xs.double(), labels)[1]))
    return worst, same


def main(out, fix):
    os.makedirs(out, exist_ok=True)
    meta, xin, out_o, logits_o, grad_o = load_fixture(fix)
    labels = torch.tensor(meta["labels"])
    x = torch.from_numpy(nchw(xin))
    g = KerasGraph(os.path.join(fix, NAME + ".h5")).eval()
    model = Logits(g).eval()
    z, g32, loss = ce_grad(model, x, labels)
    probs = torch.softmax(z, 1).numpy()
    print(f"torch f32: probs vs oracle max abs {np.abs(probs - out_o).max():.3e}, logits vs oracle max abs "
          f"{np.abs(z.numpy() - logits_o).max():.3e} (largest |logit| {np.abs(logits_o).max():.3f}), "
          f"loss {loss:.7f} (oracle {meta['objective_value']:.7f})")
    print(f"torch f32: grad vs oracle rel L2 {rel(nchw_to_nhwc(g32), grad_o):.3e}")
    model64 = copy_double(model)
    _, g64, _ = ce_grad(model64, x.double(), labels)
    fl, same = floor(model, model64, x, labels, g64)
    print(f"torch f64: grad vs oracle rel L2 {rel(nchw_to_nhwc(g64), grad_o):.3e}; torch f32 vs f64 {rel(g32, g64):.3e}; "
          f"float32 floor (gradient_floor.py: f32 at inputs 1e-6 away vs f64 at the input) {fl:.3e}; "
          f"f32 vs f64 at those same perturbed inputs, worst {same:.3e}")
    np.save(os.path.join(out, "input_nchw.npy"), x.numpy())
    np.save(os.path.join(out, "torch_logits.npy"), z.numpy())
    np.save(os.path.join(out, "grad64_nchw.npy"), g64)
    open(os.path.join(out, "labels.txt"), "w").write(",".join(str(int(v)) for v in labels) + "\n")
    for opset in (13, 17):
        p = os.path.join(out, f"{NAME}.opset{opset}.onnx")
        try:
            torch.onnx.export(model, x[:1], p, opset_version=opset, input_names=["input"], output_names=["logits"],
                              dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
            import onnx
            ops = sorted({n.op_type for n in onnx.load(p).graph.node})
            print(f"exported {p} ({os.path.getsize(p) / 1e6:.1f} MB), operators {ops}")
        except Exception as e:  # an older torch may not export opset 17
            print(f"opset {opset}: export failed: {type(e).__name__}: {e}")


def copy_double(model):
    import copy
    return copy.deepcopy(model).double()


def nchw_to_nhwc(a):
    return np.ascontiguousarray(a.transpose(0, 2, 3, 1))


def compare(out, o_path, g_path, fix):
    meta, xin, out_o, logits_o, grad_o = load_fixture(fix)
    o = np.load(o_path).astype(np.float64)
    gj = np.load(g_path)
    g64 = np.load(os.path.join(out, "grad64_nchw.npy"))
    zt = np.load(os.path.join(out, "torch_logits.npy"))
    p = np.exp(o - o.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    print(f"java: logits vs oracle logits max abs {np.abs(o - logits_o).max():.3e}, vs torch f32 logits "
          f"{np.abs(o - zt).max():.3e}; softmax(logits) vs oracle output max abs {np.abs(p - out_o).max():.3e}")
    gn = gj if gj.shape == g64.shape else nchw(gj)
    print(f"java: grad vs oracle rel L2 {rel(nchw_to_nhwc(gn), grad_o):.3e}, vs torch f64 {rel(gn, g64):.3e}; "
          f"per photo vs f64 {' '.join(f'{rel(gn[i], g64[i]):.1e}' for i in range(len(gn)))}")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "--compare":
        compare(a[1], a[2], a[3], a[4] if len(a) > 4 else "/work/shared/fixtures/keras")
    else:
        main(a[0], a[1] if len(a) > 1 else "/work/shared/fixtures/keras")
