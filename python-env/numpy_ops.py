"""NumPy's results for the Numpy facade's functions, the reference for tests/KerasSharp.Tests/NumpyFunctionTests.cs
and NumpyFileTests.cs.

  numpy_ops.py FOLDER   FOLDER holds inputs as .npy files (written by the facade's np.save) and cases.json, a
                        {"name": "python expression"} object. Each expression is evaluated with np, the inputs (named
                        by file), `folder` and `out` (FOLDER/out) in scope; a result that is not None is saved as
                        out/NAME.npy with np.save. Expressions may write files themselves (np.savetxt, np.save).
"""
import json
import os
import sys

import numpy as np

folder = sys.argv[1]
out = os.path.join(folder, "out")
scope = {"np": np, "folder": folder, "out": out}
for name in os.listdir(folder):
    if name.endswith(".npy"):
        scope[name[:-4]] = np.load(os.path.join(folder, name))
os.makedirs(out, exist_ok=True)
for name, expression in json.load(open(os.path.join(folder, "cases.json"))).items():
    result = eval(expression, scope)
    if result is not None:
        np.save(os.path.join(out, name + ".npy"), np.asarray(result))
