"""PyTorch (Debian's python3-torch 1.13) as the reference for the sequence computations TensorFlow.js lacks: causal
Conv1D and GRU with reset_after (CuDNN's form, which tf.keras 2 and Keras 3 use by default).

  torch_sequences.py FOLDER   FOLDER holds cases.json, {"name": {"kind": "causal_conv1d" | "gru_reset_after",
                              ...arguments}}, and each case's arrays as NAME_x.npy, NAME_kernel.npy, ... in Keras's
                              layouts (written by KerasSharp's np.save); each result is saved as FOLDER/out/NAME.npy.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

folder = sys.argv[1]
os.makedirs(os.path.join(folder, "out"), exist_ok=True)


def array(name, part):
    return torch.from_numpy(np.load(os.path.join(folder, "%s_%s.npy" % (name, part))).astype(np.float32))


for name, case in json.load(open(os.path.join(folder, "cases.json"))).items():
    x = array(name, "x")
    if case["kind"] == "causal_conv1d":
        kernel, bias, dilation, stride = array(name, "kernel"), array(name, "bias"), case["dilation"], case["stride"]
        size = kernel.shape[0]
        padded = F.pad(x.permute(0, 2, 1), ((size - 1) * dilation, 0))
        y = F.conv1d(padded, kernel.permute(2, 1, 0), bias, stride=stride, dilation=dilation).permute(0, 2, 1)
    else:
        # Keras's GRU gates are (z, r, h); PyTorch's are (r, z, n), with n's recurrent bias inside the reset product.
        kernel, recurrent, bias = array(name, "kernel"), array(name, "recurrent"), array(name, "bias")
        units = recurrent.shape[0]
        order = lambda w: torch.cat([w[..., units:2 * units], w[..., :units], w[..., 2 * units:]], -1)
        gru = torch.nn.GRU(x.shape[2], units, batch_first=True)
        with torch.no_grad():
            gru.weight_ih_l0.copy_(order(kernel).t())
            gru.weight_hh_l0.copy_(order(recurrent).t())
            gru.bias_ih_l0.copy_(order(bias[0]))
            gru.bias_hh_l0.copy_(order(bias[1]))
            sequence = x.flip(1) if case["go_backwards"] else x
            outputs, _ = gru(sequence)
        y = outputs if case["return_sequences"] else outputs[:, -1]
    np.save(os.path.join(folder, "out", name + ".npy"), y.detach().numpy())
