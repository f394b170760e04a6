#!/usr/bin/env python3
"""PyTorch peer for `npm run bench` (packages/bench). Run with Debian's /usr/bin/python3 and python3-torch.

A line protocol on stdin/stdout, so the Node harness can interleave PyTorch's timings with its own in one run:
each request is one JSON object per line, each reply one JSON object per line.
  {"op": "info"}                                  -> versions, threads, BLAS
  {"op": "setup", "id": ..., "kind": ..., ...}    -> builds a workload (same model, same batch as poise's)
  {"op": "run", "id": ..., "iters": n}            -> {"seconds": total wall time of n steps}
  {"op": "losses", "id": ..., "steps": n}         -> the loss of n consecutive steps (for the tests)
  {"op": "rss"}                                   -> {"maxRssBytes": peak RSS of this process}
  {"op": "quit"}
PyTorch runs on 1 thread (torch.set_num_threads(1)) unless POISE_BENCH_TORCH_THREADS says otherwise.
"""
import json
import re
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("POISE_BENCH_TORCH_THREADS", "1")))
torch.manual_seed(0)


def blas_info():
    cfg = torch.__config__.show()
    libs = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split()[-1]
                if ("blas" in p or "mkl" in p) and p not in libs:
                    libs.append(p)
    except OSError:
        pass
    m = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    return {"blasInfo": m.group(1) if m else None, "loaded": [os.path.basename(l) for l in libs]}


class Matmul:
    def __init__(self, n, **_):
        self.a = torch.randn(n, n)
        self.b = torch.randn(n, n)

    def step(self):
        torch.mm(self.a, self.b)
        return 0.0


class Makemore:
    """The seeds' batch-norm makemore step (packages/experiments/src/makemore/model.ts)."""

    def __init__(self, vocab=27, block=3, n_embd=10, n_hidden=200, batch=32, lr=0.1, **_):
        g = torch.Generator().manual_seed(2147483647)
        fan_in = n_embd * block
        self.C = torch.randn((vocab, n_embd), generator=g)
        self.W1 = torch.randn((fan_in, n_hidden), generator=g) * (5 / 3) / fan_in ** 0.5
        torch.randn((n_hidden,), generator=g)  # b1, dropped with batch norm (same draws as the seed)
        self.W2 = torch.randn((n_hidden, vocab), generator=g) * 0.01
        self.b2 = torch.randn((vocab,), generator=g) * 0
        self.bngain = torch.ones((1, n_hidden))
        self.bnbias = torch.zeros((1, n_hidden))
        self.bnmean_running = torch.zeros((1, n_hidden))
        self.bnstd_running = torch.ones((1, n_hidden))
        self.parameters = [self.C, self.W1, self.W2, self.b2, self.bngain, self.bnbias]
        for p in self.parameters:
            p.requires_grad = True
        self.Xb = torch.randint(0, vocab, (batch, block), generator=g)
        self.Yb = torch.randint(0, vocab, (batch,), generator=g)
        self.lr = lr

    def step(self):
        emb = self.C[self.Xb]
        embcat = emb.view(emb.shape[0], -1)
        hpreact = embcat @ self.W1
        bnmeani = hpreact.mean(0, keepdim=True)
        bnstdi = hpreact.std(0, keepdim=True)
        hpreact = self.bngain * (hpreact - bnmeani) / bnstdi + self.bnbias
        with torch.no_grad():
            self.bnmean_running = 0.999 * self.bnmean_running + 0.001 * bnmeani
            self.bnstd_running = 0.999 * self.bnstd_running + 0.001 * bnstdi
        h = torch.tanh(hpreact)
        logits = h @ self.W2 + self.b2
        loss = F.cross_entropy(logits, self.Yb)
        for p in self.parameters:
            p.grad = None
        loss.backward()
        for p in self.parameters:
            p.data += -self.lr * p.grad
        return loss.item()


class ModelStep:
    """A module, a fixed batch, cross-entropy and plain SGD: zero_grad, forward, backward, step."""

    def __init__(self, model, x, y, lr):
        self.model = model
        self.x = x
        self.y = y
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)

    def step(self):
        self.opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(self.model(self.x), self.y)
        loss.backward()
        self.opt.step()
        return loss.item()


def mlp(bn=False, batch=60, widths=(784, 100, 100, 100, 10), lr=0.1, **_):
    """Ioffe & Szegedy's Fig. 1 MLP: 784-100-100-100-10, sigmoid, optionally BatchNorm1d before each sigmoid."""
    layers = []
    for i in range(len(widths) - 2):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if bn:
            layers.append(nn.BatchNorm1d(widths[i + 1]))
        layers.append(nn.Sigmoid())
    layers.append(nn.Linear(widths[-2], widths[-1]))
    model = nn.Sequential(*layers).train()
    x = torch.randn(batch, widths[0])
    y = torch.randint(0, widths[-1], (batch,))
    return ModelStep(model, x, y, lr)


def convnet(layers=10, channels=16, size=28, batch=32, in_channels=1, classes=10, lr=0.01, **_):
    """`layers` 3x3 convolutions (padding 1) with ReLU, global average pooling, a linear classifier."""
    mods = []
    c = in_channels
    for _i in range(layers):
        mods += [nn.Conv2d(c, channels, 3, padding=1), nn.ReLU()]
        c = channels
    mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, classes)]
    model = nn.Sequential(*mods).train()
    x = torch.randn(batch, in_channels, size, size)
    y = torch.randint(0, classes, (batch,))
    return ModelStep(model, x, y, lr)


KINDS = {"matmul": Matmul, "makemore": Makemore, "mlp": mlp, "convnet": convnet}


def main():
    workloads = {}
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        op = req.get("op")
        try:
            if op == "info":
                rep = {"torch": torch.__version__, "threads": torch.get_num_threads(), "python": sys.version.split()[0], "blas": blas_info()}
            elif op == "setup":
                args = {k: v for k, v in req.items() if k not in ("op", "id", "kind")}
                workloads[req["id"]] = KINDS[req["kind"]](**args)
                workloads[req["id"]].step()  # warm-up: allocator, BLAS buffers
                rep = {"ok": True}
            elif op == "run":
                w = workloads[req["id"]]
                n = int(req["iters"])
                t0 = time.perf_counter()
                for _ in range(n):
                    w.step()
                rep = {"seconds": time.perf_counter() - t0}
            elif op == "losses":
                w = workloads[req["id"]]
                rep = {"losses": [w.step() for _ in range(int(req["steps"]))]}
            elif op == "rss":
                rep = {"maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
            elif op == "quit":
                out.write(json.dumps({"ok": True}) + "\n")
                out.flush()
                return
            else:
                rep = {"error": "unknown op %r" % op}
        except Exception as e:  # reported to the harness, which prints it
            rep = {"error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(rep) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
