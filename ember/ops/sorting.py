"""Sorting, selecting and counting: sort, argsort, msort, topk, kthvalue, median, mode, nonzero, count_nonzero."""
import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..autograd.graph import no_out, wants_grad
from ..creation import _alloc, _preserved_strides
from ..tensor import _NO_BYTES, _contiguous_strides, _wrap
from .shape import _owning
from .common import _CPP_TYPES, dims_of, not_implemented, result, wrap_dim
from .reduction import selected

_REDUCED = (_dt.float16, _dt.bfloat16)
_int64 = np.int64
_UNSET = object()  # sort(stable=...) is another overload, with its own grad_fn (SortBackward1)

sort_type = return_types.named("sort")
topk_type = return_types.named("topk")
kthvalue_type = return_types.named("kthvalue")
median_type = return_types.named("median")
nanmedian_type = return_types.named("nanmedian")
mode_type = return_types.named("mode")


def _key(input):
    """The array to compare: float16/bfloat16 widened exactly to float32 (NumPy has fast sorts for it)."""
    data = input._data
    return data.astype(np.float32) if input._dtype in _REDUCED else data


def _order(key, axis, descending):
    """Stable sort order of ``key`` along ``axis``; NaN is the largest value, as in PyTorch."""
    if not descending:
        return np.argsort(key, axis=axis, kind="stable")
    # Sorting the reversed array ascending and reversing the order keeps equal elements in their first-seen order.
    flipped = np.argsort(np.flip(key, axis), axis=axis, kind="stable")
    order = np.flip(flipped, axis)
    return np.subtract(key.shape[axis] - 1, order, dtype=_int64)


def _dense(array):
    """``array`` with C-contiguous strides (0-d arrays stay 0-d, which ``np.ascontiguousarray`` does not keep)."""
    return array if array.flags.c_contiguous and 1 not in array.shape else np.array(array, order="C")


def _laid_out(array, input, dtype):
    """``array`` as a tensor in the strides of ``input``'s preserve-format copy (sort keeps its input's layout)."""
    shape, strides = input._data.shape, input._strides()
    target = _preserved_strides(shape, strides)
    if target == _contiguous_strides(shape) or array.ndim == 0:
        return _wrap(_dense(array), dtype)
    if array.size == 0:
        out = np.ndarray(shape, array.dtype, _NO_BYTES, 0, tuple(s * array.itemsize for s in target))
    else:
        out = _alloc(shape, target, array.dtype)
        out[...] = array
    return _owning(out, dtype)


def _sorted(input, dim, descending, name="sort"):
    data = input._data
    axis = wrap_dim(dim, data.ndim)
    if input._dtype._kind == 3:
        raise RuntimeError(" Sort does not support complex dtypes on CPU")
    if data.ndim == 0:
        return data.copy(), np.zeros((), _int64)
    order = _order(_key(input), axis, descending)
    if order.dtype != _int64:
        order = order.astype(_int64)
    return np.take_along_axis(data, order, axis), order


def sort(input, dim=-1, descending=False, *, stable=_UNSET, out=None):
    """Values sorted along ``dim`` and the indices they came from; NaN sorts as the largest value."""
    values, indices = _sorted(input, dim, descending)
    values, indices = _laid_out(values, input, input._dtype), _laid_out(indices, input, _dt.int64)
    if input._requires_grad and wants_grad(input):
        no_out("sort", out)
        name = "SortBackward0" if stable is _UNSET else "SortBackward1"
        selected(name, input, values, indices, wrap_dim(dim, input._data.ndim))
    if out is not None:
        out[0].copy_(values)
        out[1].copy_(indices)
        return sort_type(out[0], out[1])
    return sort_type(values, indices)


def argsort(input, dim=-1, descending=False, *, stable=False):
    """The indices that sort ``input`` along ``dim``."""
    return _laid_out(_sorted(input, dim, descending)[1], input, _dt.int64)


