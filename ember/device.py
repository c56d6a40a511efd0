"""Devices and the array module (xp) that computes on each."""
import numpy as np

_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia", "xla",
          "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


class device:
    """Where a tensor lives: a type ('cpu', 'cuda', ...) and an optional index."""

    __slots__ = ("type", "index")

    def __new__(cls, type_or_str, index=None):
        if isinstance(type_or_str, device):
            return type_or_str
        key = (type_or_str, index)
        found = _CACHE.get(key)
        if found is not None:
            return found
        if isinstance(type_or_str, int):  # device(0) means an index on the current accelerator
            raise RuntimeError("Cannot access accelerator device when none is available.")
        elif isinstance(type_or_str, str):
            type_, idx = _parse(type_or_str)
            if index is not None:
                if idx is not None:
                    raise RuntimeError(f"type (string) must not include an index because index was passed "
                                       f"explicitly: {type_or_str}")
                idx = index
        else:
            raise TypeError(f"device() received an invalid combination of arguments - got ({type(type_or_str).__name__})")
        self = object.__new__(cls)
        object.__setattr__(self, "type", type_)
        object.__setattr__(self, "index", idx)
        _CACHE[key] = self
        return self

    def __setattr__(self, name, value):
        raise AttributeError(f"attribute '{name}' of 'torch.device' objects is not writable")

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and self.type == other.type and self.index == other.index

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return device, (self.type, self.index)


_CACHE = {}


def _parse(text):
    type_, sep, idx = text.partition(":")
    if type_ not in _TYPES:
        raise RuntimeError(f"Expected one of {', '.join(_TYPES)} device type at start of device string: {text}")
    if not sep:
        return type_, None
    if not idx.isdigit() or (len(idx) > 1 and idx[0] == "0"):
        raise RuntimeError(f"Invalid device string: '{text}'")
    return type_, int(idx)


cpu = device("cpu")


def as_device(d):
    """A device from a device, a string, an int or None (None means the CPU)."""
    if d is None or d is cpu:
        return cpu
    d = device(d)
    if d.type == "cpu":
        return cpu if d.index is None else d
    if d.type == "meta":
        raise NotImplementedError("Ember has no meta device yet")
    if d.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    raise RuntimeError(f"Ember has no backend for device type {d.type}")


def xp_for(d):
    """The array module computing on device ``d``: NumPy for the CPU (a CuPy device would return cupy)."""
    return np
