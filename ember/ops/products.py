"""Products beyond matmul: cross, outer/ger, inner, kron, tensordot, einsum and cdist."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, _wrap_dim
from .common import _CPP_TYPES, _type_name, broadcast_error, not_implemented, result, type_name
from .shape import _warn_once

_REDUCED = (_dt.float16, _dt.bfloat16)


def _tensors(op, *named):
    """Refuse non-tensor operands with PyTorch's TypeError; ``named`` holds (name, value) pairs."""
    for position, (name, value) in enumerate(named, 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"{op}(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{_type_name(value)}")


# ---------------------------------------------------------------------------------------------
# cross


def linalg_cross(input, other, *, dim=-1, out=None):
    """The cross product of 3-vectors along ``dim`` (torch.linalg.cross; the other dims broadcast)."""
    _tensors("linalg_cross", ("input", input), ("other", other))
    a, b = input._data, other._data
    if a.ndim != b.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _wrap_dim(dim, a.ndim)
    if a.shape[d] != 3 or b.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {a.shape[d]} and "
                           f"{b.shape[d]}")
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise broadcast_error(a.shape, b.shape) from None
    dtype = input._dtype
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    if dtype is _dt.bool:
        raise not_implemented("cross", dtype)
    if other._dtype is not dtype:
        raise RuntimeError(f"expected scalar type {type_name(dtype)} but found {type_name(other._dtype)}")
    x, y = np.moveaxis(a, d, 0), np.moveaxis(b, d, 0)
    # each product and difference rounded to the dtype, as PyTorch's scalar kernel computes them
    r = np.stack([x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]], d)
    return result(np.ascontiguousarray(np.broadcast_to(r, shape)), dtype, out)


def cross(input, other, dim=None, *, out=None):
    """The cross product along ``dim``; without one, along the first dim of ``input`` of size 3 (deprecated)."""
    _tensors("cross", ("input", input), ("other", other))
    if dim is None:
        _warn_once("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                   "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with "
                   "that of linalg.cross in a future release.")
        sizes = input._data.shape
        if 3 not in sizes:
            raise RuntimeError("no dimension of size 3 in input")
        dim = sizes.index(3)
    return linalg_cross(input, other, dim=dim, out=out)
