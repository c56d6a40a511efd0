"""Matrix products: matmul in all its shapes (1-d, 2-d, batched with broadcast batch dims)."""
import numpy as np

from .. import dtypes as _dt
from .common import broadcast_error, result, type_name

_C_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "int16": "short int",
            "int8": "signed char", "uint8": "unsigned char", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
            "complex64": "c10::complex<float>", "complex128": "c10::complex<double>", "bool": "bool"}


def _shape_error(a, b):
    if a.ndim == 1 and b.ndim == 1:
        return RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have "
                            f"the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively")
    if b.ndim == 1 and a.ndim == 2:
        return RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), vec "
                            f"({b.shape[0]})")
    rows = a.shape[-2] if a.ndim > 1 else 1
    if a.ndim > 2 or b.ndim > 2:
        rows = int(np.prod(a.shape[:-1])) if b.ndim <= 2 else rows
    cols_b = b.shape[-1] if b.ndim > 1 else 1
    rows_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    return RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{a.shape[-1]} and {rows_b}x{cols_b})")


def _dtype_error(a, b, da, db):
    if a.ndim == 1 and b.ndim == 1:
        return RuntimeError(f"dot : expected both vectors to have same dtype, but found {type_name(da)} and "
                            f"{type_name(db)}")
    if a.ndim == 2 and b.ndim == 1:
        return RuntimeError(f"addmv input tensors must have the same dtype, but got {type_name(db)}, "
                            f"{type_name(da)}, and {type_name(db)}")
    if a.ndim > 2 and b.ndim > 2:
        return RuntimeError(f"expected scalar type {type_name(da)} but found {type_name(db)}")
    return RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_C_NAMES[da._name]} != "
                        f"{_C_NAMES[db._name]}")


def matmul(input, other, *, out=None):
    """The matrix product of two tensors, with NumPy/PyTorch broadcasting of batch dims."""
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    if a.shape[-1] != (b.shape[-2] if b.ndim > 1 else b.shape[0]):
        raise _shape_error(a, b)
    dtype = input._dtype
    if other._dtype is not dtype:
        raise _dtype_error(a, b, dtype, other._dtype)
    if dtype is _dt.bool:
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool'")
    if dtype is _dt.bfloat16 or dtype is _dt.float16:
        a, b = a.astype(np.float32), b.astype(np.float32)  # accumulate in float32 as PyTorch's CPU kernels do
    try:
        return result(np.matmul(a, b), dtype, out)
    except ValueError:
        raise broadcast_error(a.shape[:-2], b.shape[:-2]) from None


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
