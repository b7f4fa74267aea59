"""The whole Salient Defence pipeline per image written directly in PyTorch + scipy: the anchor of the
bench suite's pipeline part (scripts/bench.sh pipeline), beside ../shared/tools/torch_fgsm_anchor.py.

The same networks as dev.pixelprivacy.bench.pipeline.SalientDefencePipelineBenchmark, built in PyTorch
with random weights (timing does not depend on the weights' values):
  - threat model: torchvision's ResNet-50 with 365 classes (the layout ResNet50Onnx writes), ImageNet
    mean/std normalisation, 256x256 input (Preprocessing.imagenet256 without a resize at 256x256);
  - saliency: a SalGAN-style generator (SalGanOnnx): VGG-16's thirteen 3x3 conv+ReLU with 2x2 max
    pooling after stages 1-4, the mirrored decoder with nearest 2x upsampling before stages 4..1, a
    1x1 conv to one channel and a sigmoid; channels (64, 128, 256, 512, 512) / divisor.
Per image, as METHOD.md section 2 and the library's whole pipeline do it:
  1. S: bilinear resize to 192x256, BGR 0..255 minus (103.939, 116.779, 123.68), forward, min-max,
     bilinear resize back;
  2. mask (scipy.ndimage, float32): luminance 0.299 R + 0.587 G + 0.114 B, 3x3 Sobel magnitude,
     Gaussian sigma 10 (reflect, radius 4 sigma), min-max; M = minmax((1 - S) [E >= mean(E)]);
  3. the threat model's cross-entropy input gradient at the clean prediction;
  4. the FGSM step x' = clip(x + eps_c M sign(g)) within [x - eps_c M, x + eps_c M] and [0, 1], eps the
     paper's 0.01 in ImageNet-normalised units (eps_c = 0.01 std_c);
  5. 8-bit rounding (the nearest level, moved back one level where it crossed the budget);
  6. the prediction on the rounded (written) image.
Usage: OMP_NUM_THREADS=2 /usr/bin/python3 torch_pipeline_anchor.py [SIZE=256] [SALIENCY_DIVISOR=1] [CALLS=5]
Prints one line per part and one for the whole pipeline: "NAME H=.. median X ms  min Y".
"""
import sys
import time

import numpy as np
import scipy.ndimage as ndi
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

torch.set_num_threads(2)
torch.manual_seed(2019)
H = int(sys.argv[1]) if len(sys.argv) > 1 else 256
DIVISOR = int(sys.argv[2]) if len(sys.argv) > 2 else 1
CALLS = int(sys.argv[3]) if len(sys.argv) > 3 else 5

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
EPS = 0.01 * STD  # Epsilon.imageNetNormalised(0.01): per channel, in [0, 1] pixel units
BGR_MEAN = torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)


class SalGan(nn.Module):
    """SalGanOnnx's layout."""

    def __init__(self, divisor):
        super().__init__()
        channels = [c // divisor for c in (64, 128, 256, 512, 512)]
        convs = (2, 2, 3, 3, 3)
        enc, c_in = [], 3
        for stage, (c, n) in enumerate(zip(channels, convs)):
            if stage > 0:
                enc.append(nn.MaxPool2d(2, 2))
            for _ in range(n):
                enc += [nn.Conv2d(c_in, c, 3, padding=1), nn.ReLU()]
                c_in = c
        dec = []
        for stage in range(len(convs) - 1, -1, -1):
            if stage < len(convs) - 1:
                dec.append(nn.Upsample(scale_factor=2, mode='nearest'))
            for _ in range(convs[stage]):
                dec += [nn.Conv2d(c_in, channels[stage], 3, padding=1), nn.ReLU()]
                c_in = channels[stage]
        dec += [nn.Conv2d(c_in, 1, 1), nn.Sigmoid()]
        self.net = nn.Sequential(*enc, *dec)

    def forward(self, x):
        return self.net(x)


threat = torchvision.models.resnet50(num_classes=365).eval()
salgan = SalGan(DIVISOR).eval()
for p in list(threat.parameters()) + list(salgan.parameters()):
    p.requires_grad_(False)

# A seeded textured image in [0, 1] (smooth gratings plus noise), 3 x H x W.
rng = np.random.default_rng(2019)
yy, xx = np.mgrid[0:H, 0:H].astype(np.float32) / H
img = np.stack([0.5 + 0.2 * np.sin(2 * np.pi * (3 + c) * xx + 5 * yy) for c in range(3)])
img = np.clip(img + 0.05 * rng.standard_normal(img.shape, dtype=np.float32), 0, 1).astype(np.float32)
x = torch.from_numpy(img).unsqueeze(0)
with torch.no_grad():
    label = threat((x - MEAN) / STD).argmax(1)


def minmax(a):
    lo, hi = a.min(), a.max()
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


def saliency(x):
    small = F.interpolate(x, size=(192, 256), mode='bilinear', align_corners=False)
    bgr = small.flip(1) * 255 - BGR_MEAN
    with torch.no_grad():
        s = salgan(bgr)
    s = (s - s.min()) / (s.max() - s.min()).clamp_min(1e-12)
    return F.interpolate(s, size=x.shape[2:], mode='bilinear', align_corners=False)[0, 0].numpy()


def mask(x, s):
    rgb = x[0].numpy()
    lum = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    gx = ndi.sobel(lum, axis=1, mode='reflect')
    gy = ndi.sobel(lum, axis=0, mode='reflect')
    e = minmax(ndi.gaussian_filter(np.hypot(gx, gy), sigma=10, mode='reflect', truncate=4.0))
    return minmax((1 - s) * (e >= e.mean())).astype(np.float32)


def gradient(x):
    xi = x.clone().requires_grad_(True)
    loss = F.cross_entropy(threat((xi - MEAN) / STD), label)
    g, = torch.autograd.grad(loss, xi)
    return g


def step(x, m, g):
    b = EPS * torch.from_numpy(m)
    lo, hi = (x - b).clamp(0, 1), (x + b).clamp(0, 1)
    return torch.maximum(lo, torch.minimum(hi, x + b * g.sign()))


def round8(x, xa, m):
    b = EPS * torch.from_numpy(m)
    q = torch.round(xa * 255) / 255
    q = torch.where(q > x + b, q - 1 / 255, q)
    q = torch.where(q < x - b, q + 1 / 255, q)
    return q.clamp(0, 1)


def predict(q):
    with torch.no_grad():
        return F.softmax(threat((q - MEAN) / STD), 1).max(1)


def whole():
    s = saliency(x)
    m = mask(x, s)
    g = gradient(x)
    xa = step(x, m, g)
    return predict(round8(x, xa, m))


S = saliency(x)
M = mask(x, S)
G = gradient(x)
XA = step(x, M, G)
parts = (('saliency-forward', lambda: saliency(x)), ('mask', lambda: mask(x, S)), ('gradient', lambda: gradient(x)),
         ('step', lambda: step(x, M, G)), ('round8-predict', lambda: predict(round8(x, XA, M))), ('pipeline', whole))
for name, f in parts:
    for _ in range(2):
        f()
    ts = []
    for _ in range(CALLS):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    ts.sort()
    print(f"{name} H={H} median {ts[len(ts) // 2] * 1000:.3f} ms  min {ts[0] * 1000:.3f}")
