"""Writes small dataset files in the real published formats, with real pickle, NumPy and tarfile.

Usage: /usr/bin/python3 make_dataset_fixtures.py OUT_DIR

The KerasSharp tests load these files and must return exactly the arrays recorded in
OUT_DIR/expected.json, which NumPy computes here (including the (N, 3, 32, 32) -> (N, 32, 32, 3)
transpose Keras applies to CIFAR).
"""
import gzip
import io
import json
import os
import pickle
import struct
import sys
import tarfile

import numpy as np


def cifar_batch(rng, n, label_keys):
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    batch = {b"batch_label": b"fixture batch", b"data": data, b"filenames": [b"img%d.png" % i for i in range(n)]}
    labels = {}
    for key, classes in label_keys.items():
        labels[key] = [int(v) for v in rng.integers(0, classes, size=n)]
        batch[key.encode()] = labels[key]
    return data, labels, batch


def to_images(data):
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


def add_folder_to_tar(path, folder):
    with tarfile.open(path, "w:gz") as tar:
        tar.add(folder, arcname=os.path.basename(folder))


def write_cifar10(out, rng, expected):
    py = os.path.join(out, "cifar-10-batches-py")
    binary = os.path.join(out, "cifar-10-batches-bin")
    os.makedirs(py)
    os.makedirs(binary)
    xs, ys = [], []
    for name, n in [("data_batch_%d" % i, 3) for i in range(1, 6)] + [("test_batch", 4)]:
        data, labels, batch = cifar_batch(rng, n, {"labels": 10})
        with open(os.path.join(py, name), "wb") as f:
            pickle.dump(batch, f, protocol=2)
        with open(os.path.join(binary, name + ".bin"), "wb") as f:
            for row, label in zip(data, labels["labels"]):
                f.write(bytes([label]) + row.tobytes())
        xs.append(data)
        ys.append(labels["labels"])
    with open(os.path.join(py, "batches.meta"), "wb") as f:
        pickle.dump({b"label_names": [b"airplane"]}, f, protocol=2)
    add_folder_to_tar(os.path.join(out, "cifar-10-python.tar.gz"), py)
    add_folder_to_tar(os.path.join(out, "cifar-10-binary.tar.gz"), binary)
    expected["cifar10"] = {
        "x_train": to_images(np.concatenate(xs[:5])).ravel().tolist(),
        "y_train": sum(ys[:5], []),
        "x_test": to_images(xs[5]).ravel().tolist(),
        "y_test": ys[5],
    }


def write_cifar100(out, rng, expected):
    py = os.path.join(out, "cifar-100-python")
    os.makedirs(py)
    record = {}
    for name, n in [("train", 5), ("test", 2)]:
        data, labels, batch = cifar_batch(rng, n, {"fine_labels": 100, "coarse_labels": 20})
        with open(os.path.join(py, name), "wb") as f:
            pickle.dump(batch, f, protocol=2)
        record[name] = {"x": to_images(data).ravel().tolist(), "fine": labels["fine_labels"], "coarse": labels["coarse_labels"]}
    add_folder_to_tar(os.path.join(out, "cifar-100-python.tar.gz"), py)
    expected["cifar100"] = record


def write_mnist(out, rng, expected):
    arrays = {
        "x_train": rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, size=6, dtype=np.uint8),
        "x_test": rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, size=3, dtype=np.uint8),
    }
    np.savez(os.path.join(out, "mnist.npz"), **arrays)
    expected["mnist"] = {k: v.ravel().tolist() for k, v in arrays.items()}


def write_fashion(out, rng, expected):
    folder = os.path.join(out, "fashion-mnist")
    os.makedirs(folder)
    record = {}
    for split, n in [("train", 5), ("t10k", 2)]:
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        with gzip.open(os.path.join(folder, "%s-images-idx3-ubyte.gz" % split), "wb") as f:
            f.write(struct.pack(">iiii", 2051, n, 28, 28) + images.tobytes())
        with gzip.open(os.path.join(folder, "%s-labels-idx1-ubyte.gz" % split), "wb") as f:
            f.write(struct.pack(">ii", 2049, n) + labels.tobytes())
        record[split] = {"x": images.ravel().tolist(), "y": labels.tolist()}
    expected["fashion"] = record


def write_hostile(out):
    def archive(name, members):
        with tarfile.open(os.path.join(out, name), "w:gz") as tar:
            for info, payload in members:
                tar.addfile(info, io.BytesIO(payload) if payload is not None else None)

    def file_entry(path, payload=b"evil"):
        info = tarfile.TarInfo(path)
        info.size = len(payload)
        return info, payload

    folder = tarfile.TarInfo("cifar-10-batches-py")
    folder.type = tarfile.DIRTYPE
    archive("dotdot.tar.gz", [(folder, None), file_entry("cifar-10-batches-py/../../escaped.txt")])
    archive("absolute.tar.gz", [(folder, None), file_entry("/tmp/kerassharp-absolute-escape.txt")])
    link = tarfile.TarInfo("cifar-10-batches-py/data_batch_1")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    archive("symlink.tar.gz", [(folder, None), (link, None)])
    with open(os.path.join(out, "corrupt.tar.gz"), "wb") as f:
        f.write(gzip.compress(b"this is not a tar archive at all" * 50))
    with open(os.path.join(out, "cifar-10-python.tar.gz"), "rb") as f:
        whole = f.read()
    with open(os.path.join(out, "truncated.tar.gz"), "wb") as f:
        f.write(whole[: len(whole) // 2])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261129)
    expected = {}
    write_cifar10(out, rng, expected)
    write_cifar100(out, rng, expected)
    write_mnist(out, rng, expected)
    write_fashion(out, rng, expected)
    write_hostile(out)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main()
