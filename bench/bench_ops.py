"""Op-library benchmarks: kernel-bound ops on large tensors, Ember against PyTorch in one run."""
import numpy as np
import torch

import ember

from common import compare


def cases():
    rng = np.random.default_rng(0)
    big = rng.random((1000, 1000), dtype=np.float32)
    line = rng.random(1_000_000, dtype=np.float32)
    system = rng.random((512, 512), dtype=np.float32) + 512 * np.eye(512, dtype=np.float32)
    rhs = rng.random((512, 512), dtype=np.float32)
    e_big, t_big = ember.tensor(big), torch.tensor(big)
    e_line, t_line = ember.tensor(line), torch.tensor(line)
    e_a, t_a, e_b, t_b = ember.tensor(system), torch.tensor(system), ember.tensor(rhs), torch.tensor(rhs)
    return [
        ("1000x1000 exp", lambda: e_big.exp(), lambda: t_big.exp()),
        ("1000x1000 sum(dim=1)", lambda: e_big.sum(dim=1), lambda: t_big.sum(dim=1)),
        ("sort 1e6", lambda: e_line.sort(), lambda: t_line.sort()),
        ("1000x1000 cumsum(dim=1)", lambda: e_big.cumsum(dim=1), lambda: t_big.cumsum(dim=1)),
        ("512x512 linalg.solve", lambda: ember.linalg.solve(e_a, e_b), lambda: torch.linalg.solve(t_a, t_b)),
    ]


if __name__ == "__main__":
    print(f"torch threads: {torch.get_num_threads()}")
    compare(cases(), "Op library")
