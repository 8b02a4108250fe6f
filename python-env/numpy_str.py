"""NumPy's str() of arrays, the reference for KerasSharp's NDarray.ToString().

  numpy_str.py IN.json   IN is [{"values": [...] (flat), "shape": [...], "dtype": "float32"|"int64"|...}, ...];
                         prints a JSON list of str(np.array(values, dtype).reshape(shape)).
"""
import json
import sys

import numpy as np

cases = json.load(open(sys.argv[1]))
print(json.dumps([str(np.array(c["values"], dtype=c["dtype"]).reshape(c["shape"])) for c in cases]))
