"""IMDB- and Reuters-format files, written as Keras's are (np.savez of object arrays of Python lists), and what Keras
2.2.4's imdb.load_data and reuters.load_data return for them: the reference for KerasSharp's IMDB and Reuters loaders.
The loaders' steps are Keras 2.2.4's (keras/datasets/imdb.py and reuters.py), run here with NumPy's own legacy random
generator, whose shuffle KerasSharp must reproduce exactly.

  keras_text_datasets.py FOLDER   writes FOLDER/imdb.npz, imdb_word_index.json, reuters.npz and expected.json, the
                                  latter holding each case's arguments and results.
"""
import json
import os
import sys

import numpy as np

folder = sys.argv[1]
rng = np.random.RandomState(2024)


def corpus(n, vocabulary):
    # Zipf-like word frequencies and review lengths of 3 to 70 words, as text datasets have them.
    return [list(int(w) for w in np.minimum(rng.zipf(1.3, rng.randint(3, 70)), vocabulary)) for _ in range(n)]


def objects(lists):
    array = np.empty(len(lists), dtype=object)
    array[:] = lists
    return array


x_train, x_test = corpus(120, 400), corpus(80, 400)
y_train, y_test = rng.randint(0, 2, 120), rng.randint(0, 2, 80)
np.savez(os.path.join(folder, "imdb.npz"), x_train=objects(x_train), y_train=y_train, x_test=objects(x_test), y_test=y_test)
json.dump({"the": 1, "and": 2, "a": 3, "film": 17}, open(os.path.join(folder, "imdb_word_index.json"), "w"))
x_all, y_all = corpus(150, 300), rng.randint(0, 46, 150)
np.savez(os.path.join(folder, "reuters.npz"), x=objects(x_all), y=y_all)


def _remove_long_seq(maxlen, seq, label):
    new_seq, new_label = [], []
    for x, y in zip(seq, label):
        if len(x) < maxlen:
            new_seq.append(x)
            new_label.append(y)
    return new_seq, new_label


def finish(xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from):
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    if maxlen:
        xs, labels = _remove_long_seq(maxlen, xs, labels)
    if not num_words:
        num_words = max([max(x) for x in xs])
    if oov_char is not None:
        xs = [[w if (skip_top <= w < num_words) else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    return xs, list(labels)


def imdb(num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    with np.load(os.path.join(folder, "imdb.npz"), allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]
    np.random.seed(seed)
    indices = np.arange(len(x_train))
    np.random.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    np.random.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    xs, labels = finish(list(np.concatenate([x_train, x_test])), np.concatenate([labels_train, labels_test]),
                        num_words, skip_top, maxlen, start_char, oov_char, index_from)
    idx = len(x_train)
    return xs[:idx], labels[:idx], xs[idx:], labels[idx:]


def reuters(num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3):
    with np.load(os.path.join(folder, "reuters.npz"), allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]
    np.random.seed(seed)
    indices = np.arange(len(xs))
    np.random.shuffle(indices)
    xs, labels = finish(list(xs[indices]), labels[indices], num_words, skip_top, maxlen, start_char, oov_char, index_from)
    idx = int(len(xs) * (1 - test_split))
    return xs[:idx], labels[:idx], xs[idx:], labels[idx:]


cases = {
    "imdb_default": ("imdb", {}),
    "imdb_vocabulary": ("imdb", {"num_words": 50, "skip_top": 3}),
    "imdb_maxlen": ("imdb", {"maxlen": 30}),
    "imdb_no_oov": ("imdb", {"num_words": 40, "oov_char": None}),
    "imdb_raw": ("imdb", {"start_char": None, "index_from": 0, "seed": 7}),
    "reuters_default": ("reuters", {}),
    "reuters_split": ("reuters", {"test_split": 0.3, "maxlen": 40, "num_words": 60}),
}
expected = {}
for name, (dataset, kwargs) in cases.items():
    xtr, ytr, xte, yte = (imdb if dataset == "imdb" else reuters)(**kwargs)
    expected[name] = {"dataset": dataset, "kwargs": kwargs, "x_train": [[int(w) for w in x] for x in xtr], "y_train": [int(y) for y in ytr],
                      "x_test": [[int(w) for w in x] for x in xte], "y_test": [int(y) for y in yte]}
json.dump(expected, open(os.path.join(folder, "expected.json"), "w"))
