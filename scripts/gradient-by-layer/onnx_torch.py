# PyTorch evaluator of the ONNX operators our Keras import writes, in float32 or float64 (see README.md)
import numpy as np, torch, torch.nn.functional as F, onnx
from onnx import numpy_helper, helper
torch.set_num_threads(2)

def attrs(n):
    return {a.name: helper.get_attribute_value(a) for a in n.attribute}

def same_pads(size, k, s, d=1):
    out = -(-size // s)
    total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
    return total // 2, total - total // 2

def spatial(x, a, k, s, d=(1, 1)):
    ap = a.get('auto_pad', b'NOTSET')
    ap = ap.decode() if isinstance(ap, bytes) else ap
    if ap in ('SAME_UPPER', 'SAME_LOWER'):
        ph = same_pads(x.shape[2], k[0], s[0], d[0]); pw = same_pads(x.shape[3], k[1], s[1], d[1])
        if ap == 'SAME_LOWER': ph, pw = ph[::-1], pw[::-1]
        return (pw[0], pw[1], ph[0], ph[1])
    if ap == 'VALID': return (0, 0, 0, 0)
    p = a.get('pads', [0, 0, 0, 0])
    return (p[1], p[3], p[0], p[2])

class Net:
    def __init__(s, path):
        s.m = onnx.load(path)
        s.init = {t.name: numpy_helper.to_array(t) for t in s.m.graph.initializer}
    def run(s, x, dtype, outputs):
        v = {s.m.graph.input[0].name: x}
        c = lambda name: torch.from_numpy(s.init[name].astype(np.float64 if dtype == torch.float64 else np.float32)) if name in s.init else v[name]
        res = {}
        for n in s.m.graph.node:
            a = attrs(n); i = [c(t) if t else None for t in n.input]; op = n.op_type
            if op == 'Conv':
                w = i[1]; k = w.shape[2:]; st = a.get('strides', [1, 1]); dl = a.get('dilations', [1, 1])
                p = spatial(i[0], a, k, st, dl)
                y = F.conv2d(F.pad(i[0], p), w, i[2] if len(i) > 2 else None, stride=st, dilation=dl, groups=a.get('group', 1))
            elif op == 'BatchNormalization':
                sh = (1, -1, 1, 1)
                y = (i[0] - i[3].reshape(sh)) / torch.sqrt(i[4].reshape(sh) + a.get('epsilon', 1e-5)) * i[1].reshape(sh) + i[2].reshape(sh)
            elif op == 'Relu': y = torch.relu(i[0])
            elif op == 'MaxPool':
                k = a['kernel_shape']; st = a.get('strides', [1, 1]); p = spatial(i[0], a, k, st)
                y = F.max_pool2d(F.pad(i[0], p, value=-float('inf')), k, st)
            elif op == 'AveragePool':
                k = a['kernel_shape']; st = a.get('strides', [1, 1]); p = spatial(i[0], a, k, st)
                sm = F.avg_pool2d(F.pad(i[0], p), k, st) * (k[0] * k[1])
                if a.get('count_include_pad', 0):
                    y = sm / (k[0] * k[1])
                else:
                    ones = torch.ones_like(i[0][:1, :1])
                    cnt = F.avg_pool2d(F.pad(ones, p), k, st) * (k[0] * k[1])
                    y = sm / cnt
            elif op == 'Concat': y = torch.cat(i, a['axis'])
            elif op == 'Gemm':
                A = i[0].T if a.get('transA', 0) else i[0]; B = i[1].T if a.get('transB', 0) else i[1]
                y = a.get('alpha', 1.0) * A @ B
                if len(i) > 2 and i[2] is not None: y = y + a.get('beta', 1.0) * i[2]
            elif op == 'Transpose': y = i[0].permute(*a['perm'])
            elif op == 'Flatten': ax = a.get('axis', 1); y = i[0].reshape(int(np.prod(i[0].shape[:ax])), -1)
            elif op == 'Identity': y = i[0]
            elif op == 'GlobalAveragePool': y = i[0].mean((2, 3), keepdim=True)
            elif op == 'Softmax': y = torch.softmax(i[0], a.get('axis', -1))
            else: raise ValueError(op)
            v[n.output[0]] = y
            if n.output[0] in outputs: res[n.output[0]] = y
            if len(res) == len(outputs): break
        return res
