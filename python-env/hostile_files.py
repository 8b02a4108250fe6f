"""Hostile and damaged files for KerasSharp's input tests, made with h5py, zipfile, tarfile, gzip and PIL as a
Keras user's tools would make them (Keras cannot run here). Each file is small on disk and lies in one way.

  python3 hostile_files.py FOLDER    writes every file below into FOLDER and prints their names as JSON.

  dense_bomb.h5        a Keras 2.2 model file whose config declares Dense(5,000,000) on 784 inputs, holding 6 weights
  long_config.h5       a model file whose model_config is a fixed-length string of 100 MiB
  huge_input.h5        a model file taking 40000x40000x3 pictures (GlobalAveragePooling2D, Dense 2): 9 KB
  zip_bomb.keras       a .keras archive whose model.weights.h5 entry declares 4 GiB for a model of 8 weights
  tar_bomb.tar.gz      a CIFAR-style archive whose first file declares 1 GiB (its data is not there)
  duplicate.tar.gz     a CIFAR-style archive holding cifar-10-batches-py/data_batch_1 twice
  fashion_label/       Fashion-MNIST's four files, a training label of 200 among them
  fashion_sizes/       Fashion-MNIST's four files, test pictures 32x32 beside 28x28 training ones
  picture.png          a 28x28 grey picture
"""
import gzip
import io
import json
import os
import struct
import sys
import tarfile
import zipfile

import h5py
import numpy as np
from PIL import Image


def keras22_model(path, layers, weights, config_text=None):
    # As Keras 2.2.4's save_model: byte-string attributes, lists of names as lists of bytes, an empty list as h5py
    # stores it (an empty float64 array).
    with h5py.File(path, "w") as f:
        model_config = config_text if config_text is not None else json.dumps(
            {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers}})
        f.attrs["model_config"] = model_config.encode("utf8")
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [name.encode("utf8") for name in weights]
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = b"2.2.4"
        for name, values in weights.items():
            layer = g.create_group(name)
            layer.attrs["weight_names"] = [w.encode("utf8") for w in values]
            for w, v in values.items():
                layer.create_dataset(w, data=np.asarray(v, dtype="float32"))


def dense(name, units, **extra):
    config = {"name": name, "trainable": True, "units": units, "activation": "linear", "use_bias": True,
              "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
              "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    config.update(extra)
    return {"class_name": "Dense", "config": config}


def idx(path, data, magic):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in data.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + data.astype(np.uint8).tobytes())


def fashion(folder, train_labels, test_images):
    os.makedirs(folder, exist_ok=True)
    idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"), train_labels, 0x801)
    idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), np.zeros((len(train_labels), 28, 28)), 0x803)
    idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"), np.zeros(len(test_images)), 0x801)
    idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), test_images, 0x803)


def main(out):
    os.makedirs(out, exist_ok=True)
    keras22_model(os.path.join(out, "dense_bomb.h5"), [dense("dense_1", 5_000_000, batch_input_shape=[None, 784], dtype="float32")],
                  {"dense_1": {"dense_1/kernel:0": [[1.0, 2.0], [3.0, 4.0]], "dense_1/bias:0": [0.0, 0.0]}})
    keras22_model(os.path.join(out, "long_config.h5"), None, {"dense_1": {}}, config_text=" " * (100 << 20))
    pool = {"class_name": "GlobalAveragePooling2D", "config": {"name": "pool", "trainable": True, "data_format": "channels_last",
                                                               "batch_input_shape": [None, 40000, 40000, 3], "dtype": "float32"}}
    keras22_model(os.path.join(out, "huge_input.h5"), [pool, dense("dense_1", 2)],
                  {"pool": {}, "dense_1": {"dense_1/kernel:0": np.zeros((3, 2)), "dense_1/bias:0": np.zeros(2)}})

    # A real .keras layout (tiny), then its weights entry's declared size set to 4 GiB - 16 in both zip directories.
    config = {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 3], "dtype": "float32", "name": "input"}, "registered_name": None},
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}, "registered_name": None}]}, "registered_name": None}
    weights = io.BytesIO()
    with h5py.File(weights, "w") as h:
        h.create_group("vars")
        h.create_dataset("layers/dense/vars/0", data=np.zeros((3, 2), "float32"))
        h.create_dataset("layers/dense/vars/1", data=np.zeros(2, "float32"))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.5.0"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", weights.getvalue())
    data = bytearray(archive.getvalue())
    declared = struct.pack("<I", (4 << 30) - 16)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = -1
        while True:
            at = data.find(signature, at + 1)
            if at < 0:
                break
            name_length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            name = bytes(data[at + (30 if signature == b"PK\x03\x04" else 46):][:name_length])
            if name == b"model.weights.h5":
                data[at + offset:at + offset + 4] = declared
    open(os.path.join(out, "zip_bomb.keras"), "wb").write(bytes(data))

    # A tar header declaring 1 GiB for the first batch, and no data behind it.
    header = tarfile.TarInfo("cifar-10-batches-py/data_batch_1")
    header.size = 1 << 30
    with gzip.open(os.path.join(out, "tar_bomb.tar.gz"), "wb") as f:
        f.write(header.tobuf(format=tarfile.GNU_FORMAT))
    with tarfile.open(os.path.join(out, "duplicate.tar.gz"), "w:gz") as t:
        for _ in range(2):
            info = tarfile.TarInfo("cifar-10-batches-py/data_batch_1")
            info.size = 3
            t.addfile(info, io.BytesIO(b"abc"))

    fashion(os.path.join(out, "fashion_label"), np.array([1, 2, 200, 3]), np.zeros((2, 28, 28)))
    fashion(os.path.join(out, "fashion_sizes"), np.array([1, 2, 3, 4]), np.zeros((2, 32, 32)))
    Image.fromarray(np.arange(28 * 28, dtype=np.uint8).reshape(28, 28)).save(os.path.join(out, "picture.png"))
    print(json.dumps(sorted(os.listdir(out))))


if __name__ == "__main__":
    main(sys.argv[1])
