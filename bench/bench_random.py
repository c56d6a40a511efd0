"""Random-number benchmarks: the same draws on Ember and PyTorch in one run."""
import torch

import ember

from common import compare


def cases():
    return [
        ("rand(1_000_000)", lambda: ember.rand(1_000_000), lambda: torch.rand(1_000_000)),
        ("randn(1_000_000)", lambda: ember.randn(1_000_000), lambda: torch.randn(1_000_000)),
        ("randn(1_000_000, float64)", lambda: ember.randn(1_000_000, dtype=ember.float64),
         lambda: torch.randn(1_000_000, dtype=torch.float64)),
    ]


if __name__ == "__main__":
    print(f"torch threads: {torch.get_num_threads()}")
    compare(cases(), "Random numbers")
