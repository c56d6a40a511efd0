"""Argument handling every op family shares: dims, operands and their promotion, results and ``out=``."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, _wrap, _wrap_dim

_PY_SCALARS = (int, float, bool, complex)
_INT_RANGE = {d: (int(np.iinfo(d._np).min), int(np.iinfo(d._np).max))
              for d in (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)}
_REDUCED = (_dt.float16, _dt.bfloat16)
_f32 = np.float32

wrap_dim = _wrap_dim


def dims_of(dim, ndim):
    """A sorted tuple of non-negative dims from an int, a sequence or None (all dims)."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (int, np.integer)):
        return (_wrap_dim(dim, ndim),)
    dims = tuple(_wrap_dim(d, ndim) for d in dim)
    if len(set(dims)) != len(dims):
        for d in dims:
            if dims.count(d) > 1:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return dims


def scalar_of(x):
    """A Python scalar from a Python/NumPy scalar; None when ``x`` is not a scalar."""
    if type(x) in _PY_SCALARS:
        return x
    if isinstance(x, np.generic):
        return x.item()
    return None


def as_tensor_arg(x):
    """Tensors pass through, NumPy arrays are shared, anything else is not an operand."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        from ..creation import from_numpy
        return from_numpy(x)
    return None


def cast_scalar(value, dtype):
    """A Python scalar converted for computing in ``dtype`` (integers wrap around as in PyTorch)."""
    if dtype._kind == 1 and type(value) is int:
        low, high = _INT_RANGE[dtype]
        if not low <= value <= high:
            return np.array(value & ((1 << 8 * dtype.itemsize) - 1)).astype(np.uint64).astype(dtype._np)
    elif dtype._kind == 1 and type(value) is float:
        return np.array(value).astype(dtype._np)
    elif dtype is _dt.bool:
        return bool(value)
    elif dtype._kind == 2 and type(value) is complex:
        return value.real
    return value


def operands(a, b):
    """The arrays (or scalars) to hand NumPy for a binary op, and the PyTorch result dtype.

    Either side may be a Python scalar; the tensor side(s) come cast to the result dtype.
    Reduced-precision floats (float16/bfloat16) against a scalar are computed in float32, as PyTorch's
    CPU kernels do with the scalar kept at full precision.
    """
    ta = isinstance(a, Tensor)
    tb = isinstance(b, Tensor)
    if ta and tb:
        da, db = a._dtype, b._dtype
        if da is db:
            return a._data, b._data, da
        dtype = _dt.result_type_of((a, b))
        x = a._data if da is dtype else a._data.astype(dtype._np)
        y = b._data if db is dtype else b._data.astype(dtype._np)
        return x, y, dtype
    if ta:
        tensor, scalar = a, b
    else:
        tensor, scalar = b, a
    value = scalar_of(scalar)
    if value is None:
        other = as_tensor_arg(scalar)
        if other is None:
            raise TypeError(f"unsupported operand type: '{type(scalar).__name__}'")
        return operands(a if ta else other, other if ta else b)
    dtype = _dt.result_type_of((tensor, value))
    x = tensor._data
    if dtype in _REDUCED:
        x = x.astype(_f32)
    elif tensor._dtype is not dtype:
        x = x.astype(dtype._np)
    value = cast_scalar(value, dtype)
    return (x, value, dtype) if ta else (value, x, dtype)


def result(array, dtype, out=None):
    """Wrap a computed array as the op's result, or write it into ``out=``."""
    if out is None:
        if array.dtype != dtype._np:
            array = array.astype(dtype._np)
        return _wrap(array, dtype)
    return write_out(out, array, dtype)


def write_out(out, array, dtype):
    """Write a result into ``out=``: check the cast, resize ``out`` if its shape differs."""
    _dt.check_cast(dtype, out._dtype)
    if out._data.shape != np.shape(array):
        from .shape import set_data
        set_data(out, np.asarray(array).astype(out._dtype._np))
    else:
        np.copyto(out._data, array, casting="unsafe")
        out._bump_version()
    return out


def inplace(self, array, dtype):
    """Store an op's result into ``self`` (``x.add_(y)``): the cast and the shape must fit."""
    if dtype is not self._dtype:
        _dt.check_cast(dtype, self._dtype)
    target = self._data
    shape = np.shape(array)
    if shape != target.shape:
        if np.broadcast_shapes(shape, target.shape) != target.shape:
            raise RuntimeError(f"output with shape {list(target.shape)} doesn't match the broadcast shape "
                               f"{list(np.broadcast_shapes(shape, target.shape))}")
    check_writable(self)
    np.copyto(target, array, casting="unsafe")
    self._bump_version()
    return self


def check_writable(t):
    """Refuse to write into a tensor whose elements overlap in memory (an expanded view)."""
    array = t._data
    if 0 in array.strides:
        for n, s in zip(array.shape, array.strides):
            if s == 0 and n > 1:
                raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers "
                                   "to a single memory location. Please clone() the tensor before performing the "
                                   "operation.")


def broadcast_error(a_shape, b_shape):
    """PyTorch's message for shapes that do not broadcast."""
    na, nb = len(a_shape), len(b_shape)
    n = max(na, nb)
    for i in range(1, n + 1):
        sa = a_shape[-i] if i <= na else 1
        sb = b_shape[-i] if i <= nb else 1
        if sa != sb and sa != 1 and sb != 1:
            return RuntimeError(f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                                f"non-singleton dimension {n - i}")
    return RuntimeError("shapes cannot be broadcast")


def type_name(dtype):
    """The C++ scalar-type name PyTorch uses in 'not implemented for' messages."""
    return dtype._legacy
