"""Makes scene-demo-twin.onnx, a second threat model with the demo model's four classes for the
ensemble tests: the embedded demo CNN (examples' scene-demo.onnx) with every weight and bias
multiplied by a seeded factor in [0.8, 1.2]. It classifies much like the demo model but its
gradients differ, so an ensemble of the two protects differently from either alone.

Run from the repository root with /usr/bin/python3 (numpy, onnx); tests never run it:
    /usr/bin/python3 privacy-spark/src/test/resources/dev/pixelprivacy/spark/make_scene_demo_twin.py
"""
import numpy as np
import onnx
from onnx import numpy_helper

SOURCE = "examples/src/main/resources/dev/pixelprivacy/examples/demo/scene-demo.onnx"
TARGET = "privacy-spark/src/test/resources/dev/pixelprivacy/spark/scene-demo-twin.onnx"

model = onnx.load(SOURCE)
rng = np.random.default_rng(20261201)
for i, init in enumerate(model.graph.initializer):
    w = numpy_helper.to_array(init)
    w = (w * rng.uniform(0.8, 1.2, size=w.shape)).astype(w.dtype)
    model.graph.initializer[i].CopyFrom(numpy_helper.from_array(w, init.name))
for p in model.metadata_props:
    if p.key == "pixelprivacy.trainer":
        p.value = "make_scene_demo_twin.py (scene-demo.onnx, weights times U[0.8, 1.2], seed 20261201)"
onnx.checker.check_model(model)
onnx.save(model, TARGET)
