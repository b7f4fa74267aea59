#!/usr/bin/python3
# Makes the files beside this script (development time only; the tests read the files, never Python):
#   torch_fpad.onnx   torch.onnx.export (PyTorch 1.13, opset 13, do_constant_folding=False) of a small
#                     network padding with F.pad the way TensorFlow-style `same` convolutions ported to
#                     PyTorch do, so each pad is a Shape/ConstantOfShape/Concat/Reshape/Slice/Transpose/
#                     Reshape/Cast chain feeding Pad (constant, reflect and replicate modes)
#   input.npy         the input, seeded uniform [0, 1), shape (2, 3, 17, 15)
#   output.npy        PyTorch's float32 output
#   grad64.npy        PyTorch's gradient of sum(output * w), w[n, k, i, j] = (k + 1) / 10, in float64 (the model
#                     run in double precision; the float32 gradient's distance to it is printed)
# usage: /usr/bin/python3 make_torch_fpad.py   (writes into the directory of this script)
import os
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(7)


class FPad(nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = nn.Conv2d(3, 6, 3, stride=2)
        s.c2 = nn.Conv2d(6, 6, 3, groups=6)
        s.c3 = nn.Conv2d(6, 5, 4)

    def forward(s, x):
        x = F.pad(x, (0, 1, 0, 1))  # TF `same` for stride 2, kernel 3 on odd sizes: all padding at the end
        x = torch.relu(s.c1(x))
        x = F.pad(x, (1, 1, 1, 1), mode="reflect")
        x = torch.tanh(s.c2(x))
        x = F.pad(x, (1, 2, 2, 1), mode="replicate")
        return s.c3(x)


m = FPad().eval()
x = torch.rand(2, 3, 17, 15, generator=torch.Generator().manual_seed(11))
torch.onnx.export(m, x, os.path.join(here, "torch_fpad.onnx"), opset_version=13, do_constant_folding=False,
                  input_names=["input"], output_names=["output"])


def grad(model, xin):
    xi = xin.clone().requires_grad_(True)
    y = model(xi)
    w = torch.arange(1, y.shape[1] + 1, dtype=y.dtype).reshape(1, -1, 1, 1).expand_as(y) / 10
    g, = torch.autograd.grad((y * w).sum(), xi)
    return y.detach().numpy(), g.numpy()


y, g = grad(m, x)
_, g64 = grad(m.double(), x.double())
np.save(os.path.join(here, "input.npy"), x.numpy())
np.save(os.path.join(here, "output.npy"), y)
np.save(os.path.join(here, "grad64.npy"), g64)
print("f32 vs f64 gradient relative L2:", np.linalg.norm(g - g64) / np.linalg.norm(g64))
