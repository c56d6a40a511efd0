"""Conversions between dtypes and devices: ``to``, ``type``, ``float()``, ``long()``, ``cpu()``..."""
import builtins
import sys
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, record, wants_grad
from ..device import as_device, device as _device
from ..tensor import Tensor
from .common import like

_LEGACY = {f"torch.{d._legacy}Tensor": d for d in _dt.ALL}
_warned_complex_to_real = False


def warn_complex_to_real():
    """PyTorch's warning for dropping imaginary parts, given once per process as PyTorch gives it."""
    global _warned_complex_to_real
    if not _warned_complex_to_real:
        _warned_complex_to_real = True
        warnings.warn("Casting complex values to real discards the imaginary part", UserWarning,
                      stacklevel=_user_stacklevel())


def _user_stacklevel():
    """The ``stacklevel`` that attributes a warning to the first caller outside Ember."""
    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("ember."):
        level, frame = level + 1, frame.f_back
    return level


def converted(data, source, dtype):
    """``data`` (of dtype ``source``) converted to ``dtype`` as PyTorch converts elements: truncation toward
    zero, integers wrapping around, NaN and out-of-range floats giving the platform's integer."""
    if source._kind == 3 and dtype._kind < 3:
        warn_complex_to_real()
        data = data.real
    if dtype._kind == 1 and data.dtype.kind == "f":
        if source is _dt.bfloat16:
            data = data.astype(np.float32)  # ml_dtypes has no direct bfloat16-to-integer cast
        elif dtype is _dt.uint8 and data.dtype == np.float64:
            data = data.astype(np.int64)  # PyTorch goes by way of int64 here, wrapping rather than saturating
    return data.astype(dtype._np)


def cast(t, dtype, copy=False):
    """``t`` converted to ``dtype``; ``t`` itself when it already has it (unless ``copy``). A new tensor is laid
    out as ``empty_like(t)``, as PyTorch lays it out."""
    if dtype is t._dtype and not copy:
        return t
    return like(t, converted(t._data, t._dtype, dtype), dtype)


def converted_copy(t, dtype, copy=False):
    """:func:`cast` for the public conversions: a new tensor records ToCopyBackward0 when ``t`` requires grad."""
    r = cast(t, dtype, copy)
    if r is not t and t._requires_grad and r._dtype._kind >= 2 and wants_grad(t):
        record(ToCopyBackward0(t._dtype), r, (t,))
    return r


class ToCopyBackward0(Node):
    """The gradient goes back in the source dtype (the engine drops an imaginary part for a real source)."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def backward(self, grad):
        if grad._dtype._kind == 3 and self.source._kind < 3:
            grad = grad.real
        return cast(grad, self.source),


def _parse_to(args, kwargs):
    """(device, dtype, copy) from the many spellings of ``Tensor.to``."""
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        got = ", ".join(f"{k}={builtins.type(v).__name__}" for k, v in kwargs.items())
        raise TypeError(f"to() received an invalid combination of arguments - got ({got}, )")
    rest = list(args)
    if rest and isinstance(rest[0], Tensor):
        other = rest.pop(0)
        device, dtype = other._device, other._dtype
    elif rest and isinstance(rest[0], (str, _device, builtins.int)) and not isinstance(rest[0], builtins.bool):
        device = rest.pop(0)
    if rest and isinstance(rest[0], _dt.dtype):
        dtype = rest.pop(0)
    if rest and isinstance(rest[0], builtins.bool):  # non_blocking, then copy, positionally
        rest.pop(0)
        if rest and isinstance(rest[0], builtins.bool):
            copy = rest.pop(0)
    if rest:
        got = ", ".join(builtins.type(a).__name__ if not isinstance(a, _dt.dtype) else "torch.dtype" for a in args)
        raise TypeError(f"to() received an invalid combination of arguments - got ({got})")
    return device, dtype, copy


def to(self, *args, **kwargs):
    """This tensor with another dtype and/or on another device; ``self`` itself when nothing changes."""
    device, dtype, copy = _parse_to(args, kwargs)
    if device is not None and as_device(device) != self._device:
        copy = True  # 'cpu:0' is a CPU device all the same, but not this tensor's: PyTorch copies
    return converted_copy(self, dtype or self._dtype, copy)


def type(self, dtype=None, non_blocking=False, **kwargs):
    """The legacy type name (``'torch.FloatTensor'``), or a conversion to the given type."""
    if dtype is None:
        return f"torch.{self._dtype._legacy}Tensor"
    if isinstance(dtype, str):
        if dtype.startswith("torch.cuda."):
            raise RuntimeError("Cannot initialize CUDA: Ember has no CUDA backend")
        if dtype not in _LEGACY:
            raise ValueError(f"invalid type: '{dtype}'")
        dtype = _LEGACY[dtype]
    elif isinstance(getattr(dtype, "dtype", None), _dt.dtype):  # a legacy class: torch.DoubleTensor
        dtype = dtype.dtype
    elif not isinstance(dtype, _dt.dtype):
        raise ValueError(f"invalid type: '{getattr(dtype, '__name__', dtype)}'")
    return converted_copy(self, dtype)


def type_as(self, other):
    """This tensor converted to ``other``'s dtype."""
    return converted_copy(self, other._dtype)


def cpu(self, memory_format=None):
    """This tensor on the CPU (it already is)."""
    return self


def cuda(self, device=None, non_blocking=False, memory_format=None):
    """Refused: Ember has no CUDA backend yet."""
    as_device("cuda" if device is None else device if not isinstance(device, builtins.int) else f"cuda:{device}")


def _caster(dtype):
    def method(self, memory_format=None):
        return converted_copy(self, dtype)

    method.__name__ = dtype._name
    method.__doc__ = f"This tensor as {dtype!r}."
    return method


float = _caster(_dt.float32)
double = _caster(_dt.float64)
half = _caster(_dt.float16)
bfloat16 = _caster(_dt.bfloat16)
int = _caster(_dt.int32)
long = _caster(_dt.int64)
short = _caster(_dt.int16)
char = _caster(_dt.int8)
byte = _caster(_dt.uint8)
bool = _caster(_dt.bool)
cfloat = _caster(_dt.complex64)
cdouble = _caster(_dt.complex128)
