"""Tensor-core benchmarks: per-op overhead and kernel-bound ops, Ember against PyTorch in one run."""
import numpy as np
import torch

import ember

from common import compare


def cases():
    rng = np.random.default_rng(0)
    small = rng.random((2, 2), dtype=np.float32)
    big = rng.random((1000, 1000), dtype=np.float32)
    mat = rng.random((256, 256), dtype=np.float32)
    e_small, t_small = ember.tensor(small), torch.tensor(small)
    e_big, t_big = ember.tensor(big), torch.tensor(big)
    e_mat, t_mat = ember.tensor(mat), torch.tensor(mat)
    return [
        ("2x2 float32 add", lambda: e_small + e_small, lambda: t_small + t_small),
        ("1000x1000 float32 add", lambda: e_big + e_big, lambda: t_big + t_big),
        ("scalar index t[0, 0]", lambda: e_big[0, 0], lambda: t_big[0, 0]),
        ("1000x1000 t.sum()", lambda: e_big.sum(), lambda: t_big.sum()),
        ("256x256 matmul", lambda: e_mat @ e_mat, lambda: t_mat @ t_mat),
    ]


if __name__ == "__main__":
    print(f"torch threads: {torch.get_num_threads()}")
    compare(cases(), "Tensor core")
