"""Conversions between dtypes and devices: ``to``, ``type``, ``float()``, ``long()``, ``cpu()``..."""
import builtins
import warnings

import numpy as np

from .. import dtypes as _dt
from ..device import as_device, device as _device
from ..tensor import Tensor, _wrap

_LEGACY = {f"torch.{d._legacy}Tensor": d for d in _dt.ALL}


def cast(t, dtype, copy=False):
    """``t`` with elements converted to ``dtype`` (PyTorch's casting: truncation, wrap-around)."""
    if dtype is t._dtype:
        return _wrap(t._data.copy(), dtype) if copy else t
    data = t._data
    if t._dtype.is_complex and not dtype.is_complex:
        warnings.warn("Casting complex values to real discards the imaginary part", UserWarning, stacklevel=3)
        data = data.real
    with warnings.catch_warnings(), np.errstate(invalid="ignore", over="ignore"):
        warnings.simplefilter("ignore")
        if dtype._kind == 1 and t._dtype is _dt.bfloat16:
            data = data.astype(np.float32)  # ml_dtypes has no direct bfloat16-to-int cast
        return _wrap(data.astype(dtype._np), dtype)


def _parse_to(args, kwargs):
    """(device, dtype, copy) from the many spellings of ``Tensor.to``."""
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() received an invalid combination of arguments - got unexpected keyword "
                        f"{next(iter(kwargs))}")
    args = list(args)
    if args and isinstance(args[0], Tensor):
        other = args.pop(0)
        device, dtype = other._device, other._dtype
    elif args and isinstance(args[0], (str, _device, builtins.int)) and not isinstance(args[0], builtins.bool):
        device = args.pop(0)
    if args and isinstance(args[0], _dt.dtype):
        dtype = args.pop(0)
    if args and isinstance(args[0], builtins.bool):  # non_blocking, then copy, positionally
        args.pop(0)
        if args:
            copy = builtins.bool(args.pop(0))
    if args:
        raise TypeError(f"to() received an invalid combination of arguments - got ({type(args[0]).__name__})")
    return device, dtype, copy


def to(self, *args, **kwargs):
    """This tensor with another dtype and/or on another device; ``self`` itself when nothing changes."""
    device, dtype, copy = _parse_to(args, kwargs)
    if device is not None:
        as_device(device)
    return cast(self, dtype or self._dtype, copy)


def type(self, dtype=None, non_blocking=False, **kwargs):
    """The legacy type name (``'torch.FloatTensor'``), or a conversion to the given type."""
    if dtype is None:
        return f"torch.{self._dtype._legacy}Tensor"
    if isinstance(dtype, str):
        if dtype not in _LEGACY:
            raise ValueError(f"invalid type: '{dtype}'")
        dtype = _LEGACY[dtype]
    return cast(self, dtype)


def type_as(self, other):
    """This tensor converted to ``other``'s dtype."""
    return cast(self, other._dtype)


def cpu(self, memory_format=None):
    """This tensor on the CPU (it already is)."""
    return self


def cuda(self, device=None, non_blocking=False, memory_format=None):
    """Refused: Ember has no CUDA backend yet."""
    as_device("cuda" if device is None else device if not isinstance(device, builtins.int) else f"cuda:{device}")


def _caster(dtype):
    def method(self, memory_format=None):
        return cast(self, dtype)

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
