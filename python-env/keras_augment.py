"""Keras 2.2's apply_affine_transform (keras_preprocessing.image), with NumPy and SciPy, to check KerasSharp's.

  keras_augment.py IN.json   IN is {"image": [[[...]]] (H, W, C), "params": [{"theta", "tx", "ty", "zx", "zy"}, ...],
                             "fill_mode", "cval"}; prints the transformed images as JSON, one per parameter set.

As Keras: the matrix rotation @ shift @ zoom in (row, column) coordinates, moved to the centre (h / 2 + 0.5,
w / 2 + 0.5), then scipy.ndimage.affine_transform with order=1 on each channel. For fill_mode 'wrap' SciPy's
'grid-wrap' is used: since SciPy 1.6 'wrap' no longer means the abcd|abcd|abcd that Keras documents, and
KerasSharp follows Keras's documentation.
"""
import json
import sys

import numpy as np
from scipy import ndimage


def transform_matrix_offset_center(matrix, x, y):
    o_x = float(x) / 2 + 0.5
    o_y = float(y) / 2 + 0.5
    offset_matrix = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset_matrix = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    return np.dot(np.dot(offset_matrix, matrix), reset_matrix)


def apply_affine_transform(x, theta, tx, ty, zx, zy, fill_mode, cval):
    theta = np.deg2rad(theta)
    rotation = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
    shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    zoom = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    matrix = np.dot(np.dot(rotation, shift), zoom)
    h, w = x.shape[0], x.shape[1]
    matrix = transform_matrix_offset_center(matrix, h, w)
    x = np.rollaxis(x, 2, 0)
    mode = "grid-wrap" if fill_mode == "wrap" else fill_mode
    channels = [ndimage.affine_transform(c, matrix[:2, :2], matrix[:2, 2], order=1, mode=mode, cval=cval) for c in x]
    return np.rollaxis(np.stack(channels, axis=0), 0, 3)


if __name__ == "__main__":
    spec = json.load(open(sys.argv[1]))
    image = np.array(spec["image"], dtype="float64")
    out = [apply_affine_transform(image, p["theta"], p["tx"], p["ty"], p["zx"], p["zy"], spec["fill_mode"], spec["cval"]).tolist()
           for p in spec["params"]]
    print(json.dumps(out))
