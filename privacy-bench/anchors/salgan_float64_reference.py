"""How close the SalGAN-sized forward is to exact arithmetic, before and after the upsampling rewrite
(issue 13, DL4J-RESULTS.md "Saliency forward"): runs the model SalGanProfile dumped in float64 with
PyTorch (a direct interpreter of its Conv, Relu, MaxPool, Resize nearest and Sigmoid nodes), and
prints the largest absolute difference of ours with the plain upsampling (plain.npy) and with the
transposed convolutions (transposed.npy) from it, and of the two from each other.
Usage: /usr/bin/python3 salgan_float64_reference.py DIR
  where DIR was written by: java -cp privacy-bench/target/benchmarks.jar
  dev.pixelprivacy.bench.dl4j.SalGanProfile dump 1 1 DIR
"""
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

torch.set_num_threads(2)
d = sys.argv[1]
model = onnx.load(f"{d}/salgan.onnx")
init = {t.name: torch.from_numpy(numpy_helper.to_array(t).astype(np.float64)) for t in model.graph.initializer}
v = {model.graph.input[0].name: torch.from_numpy(np.load(f"{d}/input.npy").astype(np.float64))}


def attr(n, name, default):
    for a in n.attribute:
        if a.name == name:
            return list(a.ints) if a.ints else a.s.decode()
    return default


with torch.no_grad():
    for n in model.graph.node:
        x = v[n.input[0]]
        if n.op_type == "Conv":
            p = attr(n, "pads", [0, 0, 0, 0])
            b = init[n.input[2]] if len(n.input) > 2 else None
            y = F.conv2d(x, init[n.input[1]], b, padding=(p[0], p[1]))
        elif n.op_type == "Relu":
            y = torch.relu(x)
        elif n.op_type == "MaxPool":
            y = F.max_pool2d(x, attr(n, "kernel_shape", None), attr(n, "strides", None))
        elif n.op_type == "Resize":
            assert attr(n, "mode", "nearest") == "nearest"
            y = F.interpolate(x, scale_factor=2, mode="nearest")
        elif n.op_type == "Sigmoid":
            y = torch.sigmoid(x)
        else:
            raise SystemExit(f"unexpected operator {n.op_type}")
        v[n.output[0]] = y
    ref = v[model.graph.output[0].name].numpy()
    pre = v[model.graph.node[-1].input[0]].numpy()

plain = np.load(f"{d}/plain.npy").astype(np.float64)
transposed = np.load(f"{d}/transposed.npy").astype(np.float64)
print(f"float64 output in [{ref.min():.4f}, {ref.max():.4f}]; pre-sigmoid in [{pre.min():.1f}, {pre.max():.1f}]")
for name, a in (("plain upsampling", plain), ("transposed convolutions", transposed)):
    e = np.abs(a - ref)
    print(f"{name}: max |ours - float64| {e.max():.3e}, mean {e.mean():.3e}")
print(f"max |plain - transposed| {np.abs(plain - transposed).max():.3e}")
