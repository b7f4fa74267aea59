"""Resident memory of PyTorch's ResNet-50 FGSM step: the anchor of GradientMemoryRun
(dev.pixelprivacy.bench.memory.GradientMemoryRun), which measures ours and this in one run.

The same network and step as ../shared/tools/torch_fgsm_anchor.py and ResNet50Benchmark.fgsmStep:
torchvision's ResNet-50 with 365 classes in eval mode, parameters without gradients, input uniform in
[0, 1), random labels, x' = clamp(x + 0.01 sign(d cross_entropy / dx), 0, 1). Only FGSM steps are run
(no forward-only warm-up), as GradientMemoryRun's child of our library runs only gradient calls.
Usage: OMP_NUM_THREADS=2 /usr/bin/python3 torch_gradient_memory_anchor.py [BATCH=32] [SIZE=256] [CALLS=2]
Prints "stage NAME VmRSS_KiB VmHWM_KiB MS" after building the network ("before-first-call") and after each step
("after-call-N"), VmRSS and VmHWM from /proc/self/status; the parent samples the peak itself as well.
"""
import sys
import time

import torch
import torchvision


def status():
    rss = hwm = -1
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                rss = int(line.split()[1])
            elif line.startswith('VmHWM:'):
                hwm = int(line.split()[1])
    return rss, hwm


def stage(name, ms=0.0):
    rss, hwm = status()
    print(f"stage {name} {rss} {hwm} {ms:.0f}", flush=True)


def main():
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 32
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(2)
    torch.manual_seed(7)
    m = torchvision.models.resnet50(num_classes=365).eval()
    for p in m.parameters():
        p.requires_grad_(False)
    x = torch.rand(batch, 3, size, size)
    y = torch.randint(0, 365, (batch,))
    stage('before-first-call')
    for i in range(calls):
        t = time.perf_counter()
        xi = x.clone().requires_grad_(True)
        loss = torch.nn.functional.cross_entropy(m(xi), y)
        g, = torch.autograd.grad(loss, xi)
        adv = (xi + 0.01 * g.sign()).clamp(0, 1)
        del xi, loss, g, adv
        stage(f"after-call-{i + 1}", (time.perf_counter() - t) * 1000)


if __name__ == '__main__':
    main()
