"""Data types: the torch dtype objects, their NumPy twins, and PyTorch's type promotion."""
import builtins
import threading

import ml_dtypes
import numpy as np


class dtype:
    """A tensor element type; compares by identity, prints as ``torch.<name>``."""

    __slots__ = ("_name", "_np", "itemsize", "is_floating_point", "is_complex", "is_signed",
                 "_kind", "_legacy", "__weakref__")

    def __init__(self, name, np_dtype, kind, legacy):
        self._name = name
        self._np = np.dtype(np_dtype)
        self.itemsize = self._np.itemsize
        self._kind = kind  # 0 bool, 1 integer, 2 floating, 3 complex: PyTorch's promotion categories
        self.is_floating_point = kind == 2
        self.is_complex = kind == 3
        self.is_signed = name not in ("bool", "uint8")
        self._legacy = legacy  # the name inside 'torch.FloatTensor'

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):
        return self._name

    def to_complex(self):
        return _TO_COMPLEX[self]

    def to_real(self):
        return _TO_REAL.get(self, self)


bool = dtype("bool", np.bool_, 0, "Bool")
uint8 = dtype("uint8", np.uint8, 1, "Byte")
int8 = dtype("int8", np.int8, 1, "Char")
int16 = dtype("int16", np.int16, 1, "Short")
int32 = dtype("int32", np.int32, 1, "Int")
int64 = dtype("int64", np.int64, 1, "Long")
float16 = dtype("float16", np.float16, 2, "Half")
bfloat16 = dtype("bfloat16", ml_dtypes.bfloat16, 2, "BFloat16")
float32 = dtype("float32", np.float32, 2, "Float")
float64 = dtype("float64", np.float64, 2, "Double")
complex64 = dtype("complex64", np.complex64, 3, "ComplexFloat")
complex128 = dtype("complex128", np.complex128, 3, "ComplexDouble")

# PyTorch's aliases are the same objects.
half, float, double = float16, float32, float64
short, int, long = int16, int32, int64
cfloat, cdouble = complex64, complex128

ALL = (bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64, complex64, complex128)
_TO_COMPLEX = {float16: complex64, bfloat16: complex64, float32: complex64, float64: complex128,
               complex64: complex64, complex128: complex128}
_TO_REAL = {complex64: float32, complex128: float64}
_FROM_NUMPY = {d._np: d for d in ALL}
_BY_NAME = {d._name: d for d in ALL}
_BY_NAME.update(half=half, float=float, double=double, short=short, int=int, long=long,
                cfloat=cfloat, cdouble=cdouble)


def from_numpy_dtype(np_dtype):
    """The ember dtype of a NumPy dtype; TypeError for types PyTorch lacks."""
    try:
        return _FROM_NUMPY[np_dtype]
    except KeyError:
        pass
    try:
        return _FROM_NUMPY[np.dtype(np_dtype)]
    except (KeyError, TypeError):
        raise TypeError(f"can't convert np.ndarray of type {np.dtype(np_dtype)}. The only supported types are: "
                        "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, "
                        "and bool.") from None


# ---------------------------------------------------------------------------------------------
# Promotion


def _promote_pair(a, b):
    if a is b:
        return a
    if a._kind < b._kind or (a._kind == b._kind and a.itemsize < b.itemsize):
        a, b = b, a  # now a is the "bigger" one
    if a._kind == 3:
        if b is float64:
            return complex128
        return a
    if a._kind == 2:
        if b._kind == 2 and a.itemsize == b.itemsize == 2:
            return float32  # float16 with bfloat16
        return a
    if a._kind == 1 and b._kind == 1 and a.is_signed != b.is_signed:
        return int16 if a.itemsize == 1 else a  # uint8 with int8 needs int16
    return a


_PROMOTE = {(a, b): _promote_pair(a, b) for a in ALL for b in ALL}


def promote_types(type1, type2):
    """The smallest dtype to which both arguments can be cast, by PyTorch's table."""
    return _PROMOTE[type1, type2]


def _default_complex():
    return complex128 if _state.default is float64 else complex64


def _scalar_dtype(value):
    """The dtype PyTorch gives a Python scalar standing alone."""
    t = type(value)
    if t is builtins.bool:
        return bool
    if t is builtins.int:
        return int64
    if t is builtins.float:
        return _state.default
    if t is builtins.complex:
        return _default_complex()
    if isinstance(value, np.generic):
        return from_numpy_dtype(value.dtype)
    raise TypeError(f"unsupported scalar type {t.__name__}")


def _combine(higher, lower):
    """Merge results of two priority classes; the lower class counts only if its category is higher."""
    if higher is None:
        return lower
    if lower is None or higher._kind == 3:
        return higher
    if lower._kind == 3:
        return higher.to_complex() if higher._kind == 2 else lower
    if higher._kind == 2:
        return higher
    if higher is bool or lower._kind == 2:
        return _PROMOTE[higher, lower]
    return higher


def result_type_of(operands):
    """PyTorch's result type over tensors and Python scalars (three priority classes)."""
    from .tensor import Tensor
    dim = zero = wrapped = None
    for x in operands:
        if isinstance(x, Tensor):
            d = x._dtype
            if x._data.ndim:
                dim = d if dim is None else _PROMOTE[dim, d]
            else:
                zero = d if zero is None else _PROMOTE[zero, d]
        elif x is not None:
            d = _scalar_dtype(x)
            if d._kind == 3:
                d = _default_complex()
            elif d._kind == 2:
                d = _state.default
            wrapped = d if wrapped is None else _PROMOTE[wrapped, d]
    return _combine(dim, _combine(zero, wrapped))


def result_type(tensor, other):
    """The dtype an arithmetic op on the two arguments would produce."""
    return result_type_of((tensor, other))


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow an op result of ``from_`` to be written into ``to``."""
    if from_._kind > to._kind:
        return False
    return not (from_ is not bool and to is bool)


def check_cast(result, out):
    if not can_cast(result, out):
        raise RuntimeError(f"result type {result._legacy} can't be cast to the "
                           f"desired output type {out._legacy}")


# ---------------------------------------------------------------------------------------------
# Default dtype


class _State(threading.local):
    default = float32


_state = _State()


def get_default_dtype():
    """The floating dtype used for Python floats and for factory functions without ``dtype=``."""
    return _state.default


def set_default_dtype(d):
    """Set the default floating dtype (float16, bfloat16, float32 or float64)."""
    if not isinstance(d, dtype) or d._kind != 2:
        raise TypeError("only floating-point types are supported as the default type")
    _state.default = d


# ---------------------------------------------------------------------------------------------
# finfo / iinfo


class finfo:
    """Machine limits of a floating dtype."""

    def __init__(self, type=None):
        type = _state.default if type is None else type
        if not (type.is_floating_point or type.is_complex):
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        info = ml_dtypes.finfo(type.to_real()._np)
        self.bits = info.bits
        self.eps = builtins.float(info.eps)
        self.max = builtins.float(info.max)
        self.min = builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.resolution = builtins.float(info.resolution)
        self.dtype = type.to_real()._name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """Limits of an integer dtype."""

    def __init__(self, type):
        if type._kind > 1:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        info = np.iinfo(np.uint8 if type is bool else type._np)
        self.bits = 8 if type is bool else info.bits
        self.min = 0 if type is bool else builtins.int(info.min)
        self.max = 1 if type is bool else builtins.int(info.max)
        self.dtype = type._name

    def __repr__(self):
        return f"iinfo(min={builtins.float(self.min):g}, max={builtins.float(self.max):g}, dtype={self.dtype})"
