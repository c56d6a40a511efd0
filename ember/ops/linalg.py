"""Matrix products: matmul in all its shapes (1-d, 2-d, batched with broadcast batch dims)."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor
from .common import _CPP_TYPES, broadcast_error, not_implemented, result, type_name

_REDUCED = (_dt.float16, _dt.bfloat16)


def _kernel(input, other, has_out):
    """Which of PyTorch's kernels ``matmul`` reaches for these operands (it decides the error messages)."""
    a, b = input._data, other._data
    if a.ndim == 1 and b.ndim == 1:
        return "dot"
    if a.ndim == 2 and b.ndim == 1:
        return "mv"
    if a.ndim <= 2 and b.ndim == 2:
        return "mm"
    if _should_fold(input, other, has_out):
        if a.ndim >= b.ndim:
            return "mv" if b.ndim == 1 else "mm"  # the batch dims fold into the rows
        return "mv_transposed"  # vector @ batch: the batch's transpose folds, times the vector
    return "bmm"


def _should_fold(input, other, has_out):
    """Whether PyTorch folds the batch dims of the larger operand into matrix rows rather than calling bmm:
    when that operand (or the transpose of the second) can be viewed as a matrix without a copy."""
    a, b = input._data, other._data
    if max(a.ndim, b.ndim) < 3 or min(a.ndim, b.ndim) > 2 or a.ndim == 2:
        return False
    if (input._requires_grad or other._requires_grad) and not has_out:
        return True  # smaller saved tensors for backward
    larger = a if a.ndim >= b.ndim else np.swapaxes(b, -1, -2)
    if not larger.size:
        return True
    strides, shape = larger.strides, larger.shape
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(larger.ndim - 2))


def _check(kernel, a, b, da, db):
    """PyTorch's checks of the kernel, in its order: shapes and dtypes, then whether the kernel has a loop."""
    k = a.shape[-1]
    if kernel == "dot":
        if da is not db:
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {type_name(da)} and "
                               f"{type_name(db)}")
        if k != b.shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{k}] and src [{b.shape[0]}] to have the "
                               f"same number of elements, but got {k} and {b.shape[0]} elements respectively")
    elif kernel in ("mv", "mv_transposed"):
        if kernel == "mv_transposed":  # the matrix is the second operand's transpose, the vector the first
            a, b, da, db = np.swapaxes(b, -1, -2), a, db, da
        k = a.shape[-1]
        if k != b.shape[0]:
            rows = int(np.prod(a.shape[:-1]))
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({b.shape[0]})")
        if da is not db:
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {type_name(db)}, "
                               f"{type_name(da)}, and {type_name(db)}")
    elif kernel == "mm":
        if k != b.shape[0]:
            rows = int(np.prod(a.shape[:-1])) if a.ndim > 1 else 1
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and "
                               f"{b.shape[0]}x{b.shape[1]})")
        if da is not db:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_CPP_TYPES[da]} != "
                               f"{_CPP_TYPES[db]}")
    else:
        size = int(np.prod(_batch_shape(a, b)))
        k2 = b.shape[-2] if b.ndim > 1 else b.shape[0]  # a vector takes part as a one-column matrix
        if k != k2:
            raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{size}, {k}] but "
                               f"got: [{size}, {k2}].")
        if da is _dt.bool:
            raise not_implemented("bmm", da)
        if da is not db:
            raise RuntimeError(f"expected scalar type {type_name(da)} but found {type_name(db)}")


def _batch_shape(a, b):
    """The broadcast batch dims of a batched product."""
    batch_a, batch_b = a.shape[:-2], b.shape[:-2]
    try:
        return np.broadcast_shapes(batch_a, batch_b)
    except ValueError:
        raise broadcast_error(batch_a, batch_b) from None


_BOOL_KERNELS = {"dot": "dot", "mv": "addmv_impl_cpu", "mv_transposed": "addmv_impl_cpu", "mm": "addmm_impl_cpu_"}


def matmul(input, other, *, out=None):
    """The matrix product of two tensors, with NumPy/PyTorch broadcasting of batch dims."""
    for name, position, value in (("input", 1, input), ("other", 2, other)):
        if not isinstance(value, Tensor):
            raise TypeError(f"matmul(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    dtype = input._dtype
    kernel = _kernel(input, other, out is not None)
    _check(kernel, a, b, dtype, other._dtype)
    if dtype is _dt.bool and kernel in _BOOL_KERNELS and (kernel == "dot" or a.shape[-1] and a.size and b.size):
        raise not_implemented(_BOOL_KERNELS[kernel], dtype)  # only a kernel that has work to do refuses bool
    if dtype in _REDUCED:
        a, b = a.astype(np.float32), b.astype(np.float32)  # accumulate in float32 as PyTorch's CPU kernels do
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    return result(np.matmul(a, b), dtype, out)


def __matmul__(self, other):
    try:
        return matmul(self, other)
    except TypeError:
        return NotImplemented


def __rmatmul__(self, other):
    try:
        return matmul(other, self)
    except TypeError:
        return NotImplemented
