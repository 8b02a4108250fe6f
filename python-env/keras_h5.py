"""Keras 2 HDF5 weights files on the Python side of the tests, with h5py and NumPy only (Keras cannot run here).

  write OUT.h5 SPEC.json [--whole-model] [--vlen]   writes the weights in SPEC as Keras 2.2.4's save_weights does, with
                                                    its h5py calls (lists of names as lists of bytes, an empty list as
                                                    h5py stores it: an empty float64 array; long lists split into
                                                    name0, name1...); --whole-model puts them in a 'model_weights'
                                                    group as save_model does; --vlen writes variable-length strings,
                                                    as tf.keras 2.x writes them.
  forward IN.h5 X.json                              a Dense network's forward pass in NumPy over the weights in
                                                    IN.h5 (relu between layers, softmax at the end), printed as JSON.
  describe IN.h5                                    prints the layout as JSON: attribute dtypes and values.
  describe-model IN.h5                              a whole-model file as Keras 2.2's load_model reads it (byte strings,
                                                    lists maybe split into name0, name1...): model_config,
                                                    training_config, optimizer_weights in order.
  write-model OUT.h5 SPEC.json MODEL.json TRAINING.json
                                                    a whole-model file as Keras 2.2's save_model writes it; SPEC may
                                                    hold "optimizer": {"iterations": N, "weights": [...]}.

SPEC is {"layers": [{"name": "dense_1", "weights": {"dense_1/kernel:0": [[...]], ...}}, ...]}.
"""
import json
import sys

import h5py
import numpy as np


HDF5_OBJECT_HEADER_LIMIT = 64512


def strings(values, vlen):
    if vlen:
        return np.array(values, dtype=h5py.string_dtype())
    # Keras 2.2.4 assigns a Python list of bytes: h5py makes it a fixed-length byte-string array, and an empty list
    # an empty float64 array.
    return [v.encode("utf8") for v in values]


def save_attributes(group, name, data):
    # Keras 2.2.4's save_attributes_to_hdf5_group: split into name0, name1... when one attribute would be too large.
    data_npy = np.asarray(data)
    num_chunks = 1
    chunked_data = np.array_split(data_npy, num_chunks)
    while any(x.nbytes > HDF5_OBJECT_HEADER_LIMIT for x in chunked_data):
        num_chunks += 1
        chunked_data = np.array_split(data_npy, num_chunks)
    if num_chunks > 1:
        for chunk_id, chunk_data in enumerate(chunked_data):
            group.attrs["%s%d" % (name, chunk_id)] = chunk_data
    else:
        group.attrs[name] = data


def write(out, spec_path, whole_model, vlen):
    spec = json.load(open(spec_path))
    with h5py.File(out, "w") as f:
        root = f.create_group("model_weights") if whole_model else f
        if whole_model:
            f.attrs["model_config"] = b'{"class_name": "Sequential"}'
        save_attributes(root, "layer_names", strings([layer["name"] for layer in spec["layers"]], vlen))
        root.attrs["backend"] = "tensorflow".encode("utf8")
        root.attrs["keras_version"] = "2.2.4".encode("utf8")
        for layer in spec["layers"]:
            group = root.create_group(layer["name"])
            names = list(layer["weights"].keys())
            save_attributes(group, "weight_names", strings(names, vlen))
            for name in names:
                val = np.array(layer["weights"][name], dtype="float32")
                param_dset = group.create_dataset(name, val.shape, dtype=val.dtype)
                if not val.shape:
                    param_dset[()] = val
                else:
                    param_dset[:] = val


def decoded(names):
    # Keras 2.2's load_attributes_from_hdf5_group does n.decode('utf8'): the names must be byte strings.
    return [n.decode("utf8") for n in names]


def forward(path, x_path):
    x = np.array(json.load(open(x_path)), dtype="float64")
    with h5py.File(path, "r") as f:
        layers = [name for name in decoded(f.attrs["layer_names"]) if len(f[name].attrs["weight_names"])]
        for i, name in enumerate(layers):
            kernel, bias = (f[name][w][()] for w in decoded(f[name].attrs["weight_names"]))
            x = x @ kernel + bias
            if i < len(layers) - 1:
                x = np.maximum(x, 0)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    print(json.dumps((e / e.sum(axis=1, keepdims=True)).tolist()))


def describe(path):
    with h5py.File(path, "r") as f:
        names = f.attrs["layer_names"]
        print(json.dumps({
            "layer_names_dtype": names.dtype.kind,
            "layer_names": decoded(names),
            "keras_version": f.attrs["keras_version"].decode("utf8"),
            "weights": {n: {"names": decoded(f[n].attrs["weight_names"]),
                            "shapes": [list(f[n][w].shape) for w in decoded(f[n].attrs["weight_names"])],
                            "dtypes": [str(f[n][w].dtype) for w in decoded(f[n].attrs["weight_names"])]}
                        for n in decoded(names)},
        }))


def keras22_names(group, name):
    # As Keras 2.2's load_attributes_from_hdf5_group: whole, or in chunks name0, name1, ...; bytes decoded.
    if name in group.attrs:
        return decoded(group.attrs[name])
    names, chunk = [], 0
    while "%s%d" % (name, chunk) in group.attrs:
        names.extend(decoded(group.attrs["%s%d" % (name, chunk)]))
        chunk += 1
    return names


def describe_model(path):
    with h5py.File(path, "r") as f:
        state = f["optimizer_weights"]
        names = keras22_names(state, "weight_names")
        print(json.dumps({
            "chunked_layer_names": "layer_names" not in f["model_weights"].attrs,
            "model_config": json.loads(f.attrs["model_config"].decode("utf-8")),
            "training_config": json.loads(f.attrs["training_config"].decode("utf-8")),
            "layer_names": keras22_names(f["model_weights"], "layer_names"),
            "optimizer_weights": [{"name": n, "shape": list(state[n].shape), "dtype": str(state[n].dtype),
                                   "value": state[n][()].tolist() if state[n].ndim == 0 else None} for n in names],
        }))


def write_model(out, spec_path, model_json, training_json):
    spec = json.load(open(spec_path))
    write(out, spec_path, True, False)
    with h5py.File(out, "a") as f:
        f.attrs["model_config"] = open(model_json).read().encode("utf8")
        f.attrs["training_config"] = open(training_json).read().encode("utf8")
        optimizer = spec.get("optimizer")
        if optimizer:
            group = f.create_group("optimizer_weights")
            names = ["training/SGD/iterations:0"] + ["training/SGD/Variable_%d:0" % i for i in range(len(optimizer["weights"]))]
            group.attrs["weight_names"] = strings(names, False)
            group.create_dataset(names[0], data=np.int64(optimizer["iterations"]))
            for name, value in zip(names[1:], optimizer["weights"]):
                group.create_dataset(name, data=np.array(value, dtype="float32"))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2], sys.argv[3], "--whole-model" in sys.argv, "--vlen" in sys.argv)
    elif command == "forward":
        forward(sys.argv[2], sys.argv[3])
    elif command == "describe":
        describe(sys.argv[2])
    elif command == "describe-model":
        describe_model(sys.argv[2])
    elif command == "write-model":
        write_model(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        sys.exit("usage: see the docstring")
