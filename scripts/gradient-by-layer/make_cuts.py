#!/usr/bin/python3
# usage: /usr/bin/python3 make_cuts.py MODEL.onnx X.npy OUT_DIR   (see README.md)
import os, sys
import numpy as np, onnx, torch
from onnx import helper, TensorProto
from onnx_torch import Net

model, xfile, out = sys.argv[1:4]
net = Net(model)
names = [n.output[0] for n in net.m.graph.node if n.op_type == 'Concat']
cuts = [names[i] for i in (0, 2, 4, 7, len(names) - 1) if i < len(names)]
x = np.load(xfile)
with torch.no_grad():
    r = net.run(torch.from_numpy(x), torch.float32, set(cuts))
gen = np.random.default_rng(3)
for k, c in enumerate(cuts):
    m = onnx.load(model)
    del m.graph.output[:]
    m.graph.output.append(helper.make_tensor_value_info(c, TensorProto.FLOAT, list(r[c].shape)))
    keep = []
    for n in m.graph.node:
        keep.append(n)
        if n.output[0] == c:
            break
    del m.graph.node[:]
    m.graph.node.extend(keep)
    onnx.save(m, os.path.join(out, 'cut%d.onnx' % k))
    np.save(os.path.join(out, 'cut%d.w.npy' % k), gen.standard_normal(r[c].shape).astype(np.float32))
    print(k, c)
