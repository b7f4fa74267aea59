# Generates pil-resize.txt: PIL's Image.resize on float images (mode 'F'), one channel.
# Run with /usr/bin/python3 (Pillow 9.4.0). Input sample (x, y) of a w x h plane:
#   ((37 x + 91 y + (x y) % 11) % 64) / 63, exact in float32, recomputed the same way by ResizeTest.
# Line format: kernel in_w in_h out_w out_h, then out_h * out_w values row by row (%.9g, exact for float32).
import numpy as np
from PIL import Image

KERNELS = {"AREA": Image.BOX, "BILINEAR": Image.BILINEAR, "BICUBIC": Image.BICUBIC, "LANCZOS": Image.LANCZOS}
CASES = [(23, 17, 7, 5), (23, 17, 10, 13), (64, 48, 8, 6), (23, 17, 37, 29), (30, 20, 45, 20)]

def plane(w, h):
    y, x = np.mgrid[0:h, 0:w]
    return (((37 * x + 91 * y + (x * y) % 11) % 64) / 63.0).astype(np.float32)

with open("pil-resize.txt", "w") as f:
    for name, k in KERNELS.items():
        for (w, h, ow, oh) in CASES:
            out = np.asarray(Image.fromarray(plane(w, h), mode="F").resize((ow, oh), k), dtype=np.float32)
            f.write(" ".join([name, str(w), str(h), str(ow), str(oh)] + ["%.9g" % v for v in out.ravel()]) + "\n")
