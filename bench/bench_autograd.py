"""Autograd benchmarks: recording and backward overhead, and an MLP training step, Ember against PyTorch."""
import numpy as np
import torch

import ember

from common import compare


def _mlp(lib, rng):
    """A 784-512-512-10 MLP step on a batch of 128, written with raw tensor ops, for ``lib``."""
    sizes = [784, 512, 512, 10]
    params = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        w = lib.tensor(rng.standard_normal((fan_in, fan_out), dtype=np.float32) / np.float32(np.sqrt(fan_in)),
                       requires_grad=True)
        b = lib.zeros(fan_out, requires_grad=True)
        params += [w, b]
    x = lib.tensor(rng.standard_normal((128, 784), dtype=np.float32))
    target = lib.tensor(rng.integers(0, 10, 128))

    def step():
        h = x
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = h.relu()
        loss = -h.log_softmax(dim=1)[lib.arange(128), target].mean()
        loss.backward()
        with lib.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
        return loss
    return step


def cases():
    e_a, e_b = ember.ones(2, 2, requires_grad=True), ember.ones(2, 2, requires_grad=True)
    t_a, t_b = torch.ones(2, 2, requires_grad=True), torch.ones(2, 2, requires_grad=True)
    return [
        ("2x2 add, requires_grad", lambda: e_a + e_b, lambda: t_a + t_b),
        ("MLP 784-512-512-10 SGD step, batch 128", _mlp(ember, np.random.default_rng(0)),
         _mlp(torch, np.random.default_rng(0))),
    ]


if __name__ == "__main__":
    print(f"torch threads: {torch.get_num_threads()}")
    compare(cases(), "Autograd")
