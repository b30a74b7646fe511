"""PyTorch CPU twin of `npm run --silent bench -- train`, the yardstick of the training target.

The same graph as components/models/shapetex-net.ts (three stages of two 3x3 convolutions with
ReLU and a 2x2 max pool, widths 16/32/64, global average pooling, a linear layer to 6 classes),
softmax cross-entropy, Adam at 0.002, batch 64 at 32 px, random data; timed over 20 batches
(--batches) after 3 warm-up batches, on every core PyTorch uses by default. Not part of the project's
toolchain, and CI does not run it: run it where PyTorch is installed,
  python3 data/bench/pytorch-train.py [--batches N]
and it prints {"pytorch_train": {"images_per_second": N, ...}} as JSON. With
BENCH_PYTORCH=<that python> set, `npm run --silent bench -- train` runs it right after the
tfjs measurement, so both are taken under the same load (data/bench/train.ts).
"""
import argparse
import json
import os
import time

import torch
from torch import nn


def shapetex_net(classes=6, widths=(16, 32, 64)):
    layers, cin = [], 3
    for w in widths:
        layers += [nn.Conv2d(cin, w, 3, padding=1), nn.ReLU(), nn.Conv2d(w, w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2)]
        cin = w
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def bench(size=32, batch=64, batches=20, warmup=3, classes=6):
    torch.manual_seed(1)
    model = shapetex_net(classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.002)
    loss_fn = nn.CrossEntropyLoss()
    data = [(torch.rand(batch, 3, size, size) * 2 - 1, torch.randint(0, classes, (batch,))) for _ in range(warmup + batches)]

    def step(x, y):
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    for x, y in data[:warmup]:
        step(x, y)
    start, cpu = time.perf_counter(), time.process_time()
    for x, y in data[warmup:]:
        step(x, y)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    images = batches * batch
    return {
        "images_per_second": round(images / seconds, 1),
        "images_per_cpu_second": round(images / cpu_seconds, 1),
        "size": size, "batch": batch, "batches": batches, "model": "shapetex",
        "threads": torch.get_num_threads(), "torch": torch.__version__,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=20)
    print(json.dumps({"pytorch_train": bench(batches=parser.parse_args().batches)}))
