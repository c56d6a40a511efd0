"""The ``torch.cuda`` namespace: Ember has no CUDA backend yet, so nothing is available."""


def is_available():
    """False: Ember computes on the CPU only."""
    return False


def device_count():
    return 0


def manual_seed(seed):
    """Accepted and ignored: there is no CUDA generator to seed."""


def manual_seed_all(seed):
    """Accepted and ignored: there is no CUDA generator to seed."""


def synchronize(device=None):
    """Nothing to wait for on the CPU."""
