"""PyTorch contender of the KerasSharp benchmark: the tutorial's networks in plain PyTorch.

Usage: /usr/bin/python3 bench_pytorch.py --model 4|6|lstm --threads N --warmup W --steps S --predict P
Prints one JSON object: seconds for S training steps of batch 32 after W warm-up steps, and seconds
to predict P samples in batches of 32. Random data; timing only: CIFAR-shaped images (N, 3, 32, 32)
for the 4- and 6-conv networks (SGD, Nesterov momentum), IMDB-shaped index sequences (N, 200) below
20,000 for Keras's IMDB LSTM example (Embedding 128, LSTM 128, Dense 1; Adam).
"""
import argparse
import contextlib
import json
import time

import torch
import torch.nn as nn


def four_conv():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 6 * 6, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 10))


def six_conv():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Dropout(0.2), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Dropout(0.2), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.Dropout(0.2), nn.Conv2d(128, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.2), nn.Linear(128 * 4 * 4, 1024), nn.ReLU(), nn.Dropout(0.2), nn.Linear(1024, 10))


class ImdbLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20000, 128)
        self.lstm = nn.LSTM(128, 128, batch_first=True)
        self.dense = nn.Linear(128, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(self.embedding(x))
        return self.dense(h[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["4", "6", "lstm"], required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--predict", type=int, default=10000)
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast (torch.autocast('cpu', torch.bfloat16)), float32 weights")
    a = parser.parse_args()
    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if a.bf16 else contextlib.nullcontext
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.model == "lstm":
        net = ImdbLstm()
        x = torch.randint(0, 20000, (64 * 32, 200))
        y = torch.randint(0, 2, (64 * 32, 1)).float()
        optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
        loss_fn = nn.BCEWithLogitsLoss()
        samples = torch.randint(0, 20000, (a.predict, 200))
        probabilities = torch.sigmoid
    else:
        net = four_conv() if a.model == "4" else six_conv()
        x = torch.rand(64 * 32, 3, 32, 32)
        y = torch.randint(0, 10, (64 * 32,))
        optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True)
        loss_fn = nn.CrossEntropyLoss()
        samples = torch.rand(a.predict, 3, 32, 32)
        probabilities = lambda logits: torch.softmax(logits, 1)

    def steps(n):
        net.train()
        for i in range(n):
            j = i % 64 * 32
            optimizer.zero_grad()
            with autocast():
                out = net(x[j:j + 32])
            loss = loss_fn(out.float(), y[j:j + 32])
            loss.backward()
            optimizer.step()

    steps(a.warmup)
    start = time.perf_counter()
    steps(a.steps)
    train_seconds = time.perf_counter() - start

    net.eval()
    start = time.perf_counter()
    with torch.inference_mode(), autocast():
        for j in range(0, a.predict, 32):
            probabilities(net(samples[j:j + 32]).float())
    predict_seconds = time.perf_counter() - start
    print(json.dumps({"train_seconds": train_seconds, "steps": a.steps, "predict_seconds": predict_seconds,
                      "predict_images": a.predict, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
