"""Keras 3 model files on the Python side of the tests, with h5py, zipfile and NumPy only (Keras cannot run here).

The layout follows Keras 3's saving_lib: a .keras archive is a zip of metadata.json, config.json and
model.weights.h5; a .weights.h5 file is that HDF5 file alone. In it, layers/NAME/vars/0, 1... hold each layer's
variables, NAME being the layer's class in snake_case, numbered _1, _2... from its second occurrence in the model;
optimizer/vars/0... hold the optimizer's (iteration first); an empty group vars is the model's own.

  write OUT SPEC.json [CONFIG.json]   writes OUT (.keras with CONFIG.json, or .weights.h5) as Keras 3 does;
                                      SPEC is {"layers": {"dense": [w0, w1], "dropout": [], ...},
                                               "optimizer": [iteration, learning_rate, slot, ...]}
  describe IN                         prints JSON: the archive's entries, metadata and config (for .keras), and every
                                      HDF5 group and dataset with shape, dtype and, for scalars, value.
  forward IN X.json                   a Dense network's forward pass in NumPy over a .keras archive: the layers in
                                      config.json order, their weights found by Keras 3's naming; relu, softmax,
                                      linear activations; Dropout passes through. Prints the outputs as JSON.
"""
import io
import json
import re
import sys
import zipfile

import h5py
import numpy as np


def snake(name):
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def write_h5(target, spec):
    with h5py.File(target, "w") as f:
        f.create_group("vars")
        for name, values in spec["layers"].items():
            group = f.create_group("layers/%s/vars" % name)
            for i, value in enumerate(values):
                group[str(i)] = np.array(value, dtype="float32")
        if "optimizer" in spec:
            group = f.create_group("optimizer/vars")
            for i, value in enumerate(spec["optimizer"]):
                group[str(i)] = np.int64(value) if i == 0 else np.array(value, dtype="float32")


def write(out, spec_path, config_path=None):
    spec = json.load(open(spec_path))
    if out.endswith(".weights.h5"):
        write_h5(out, spec)
        return
    weights = io.BytesIO()
    write_h5(weights, spec)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-05-01@12:00:00"}))
        zf.writestr("config.json", open(config_path).read())
        zf.writestr("model.weights.h5", weights.getvalue())


def tree(f):
    items = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            items[name] = {"shape": list(obj.shape), "dtype": str(obj.dtype),
                           "value": obj[()].item() if obj.ndim == 0 else None}
        else:
            items[name] = {"group": True, "attrs": list(obj.attrs.keys())}
    f.visititems(visit)
    return items


def describe(path):
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as zf:
            with h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r") as f:
                print(json.dumps({"entries": zf.namelist(),
                                  "metadata": json.loads(zf.read("metadata.json")),
                                  "config": json.loads(zf.read("config.json")),
                                  "root_attrs": list(f.attrs.keys()),
                                  "h5": tree(f)}))
    else:
        with h5py.File(path, "r") as f:
            print(json.dumps({"root_attrs": list(f.attrs.keys()), "h5": tree(f)}))


def forward(path, x_path):
    x = np.array(json.load(open(x_path)), dtype="float64")
    with zipfile.ZipFile(path) as zf:
        config = json.loads(zf.read("config.json"))
        with h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r") as f:
            used = {}
            for layer in config["config"]["layers"]:
                kind = layer["class_name"]
                if kind == "InputLayer":
                    continue
                name = snake(kind)
                used[name] = used[name] + 1 if name in used else 0
                path_name = name if used[name] == 0 else "%s_%d" % (name, used[name])
                if kind == "Dropout":
                    continue
                if kind != "Dense":
                    sys.exit("forward knows Dense and Dropout only, not " + kind)
                group = f["layers/%s/vars" % path_name]
                x = x @ group["0"][()] + group["1"][()]
                activation = layer["config"]["activation"]
                if activation == "relu":
                    x = np.maximum(x, 0)
                elif activation == "softmax":
                    e = np.exp(x - x.max(axis=1, keepdims=True))
                    x = e / e.sum(axis=1, keepdims=True)
                elif activation != "linear":
                    sys.exit("unknown activation " + activation)
    print(json.dumps(x.tolist()))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    elif command == "describe":
        describe(sys.argv[2])
    elif command == "forward":
        forward(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: see the docstring")
