#!/usr/bin/python3
# usage: /usr/bin/python3 compare_cuts.py MODEL.onnx X.npy OUT_DIR   (see README.md)
import os, sys
import numpy as np, onnx, torch
from onnx_torch import Net

model, xfile, out = sys.argv[1:4]
net = Net(model)
x32 = np.load(xfile)
cuts = []
while os.path.exists(os.path.join(out, 'cut%d.onnx' % len(cuts))):
    cuts.append(onnx.load(os.path.join(out, 'cut%d.onnx' % len(cuts)), load_external_data=False).graph.output[0].name)
ws = {c: np.load(os.path.join(out, 'cut%d.w.npy' % k)) for k, c in enumerate(cuts)}


def grads(x, dtype):
    xi = torch.from_numpy(x).to(dtype).requires_grad_(True)
    r = net.run(xi, dtype, set(cuts))
    res = {}
    for c in cuts:
        g, = torch.autograd.grad((r[c] * torch.from_numpy(ws[c]).to(dtype)).sum(), xi, retain_graph=True)
        res[c] = (r[c].detach().numpy(), g.numpy())
    return res


g64 = grads(x32, torch.float64)
g32 = grads(x32, torch.float32)
gp = grads((x32 + np.random.default_rng(5).uniform(-1e-6, 1e-6, x32.shape)).astype(np.float32), torch.float32)
for k, c in enumerate(cuts):
    y64, G = g64[c]
    rel = lambda g, ref: float(np.linalg.norm(g.astype(np.float64) - ref) / np.linalg.norm(ref))
    oy = np.load(os.path.join(out, 'ours%d.out.npy' % k))
    og = np.load(os.path.join(out, 'ours%d.grad.npy' % k))
    print('%-26s output: torch32 %.2e ours %.2e | gradient: torch32 %.2e, torch32 at x+1e-6 %.2e, ours %.2e, ours vs torch32 %.2e'
          % (c, rel(g32[c][0], y64), rel(oy, y64), rel(g32[c][1], G), rel(gp[c][1], G), rel(og, G), rel(og, g32[c][1])))
