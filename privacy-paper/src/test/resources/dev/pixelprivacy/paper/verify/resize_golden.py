# Golden downscales for PlatformChainTest, made with /usr/bin/python3 (Pillow) from privacy-core's
# test photo dev/pixelprivacy/core/metrics/astronaut.png (48x40): Pillow's antialiased LANCZOS, BOX and
# BILINEAR resize to a long side of 24 (24x20). Run from this folder: /usr/bin/python3 resize_golden.py
from PIL import Image
src = Image.open("../../../../../../../../privacy-core/src/test/resources/dev/pixelprivacy/core/metrics/astronaut.png").convert("RGB")
for name, f in (("lanczos", Image.LANCZOS), ("area", Image.BOX), ("bilinear", Image.BILINEAR)):
    src.resize((24, 20), f).save("astronaut-24-" + name + ".png")
