# Produces the CIEDE2000 image-pair fixtures of Ciede2000Test with /usr/bin/python3
# (scikit-image 0.19.3, Pillow, numpy). Run from this folder: /usr/bin/python3 ciede2000_golden.py
# Photos: 48x40 crops of scikit-image's sample photographs (astronaut, coffee, chelsea; public domain
# or CC0 per skimage.data). Each is paired with a JPEG-50 re-encoding (Pillow) and with a copy
# carrying seeded uniform noise of +-6/255; golden mean and max Delta E 00 from skimage.
import io
import numpy as np
from PIL import Image
from skimage import data
from skimage.color import rgb2lab, deltaE_ciede2000

crops = {"astronaut": data.astronaut()[60:100, 180:228], "coffee": data.coffee()[150:190, 250:298],
         "chelsea": data.chelsea()[100:140, 150:198]}
rng = np.random.default_rng(14)
for name, img in crops.items():
    Image.fromarray(img).save(name + ".png")
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=50)
    jpeg = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    Image.fromarray(jpeg).save(name + "-jpeg50.png")
    noisy = np.clip(img.astype(int) + rng.integers(-6, 7, img.shape), 0, 255).astype(np.uint8)
    Image.fromarray(noisy).save(name + "-noise6.png")
    for other in ("jpeg50", "noise6"):
        b = np.asarray(Image.open(name + "-" + other + ".png").convert("RGB"))
        d = deltaE_ciede2000(rgb2lab(img / 255.0), rgb2lab(b / 255.0))
        print('{"%s", "%s-%s", %.10f, %.10f},' % (name, name, other, d.mean(), d.max()))
