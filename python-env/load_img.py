"""Keras 2.2's load_img and img_to_array (keras_preprocessing.image) with PIL, for comparing KerasSharp's with them.

  load_img.py PATH COLOR_MODE [HEIGHT WIDTH]   COLOR_MODE is rgb, rgba or grayscale; with a target size the picture is
                                              resized as load_img resizes by default (PIL's NEAREST). Prints
                                              {"shape": [...], "values": [...]} (the float32 array, flattened).
"""
import json
import sys

import numpy as np
from PIL import Image


def load_img(path, color_mode, target_size):
    img = Image.open(path)
    wanted = {"grayscale": "L", "rgba": "RGBA", "rgb": "RGB"}[color_mode]
    if img.mode != wanted:
        img = img.convert(wanted)
    if target_size is not None:
        width_height = (target_size[1], target_size[0])
        if img.size != width_height:
            img = img.resize(width_height, Image.NEAREST)
    return img


def img_to_array(img):
    x = np.asarray(img, dtype="float32")
    if x.ndim == 2:
        x = x.reshape((x.shape[0], x.shape[1], 1))
    return x


if __name__ == "__main__":
    size = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else None
    x = img_to_array(load_img(sys.argv[1], sys.argv[2], size))
    print(json.dumps({"shape": list(x.shape), "values": x.reshape(-1).tolist()}))