def msort(input, *, out=None):
    """``input`` sorted along its first dim."""
    if out is None:
        return sort(input, 0).values
    if wants_grad(input):
        no_out("sort", out)
    if out._dtype is not input._dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[input._dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    return result(sort(input, 0).values._data, input._dtype, out)


def _check_selectable(input, kernel):
    kind = input._dtype._kind
    if kind == 3:
        raise RuntimeError(f" {kernel} does not support complex dtypes on CPU") if kernel == "topk" else \
            not_implemented(kernel, input._dtype)
    if kind == 0:
        raise RuntimeError("topk does not support bool dtypes on CPU") if kernel == "topk" else \
            not_implemented(kernel, input._dtype)


def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    """The ``k`` largest (or smallest) values along ``dim`` and their indices."""
    data = input._data
    axis = wrap_dim(dim, data.ndim)
    size = data.shape[axis] if data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    _check_selectable(input, "topk")
    if data.ndim == 0:
        values, indices = data.copy(), np.zeros((), _int64)
    else:
        order = _order(_key(input), axis, largest)
        indices = _dense(order.take(np.arange(k), axis=axis)).astype(_int64, copy=False)
        values = np.take_along_axis(data, indices, axis)
    values, indices = _wrap(values, input._dtype), _wrap(indices, _dt.int64)
    if input._requires_grad and wants_grad(input):
        no_out("topk", out)
        selected("TopkBackward0", input, values, indices, axis)
    return topk_type(values, indices)


def _select(input, name, kernel, k, dim, keepdim):
    """The ``k``-th smallest (1-based) value along ``dim`` and its index, as a reduction."""
    data = input._data
    axis = wrap_dim(dim, data.ndim)
    if data.ndim and data.shape[axis] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")
    size = data.shape[axis] if data.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"{name}(): selected number k out of range for dimension {axis}")
    if data.ndim == 0:
        return data.copy(), np.zeros((), _int64)
    _check_selectable(input, kernel)
    order = _order(_key(input), axis, False)
    index = order.take([k - 1], axis=axis).astype(_int64, copy=False)
    values = np.take_along_axis(data, index, axis)
    if not keepdim:
        index, values = index.squeeze(axis), values.squeeze(axis)
    return _dense(values), _dense(index)


def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    """The ``k``-th smallest value along ``dim`` (NaN counts as the largest) and its index."""
    values, indices = _select(input, "kthvalue", "kthvalue_cpu", k, dim, keepdim)
    values, indices = _wrap(values, input._dtype), _wrap(indices, _dt.int64)
    if input._requires_grad and wants_grad(input):
        no_out("kthvalue", out)
        selected("KthvalueBackward0", input, values, indices, wrap_dim(dim, input._data.ndim), keepdim)
    return kthvalue_type(values, indices)


# ---------------------------------------------------------------------------------------------
# Nonzero elements


def nonzero(input, *, out=None, as_tuple=False):
    """The indices of the nonzero elements, one row per element (or one tensor per dim with ``as_tuple``)."""
    data = input._data
    zero_dim = data.ndim == 0
    found = np.nonzero(data.reshape(1) if zero_dim else data)
    n = len(found[0])
    # PyTorch fills an (ndim, n) buffer and hands out its transpose (or, with as_tuple, its rows)
    rows = np.empty((len(found), n), _int64)
    for i, f in enumerate(found):
        rows[i] = f
    if as_tuple:
        from .shape import unbind
        if not n:
            return tuple(_wrap(np.empty(0, _int64), _dt.int64) for _ in found)
        return unbind(_owning(rows, _dt.int64), 0)
    ndim = 0 if zero_dim else len(found)
    strides = (8, 8 * n)
    buffer = rows.reshape(-1) if n and ndim else _NO_BYTES
    return _owning(np.ndarray((n, ndim), _int64, buffer, 0, strides), _dt.int64)


def argwhere(input):
    """The indices of the nonzero elements, one row per element."""
    return nonzero(input)


def count_nonzero(input, dim=None):
    """How many elements are nonzero, over ``dim`` (an int or a tuple of ints) or everything."""
    data = input._data
    axes = None if dim is None else dims_of(dim, data.ndim)
    if data.ndim == 0 and axes is not None:
        axes = ()
    counts = np.count_nonzero(data, axis=axes) if axes != () else (data != 0).astype(_int64)
    return _wrap(_dense(np.asarray(counts, _int64)), _dt.int64)
