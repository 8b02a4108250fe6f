"""Keras's text preprocessing (keras_preprocessing 1.1, Debian's python3-keras-preprocessing), the reference for
KerasSharp's SequenceUtil.PadSequences and Tokenizer.

  keras_text.py CASES.json OUT   CASES is {"pad": {"name": {"sequences": [[...]], "kwargs": {...}}},
                                 "tokenizer": {"name": {"kwargs": {...}, "fit": [texts], "texts": [texts]}}};
                                 OUT/NAME.npy holds each padding's array, and OUT/tokenizers.json each tokenizer's
                                 word_index, word_counts, word_docs, document_count, sequences and texts.
"""
import json
import os
import sys

import numpy as np
from keras_preprocessing.sequence import pad_sequences
from keras_preprocessing.text import Tokenizer

cases = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
for name, case in cases.get("pad", {}).items():
    np.save(os.path.join(out, name + ".npy"), pad_sequences(case["sequences"], **case["kwargs"]))
tokenizers = {}
for name, case in cases.get("tokenizer", {}).items():
    tokenizer = Tokenizer(**case["kwargs"])
    tokenizer.fit_on_texts(case["fit"])
    sequences = tokenizer.texts_to_sequences(case["texts"])
    tokenizers[name] = {
        "word_index": tokenizer.word_index, "word_counts": dict(tokenizer.word_counts), "word_docs": dict(tokenizer.word_docs),
        "document_count": tokenizer.document_count, "sequences": sequences, "texts": tokenizer.sequences_to_texts(sequences),
    }
json.dump(tokenizers, open(os.path.join(out, "tokenizers.json"), "w"))
