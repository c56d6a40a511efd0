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
        if self._kind < 2:
            raise RuntimeError(f"Unknown Complex ScalarType for {self._legacy}")
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
# What PyTorch makes of a Python int beyond int64: a uint64 number, which promotes with nothing but
# floating types (and itself). Ember has no uint64 tensors; it only takes part in promotion.
_uint64 = dtype("uint64", np.uint64, 1, "UInt64")


def _promote_numbers(a, b):
    """``_PROMOTE`` extended to the uint64 of a big Python int, with PyTorch's refusals."""
    if a is not _uint64 and b is not _uint64:
        return _PROMOTE[a, b]
    if a is b:
        return a
    other = b if a is _uint64 else a
    if other._kind < 2:
        raise RuntimeError(f"Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                           f"{a._legacy} and {b._legacy}")
    return other
# An op result may be written to an output of the same or a higher category, but nothing but bool goes to bool.
_CAN_CAST = {(a, b): a._kind <= b._kind and (a is bool or b is not bool) for a in ALL for b in ALL}


def _check_dtype_arg(function, name, position, value):
    if not isinstance(value, dtype):
        raise TypeError(f"{function}(): argument '{name}' (position {position}) must be torch.dtype, not "
                        f"{builtins.type(value).__name__}")


def promote_types(type1, type2):
    """The smallest dtype to which both arguments can be cast, by PyTorch's table."""
    _check_dtype_arg("promote_types", "type1", 1, type1)
    _check_dtype_arg("promote_types", "type2", 2, type2)
    return _PROMOTE[type1, type2]


def _default_complex():
    return complex128 if _state.default is float64 else complex64


def py_scalar(value):
    """The Python number PyTorch reads ``value`` as (NumPy scalars included), or None for non-numbers."""
    t = builtins.type(value)
    if t is builtins.int or t is builtins.float or t is builtins.bool or t is builtins.complex:
        return value
    if isinstance(value, np.generic):
        if isinstance(value, np.integer):
            return builtins.int(value)
        if isinstance(value, builtins.complex):  # np.complex128 subclasses complex
            return builtins.complex(value)
        if isinstance(value, (np.floating, np.bool_, np.complexfloating)):
            # PyTorch reads np.bool_ and np.complex64 as floats (the latter losing its imaginary part)
            return builtins.float(value.real)
        return None
    for kind in (builtins.bool, builtins.int, builtins.float, builtins.complex):
        if isinstance(value, kind):
            return kind(value)
    return None


def _scalar_dtype(value):
    """The dtype PyTorch gives a Python number standing alone (as in ``torch.tensor(value)``)."""
    t = builtins.type(value)
    if t is builtins.bool:
        return bool
    if t is builtins.int:
        return int64 if value < _UINT64_START else _uint64
    if t is builtins.float:
        return _state.default
    return _default_complex()


_UINT64_START = 1 << 63


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
        return _promote_numbers(higher, lower)
    return higher


_NUMBERS = (builtins.bool, builtins.int, builtins.float, builtins.complex)


def result_type_of(operands):
    """PyTorch's result type over tensors and Python numbers (three priority classes); None is skipped."""
    dim = zero = wrapped = None
    for x in operands:
        if x is None:
            continue
        if builtins.type(x) in _NUMBERS:
            d = _scalar_dtype(x)
            wrapped = d if wrapped is None else _promote_numbers(wrapped, d)
        else:
            d = x._dtype
            if x._data.ndim:
                dim = d if dim is None else _PROMOTE[dim, d]
            else:
                zero = d if zero is None else _PROMOTE[zero, d]
    result = _combine(dim, _combine(zero, wrapped))
    return int64 if result is _uint64 else result


def result_type(tensor, other):
    """The dtype an arithmetic op on the two arguments (tensors or numbers) would produce."""
    from .tensor import Tensor
    args = [x if isinstance(x, Tensor) else py_scalar(x) for x in (tensor, other)]
    if None in args:
        names = ", ".join(builtins.type(x).__name__ for x in (tensor, other))
        raise TypeError(f"result_type() received an invalid combination of arguments - got ({names}), but expected "
                        "one of:\n * (Tensor tensor, Tensor other)\n * (Number scalar, Tensor tensor)\n"
                        " * (Tensor tensor, Number other)\n * (Number scalar1, Number scalar2)\n")
    return result_type_of(args)


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow an op result of ``from_`` to be written into ``to``."""
    _check_dtype_arg("can_cast", "from_", 1, from_)
    _check_dtype_arg("can_cast", "to", 2, to)
    return _CAN_CAST[from_, to]


def check_cast(result, out):
    """Refuse to write an op result of dtype ``result`` into a tensor of dtype ``out``, as PyTorch does."""
    if not _CAN_CAST[result, out]:
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
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as the default type")
    if d._kind != 2:
        raise TypeError("only floating-point types are supported as the default type")
    _state.default = d


# ---------------------------------------------------------------------------------------------
# finfo / iinfo


class _Info:
    """Shared behaviour of finfo and iinfo: equal when every limit is equal, and (like PyTorch's) unhashable."""

    _FIELDS = ()

    def __eq__(self, other):
        if builtins.type(other) is not builtins.type(self):
            return False
        return builtins.all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    def __hash__(self):
        raise TypeError(f"unhashable type: 'torch.{builtins.type(self).__name__}'")


class finfo(_Info):
    """Machine limits of a floating dtype (a complex dtype gives those of its real part)."""

    _FIELDS = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, type=None):
        if type is None:
            type = _state.default
        _check_dtype_arg("finfo", "type", 1, type)
        if type._kind < 2:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        real = type.to_real()
        info = ml_dtypes.finfo(real._np)
        self.bits = info.bits
        self.eps = builtins.float(info.eps)
        self.max = builtins.float(info.max)
        self.min = builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        # the decimal resolution is an exact power of ten: 10 ** -(decimal digits of precision)
        self.resolution = builtins.float(f"1e-{info.precision}")
        self.dtype = real._name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo(_Info):
    """Limits of an integer dtype."""

    _FIELDS = ("bits", "min", "max", "dtype")

    def __init__(self, type):
        _check_dtype_arg("iinfo", "type", 1, type)
        if type is bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type._kind != 1:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        info = np.iinfo(type._np)
        self.bits = info.bits
        self.min = builtins.int(info.min)
        self.max = builtins.int(info.max)
        self.dtype = type._name

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
