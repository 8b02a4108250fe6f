"""Keras's flow_from_directory (keras_preprocessing 1.1, Debian's python3-keras-preprocessing), the reference for
KerasSharp's ImageDataGenerator.FlowFromDirectory.

  flow_from_directory.py CASES.json OUT   CASES is {"name": {"directory": ..., "generator": {kwargs of
                                          ImageDataGenerator}, "flow": {kwargs of flow_from_directory}}}; for each
                                          case, every batch of one pass is saved as OUT/NAME_x0.npy, OUT/NAME_y0.npy...
                                          and OUT/NAME.json holds filenames, classes and class_indices.
"""
import json
import os
import sys

import numpy as np
from keras_preprocessing.image import ImageDataGenerator

cases = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
for name, case in cases.items():
    flow = case["flow"]
    if "target_size" in flow:
        flow["target_size"] = tuple(flow["target_size"])
    iterator = ImageDataGenerator(**case["generator"]).flow_from_directory(case["directory"], shuffle=False, **flow)
    for i in range(len(iterator)):
        batch = iterator[i]
        x, y = batch if isinstance(batch, tuple) else (batch, None)
        np.save(os.path.join(out, "%s_x%d.npy" % (name, i)), x)
        if y is not None:
            np.save(os.path.join(out, "%s_y%d.npy" % (name, i)), y)
    json.dump({"filenames": iterator.filenames, "classes": [int(c) for c in iterator.classes],
               "class_indices": iterator.class_indices, "batches": len(iterator)}, open(os.path.join(out, name + ".json"), "w"))
