"""Gather and scatter along a dim, the index_* family, masked_select/masked_scatter, take and put.

The gathers read ``out[i][j] = self[index[i][j]][j]`` (for dim 0) and the scatters write the reverse; both
apply to the leading ``index.shape`` corner of the other tensors. NumPy's ``take_along_axis``, fancy assignment
and unbuffered ``ufunc.at`` do the work: they visit repeated indices in index order, so the last write wins and
accumulations add up in the same order as PyTorch's CPU kernels.
"""
import math
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd import grad_mode
from ..autograd.grad_mode import no_grad as _no_grad
from ..autograd.graph import Node, no_out, record, wants_grad
from ..autograd.inplace import rebase
from ..tensor import Tensor, _wrap, _wrap_dim
from .common import _CPP_TYPES, _store, broadcast_error, check_writable, not_implemented
from .indexing import _OVERLAP_MESSAGE, _checked_scalar, _overlap
from .pointwise import _NoDerivative
from .shape import _warn_once, clone, expand, iteration_order, view

_INDEX_TYPES = (_dt.int64, _dt.int32)
_UNSIGNED = {8: np.uint64, 4: np.uint32}
_REDUCED = {_dt.float16: 65504.0, _dt.bfloat16: 3.3895313892515355e38}  # their largest finite values
_REDUCED_NP = (np.dtype(_dt.float16._np), np.dtype(_dt.bfloat16._np))


# ---------------------------------------------------------------------------------------------
# Shared checks and kernels


def _out(out, array, dtype, name):
    """Write a result into ``out=``: its dtype must be the result's, as PyTorch's structured kernels demand."""
    if out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    return _store(out, array, name)


def _fresh(array, dtype):
    """A new C-contiguous tensor holding a copy of ``array``."""
    return _wrap(np.array(array, order="C"), dtype)


def _new(result):
    """An out-of-place result, written by an in-place kernel: a new tensor starts at version 0 in PyTorch."""
    storage = result._storage
    if storage is not None:
        storage._version = 0
    return result


def _result(array, dtype):
    """A gathered array (a new one, never a view of the input) as a C-contiguous tensor, copied only if need be."""
    flags = array.flags
    return _wrap(array, dtype) if flags.c_contiguous and flags.owndata else _fresh(array, dtype)


def _vector(array):
    """A 0-d array as a 1-element vector (PyTorch treats a scalar as one element along dim 0)."""
    return array if array.ndim else array.reshape(1)


def _corner(data, shape, dim=None):
    """The view of ``data`` limited to ``shape`` in every dim but ``dim`` (in every dim when None)."""
    if data.shape == shape or dim == 0 and data.ndim == 1:
        return data
    if all(n == m or d == dim for d, (n, m) in enumerate(zip(data.shape, shape))):
        return data
    return data[tuple(slice(None) if d == dim else slice(0, n) for d, n in enumerate(shape))]


def _fancy(idx, dim):
    """The NumPy index tuple that pairs ``idx`` (along ``dim``) with each element's own position elsewhere."""
    ndim = idx.ndim
    return tuple(idx if d == dim else np.arange(n).reshape([n if k == d else 1 for k in range(ndim)])
                 for d, n in enumerate(idx.shape))


def _tensor_arg(x, name, arg, position):
    """PyTorch's TypeError for a non-tensor where a tensor belongs (positions counted as for the method)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not {type(x).__name__}")


def _no_overlap(self, other):
    """Refuse to write into ``self`` while reading ``other`` when they share memory."""
    if other._data.size and _overlap(self, other):
        raise RuntimeError(_OVERLAP_MESSAGE)


def _fill_value(value, dtype):
    """A fill number for ``dtype``, refused as PyTorch refuses one that overflows it (float16/bfloat16 too)."""
    fill = _checked_scalar(value, dtype)
    if dtype in _REDUCED and type(fill) is float and math.isfinite(fill) and abs(fill) > _REDUCED[dtype]:
        raise RuntimeError(f"value cannot be converted to type {_CPP_TYPES[dtype]} without overflow")
    return fill


def _first_bad(idx, size, negative_ok=False):
    """The first index (in index order) outside ``[0, size)`` (or ``[-size, size)``), or None."""
    if not idx.size:
        return None
    low = -size if negative_ok else 0
    # one reduction: read as unsigned, an index below the range becomes a huge number
    shifted = idx - low if low else idx
    if shifted.view(_UNSIGNED[shifted.dtype.itemsize]).max() < size - low:
        return None
    return int(idx.reshape(-1)[np.argmax(((idx < low) | (idx >= size)).reshape(-1))])


def _check_along(idx, size, dim):
    """PyTorch's scatter/gather error for the first index outside the dim that its kernel meets: along any dim but
    the last, it walks the dim outside its innermost loop (over the last dim)."""
    if _first_bad(idx, size) is None:
        return
    if dim < idx.ndim - 1:
        idx = np.moveaxis(idx, dim, -2)
    raise RuntimeError(f"index {_first_bad(idx, size)} is out of bounds for dimension {dim} with size {size}")


def _identity(reduce, dtype):
    """What an output element starts from when ``include_self=False``."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype._kind == 0:
        return reduce == "amin"
    if dtype._kind == 1:
        info = np.iinfo(dtype._np)
        return info.min if reduce == "amax" else info.max
    return -np.inf if reduce == "amax" else np.inf


_UFUNCS = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.maximum, "amin": np.minimum,
           "add": np.add, "multiply": np.multiply}


def _divide_by_count(data, count, dtype):
    """The mean from a sum and a count: true division for floats, floor division for integers (as PyTorch)."""
    count[count == 0] = 1
    if dtype._kind >= 2:
        np.divide(data, count, out=data, casting="unsafe")
    else:
        np.floor_divide(data, count, out=data)


# ---------------------------------------------------------------------------------------------
# Gathers: index_select, gather, take, take_along_dim, masked_select


def index_select(input, dim, index, *, out=None):
    """The slices of ``input`` along ``dim`` at the positions in the vector ``index``."""
    _tensor_arg(index, "index_select", "index", 2)
    grad = wants_grad(input)
    if grad:
        no_out("index_select", out)
    data = input._data
    ndim = data.ndim
    dim = _wrap_dim(dim, ndim)
    if index._dtype not in _INDEX_TYPES:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    idx = index._data.reshape(-1)
    if out is not None and out._dtype is not input._dtype:
        raise RuntimeError("index_select(): self and result must have the same scalar type")
    if not ndim:
        if idx.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {idx.size} value(s)")
        if idx[0] != 0:
            raise IndexError("index out of range in self")
        array = data.copy()
    else:
        size = data.shape[dim]
        if ndim > 1 and idx.size and not data.size and not size:
            raise RuntimeError("index_select(): self indexing axis dim should be positive")
        bad = _first_bad(idx, size)
        if bad is not None:
            if ndim > 1 and (dim == 1 or not data.size):
                raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")
            raise IndexError("index out of range in self")
        array = np.take(data, idx, axis=dim)
    if out is not None:
        return _store(out, array, "index_select")
    if grad:
        node = IndexSelectBackward0(dim, data.shape)
        node.save(index)
        return record(node, _result(array, input._dtype), (input,))
    return _result(array, input._dtype)


def _gather_checks(input, dim, index, name="gather"):
    """Check a gather's arguments; the index array (0-d as a vector) or None when the index is empty."""
    ndim = input._data.ndim
    dim = _wrap_dim(dim, ndim)
    if index._dtype not in _INDEX_TYPES:
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    idx = index._data
    if not idx.size:
        return dim, None
    if max(idx.ndim, 1) != max(ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    idx, shape = _vector(idx), _vector(input._data).shape
    for d, (n, m) in enumerate(zip(idx.shape, shape)):
        if d != dim and n > m:
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(index._data.shape)} to be "
                               f"no larger than self {list(input._data.shape)} apart from dimension {dim}")
    _check_along(idx, shape[dim], dim)
    return dim, idx


def gather(input, dim, index, *, sparse_grad=False, out=None):
    """``out[i][j] = input[index[i][j]][j]`` for dim 0 (and likewise for other dims)."""
    _tensor_arg(index, "gather", "index", 2)
    grad = wants_grad(input)
    if grad:
        no_out("gather", out)
    dim, idx = _gather_checks(input, dim, index)
    if idx is None:
        array = np.empty(index._data.shape, input._dtype._np)
    else:
        data = _vector(input._data)
        if data.ndim == 1:
            array = data[idx].reshape(index._data.shape)
        else:
            array = np.take_along_axis(_corner(data, idx.shape, dim), idx, dim)
    if out is not None:
        return _out(out, array, input._dtype, "gather")
    if grad:
        node = GatherBackward0(dim, sparse_grad)
        node.save(input, index)
        return record(node, _result(array, input._dtype), (input,))
    return _result(array, input._dtype)


def take(input, index, *, out=None):
    """The elements of ``input``, read as a flat vector, at ``index`` (negative indices count from the end)."""
    _tensor_arg(index, "take", "index", 1)
    grad = wants_grad(input)
    if grad:
        no_out("take", out)
    if index._dtype is not _dt.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {index._dtype._legacy}")
    if out is not None and out._dtype is not input._dtype:
        raise RuntimeError(f"take(): self and out expected to have the same dtype, but got self.dtype = "
                           f"{input._dtype._legacy} and out.dtype = {out._dtype._legacy}")
    data, idx = input._data, index._data
    n = data.size
    if idx.size:
        if not n:
            raise IndexError("take(): tried to take from an empty tensor")
        bad = _first_bad(idx, n, negative_ok=True)
        if bad is not None:
            raise IndexError(f"out of range: tried to access index {bad} on a tensor of {n} elements.")
    flat = data.reshape(-1)
    array = flat[idx] if idx.ndim else flat[int(idx)].copy()
    if out is not None:
        return _store(out, np.asarray(array), "take")
    if grad:
        node = TakeBackward0()
        node.save(input, index)
        return record(node, _result(array, input._dtype), (input,))
    return _result(array, input._dtype)


def take_along_dim(input, indices, dim=None, *, out=None):
    """Gather along ``dim`` with ``indices`` broadcast against ``input``; with no dim, from the flattened input."""
    _tensor_arg(indices, "take_along_dim", "indices", 1)
    if indices._dtype is not _dt.int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{indices._dtype._legacy}")
    if dim is None:
        return gather(view(input, -1), 0, view(indices, -1), out=out)  # view: PyTorch refuses a strided input
    data, idx = input._data, indices._data
    if data.ndim != idx.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {data.ndim} dimensions for input, and {idx.ndim} dimensions for indices")
    if not data.ndim:
        raise IndexError(f"Dimension specified as {_wrap_dim(dim, 0)} but tensor has no dimensions")
    dim = _wrap_dim(dim, data.ndim)
    if data.shape != idx.shape:
        # each broadcasts against the other's shape with its own size along dim
        own = data.shape[:dim] + (idx.shape[dim],) + data.shape[dim + 1:]
        try:
            shape = np.broadcast_shapes(own, idx.shape)
        except ValueError:
            raise broadcast_error(own, idx.shape) from None
        idx = np.broadcast_to(idx, shape)
        data = np.broadcast_to(data, shape[:dim] + (data.shape[dim],) + shape[dim + 1:])
    size = data.shape[dim]
    if idx.size:
        if not size:
            raise RuntimeError("ZeroDivisionError")
        idx = np.mod(idx, size)  # PyTorch wraps the indices around the dim
    if wants_grad(input):  # recorded as PyTorch composes it: expand, then gather
        return gather(expand(input, data.shape), dim, _wrap(np.ascontiguousarray(idx), _dt.int64), out=out)
    array = np.take_along_axis(data, idx, dim)
    if out is not None:
        return _out(out, array, input._dtype, "take_along_dim")
    return _result(array, input._dtype)


def masked_select(input, mask, *, out=None):
    """The elements of ``input`` where the (broadcast) boolean ``mask`` is True, as a vector."""
    _tensor_arg(mask, "masked_select", "mask", 1)
    grad = wants_grad(input)
    if grad:
        no_out("masked_select", out)
    if mask._dtype is not _dt.bool:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    if out is not None and out._dtype is not input._dtype:
        raise RuntimeError("masked_select(): self and result must have the same scalar type")
    data, m = input._data, mask._data
    if data.shape != m.shape:
        try:
            shape = np.broadcast_shapes(data.shape, m.shape)
        except ValueError:
            raise broadcast_error(m.shape, data.shape) from None
        data, m = np.broadcast_to(data, shape), np.broadcast_to(m, shape)
    array = data[m] if data.ndim else data.reshape(1)[m.reshape(1)]
    if out is not None:
        return _store(out, array, "masked_select")
    if grad:
        node = MaskedSelectBackward0()
        node.save(input, mask)
        return record(node, _result(array, input._dtype), (input,))
    return _result(array, input._dtype)


# ---------------------------------------------------------------------------------------------
# Scatters: scatter, scatter_add, scatter_reduce


def _scatter_checks(self, dim, index, src, name="scatter", kernel_check=None):
    """Check a scatter's arguments; the wrapped dim and the index array (None when there is nothing to write).

    ``kernel_check`` runs between the argument checks and the bounds check, as PyTorch's dtype dispatch does.
    """
    _tensor_arg(index, name, "index", 2)
    ndim = self._data.ndim
    dim = _wrap_dim(dim, ndim)
    if src is not None and src._dtype is not self._dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
    idx = index._data
    if not idx.size:
        return dim, None
    if index._dtype not in _INDEX_TYPES:
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    n = max(idx.ndim, 1)
    if n != max(ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    if src is not None and n != max(src._data.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    idx, shape = _vector(idx), _vector(self._data).shape
    src_shape = None if src is None else _vector(src._data).shape
    for d, k in enumerate(idx.shape):
        if d != dim and k > shape[d] or src_shape is not None and k > src_shape[d]:
            also = "" if src is None else f" and to be no larger size than src {list(src._data.shape)}"
            raise RuntimeError(f"Expected index {list(index._data.shape)} to be no larger than self "
                               f"{list(self._data.shape)} apart from dimension {dim}{also}")
    if kernel_check is not None:
        kernel_check()
    _check_along(idx, shape[dim], dim)
    if src is not None:
        _no_overlap(self, src)
    return dim, idx


def _scatter_into(target, dim, idx, values, ufunc=None):
    """Write (or, with a ufunc, combine) ``values`` into ``target``'s array at ``idx`` along ``dim``."""
    data = _corner(_vector(target._data), idx.shape, dim)
    if isinstance(values, np.ndarray):
        values = _corner(_vector(values), idx.shape)
    key = idx if data.ndim == 1 else _fancy(idx, dim)
    if ufunc is None:
        data[key] = values
    elif ufunc is np.add and data.dtype in _REDUCED_NP:
        # PyTorch sums float16/bfloat16 scatters in float32 and rounds once
        total = data.astype(np.float32)
        np.add.at(total, key, values.astype(np.float32) if isinstance(values, np.ndarray) else values)
        data[...] = total
    else:
        ufunc.at(data, key, values)


def _src_or_value(src, value, name):
    """Sort scatter's third argument into a source tensor or a fill number (a 0-d tensor counts as one by keyword)."""
    if src is not None and value is not None:
        raise TypeError(f"{name}() got multiple values for argument 'value'")
    if src is None and value is None:
        raise TypeError(f"{name}() missing 1 required positional argument: 'src' or 'value'")
    if isinstance(src, Tensor):
        return src, None
    value = src if value is None else value
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise TypeError(f"{name}(): argument 'value' must be Number, not Tensor")
        if value._requires_grad:  # PyTorch's argument parser takes no tensor that requires grad as a Number
            raise TypeError(f"{name}() received an invalid combination of arguments: a tensor that requires grad "
                            f"is no Number value")
        value = value.item()
    return None, value


def _check_reduce_legacy(reduce):
    if reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")


def _scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    """Write ``src`` (or the number ``value``) into ``self`` at ``index`` along ``dim``; ``reduce`` adds or
    multiplies instead (deprecated in PyTorch in favour of :func:`scatter_reduce`)."""
    src, value = _src_or_value(src, value, "scatter_")
    if reduce is not None and src is not None:
        _warn_once("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a "
                   "future PyTorch release. Use torch.scatter_reduce instead for more reduction options.", 3)
    dim, idx = _scatter_checks(self, dim, index, src)
    if reduce is not None:
        _check_reduce_legacy(reduce)
    fill = None if src is not None else _fill_value(value, self._dtype)
    check_writable(self)
    if idx is not None:
        _scatter_into(self, dim, idx, src._data if src is not None else fill, reduce and _UFUNCS[reduce])
        self._bump_version()
    return self


def scatter(input, dim, index, src=None, value=None, *, reduce=None, out=None):
    """Out-of-place :func:`scatter_`: a contiguous copy of ``input`` with the values written."""
    grad = wants_grad(input, src)
    if grad:
        no_out("scatter", out)
    result = _new(_scatter_(_fresh(input._data, input._dtype), dim, index, src, value, reduce=reduce))
    if out is not None:
        return _out(out, result._data, input._dtype, "scatter")
    if not grad:
        return result
    inputs = (input, src) if isinstance(src, Tensor) else (input,)
    if reduce is not None:
        return record(_NoDerivative("scatter"), result, inputs)
    node = (ScatterBackward0 if len(inputs) == 2 else ScatterBackward1)(_wrap_dim(dim, input._data.ndim))
    node.save(index)
    return record(node, result, inputs)


def _scatter_add_(self, dim, index, src):
    """Add ``src`` into ``self`` at ``index`` along ``dim``; repeated indices accumulate."""
    _tensor_arg(index, "scatter_add_", "index", 2)
    _tensor_arg(src, "scatter_add_", "src", 3)
    dim, idx = _scatter_checks(self, dim, index, src)
    check_writable(self)
    if idx is not None:
        _scatter_into(self, dim, idx, src._data, np.add)
        self._bump_version()
    return self


def scatter_add(input, dim, index, src, *, out=None):
    """Out-of-place :func:`scatter_add_`."""
    _tensor_arg(index, "scatter_add", "index", 2)
    _tensor_arg(src, "scatter_add", "src", 3)
    grad = wants_grad(input, src)
    if grad:
        no_out("scatter_add", out)
    result = _new(_scatter_add_(_fresh(input._data, input._dtype), dim, index, src))
    if out is not None:
        return _out(out, result._data, input._dtype, "scatter_add")
    if not grad:
        return result
    node = ScatterAddBackward0(_wrap_dim(dim, input._data.ndim))
    node.save(index)
    return record(node, result, (input, src))


_REDUCTIONS = {"sum": "sum", "prod": "prod", "mean": "mean", "amax": "amax", "amin": "amin",
               "max": "amax", "min": "amin"}  # PyTorch takes max and min too, unlisted in its message


def _scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    """Reduce ``src`` into ``self`` at ``index`` along ``dim`` with sum, prod, mean, amax or amin; without
    ``include_self`` the written elements' own values take no part."""
    _tensor_arg(index, "scatter_reduce_", "index", 2)
    _tensor_arg(src, "scatter_reduce_", "src", 3)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    reduce = _REDUCTIONS[reduce]
    dtype = self._dtype

    def kernel_check():
        if reduce == "mean" and dtype._kind == 0 or reduce in ("amax", "amin") and dtype._kind == 3:
            raise not_implemented(f"scatter_gather_tensor_cpu_reduce_{reduce}", dtype)

    # without include_self PyTorch first fills the written elements (scatter_ checks the bounds), then reduces
    dim, idx = _scatter_checks(self, dim, index, src, kernel_check=kernel_check if include_self else None)
    if idx is not None and not include_self:
        kernel_check()
    check_writable(self)
    if idx is None:
        if reduce == "mean" and dtype._kind == 0:
            raise not_implemented("div_floor_cpu", dtype)  # PyTorch still divides by the counts
        return self
    if not include_self:
        _scatter_into(self, dim, idx, _identity(reduce, dtype))
    _scatter_into(self, dim, idx, src._data, _UFUNCS[reduce])
    if reduce == "mean":
        count = np.full(_vector(self._data).shape, 1 if include_self else 0, dtype._np)
        data = _corner(count, idx.shape, dim)
        np.add.at(data, _fancy(idx, dim), 1)
        _divide_by_count(_vector(self._data), count, dtype)
    self._bump_version()
    return self


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    """Out-of-place :func:`scatter_reduce_`."""
    _tensor_arg(index, "scatter_reduce", "index", 2)
    _tensor_arg(src, "scatter_reduce", "src", 3)
    grad = wants_grad(input, src)
    if grad:
        no_out("scatter_reduce", out)
    result = _new(_scatter_reduce_(_fresh(input._data, input._dtype), dim, index, src, reduce,
                                   include_self=include_self))
    if out is not None:
        return _out(out, result._data, input._dtype, "scatter_reduce")
    if not grad:
        return result
    _no_complex(result, "scatter_reduce")
    node = ScatterReduceBackward0(_wrap_dim(dim, input._data.ndim), reduce, include_self)
    node.save(input, index, src, result, outputs=(3,))
    return record(node, result, (input, src))


# ---------------------------------------------------------------------------------------------
# The index_* family: whole slices along a dim, picked by a vector of indices


def _index_checks(self, dim, index, source, name):
    """Check index_add/index_reduce arguments; the wrapped dim and the index vector."""
    ndim = self._data.ndim
    dim = _wrap_dim(dim, ndim)
    idx = index._data
    if idx.ndim > 1:
        raise IndexError(f"{name}_(): Index is supposed to be a vector, but got dim: {idx.ndim} with type: "
                         f"{index._dtype._legacy} and size: {list(idx.shape)}")
    if index._dtype not in _INDEX_TYPES:
        raise RuntimeError(f"{name}_(): Expected dtype int32/int64 for index but got: {index._dtype._legacy}")
    if self._dtype is not source._dtype:
        raise RuntimeError(f"{name}_(): self ({self._dtype._legacy}) and source ({source._dtype._legacy}) must have "
                           f"the same scalar type")
    sshape, shape = source._data.shape, self._data.shape
    if dim and dim >= len(sshape):
        raise RuntimeError(f"{name}_(): Indexing dim {dim} is out of bounds of the source tensor with dim "
                           f"{len(sshape)}")
    count = sshape[dim] if sshape else 1
    if idx.size != count and not sshape:  # PyTorch's message asks a 0-d source for its size
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if idx.size != count:
        raise RuntimeError(f"{name}_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
                           f"({count}), for dim: {dim}")
    if sshape and shape:
        same = shape[:dim] + shape[dim + 1:] == sshape[:dim] + sshape[dim + 1:]
    else:
        same = shape == sshape
    if not same:
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(shape)} source.shape = {list(sshape)}")
    return dim, idx.reshape(-1)


def _index_bounds(self, dim, index, idx, name):
    """PyTorch's error for an index outside the dim in index_add/index_reduce."""
    size = self._data.shape[dim] if self._data.ndim else 1
    bad = _first_bad(idx, size)
    if bad is not None:
        if name == "index_add" and _through_scatter_add(self, dim, index):
            raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
        if name == "index_reduce" and self._data.ndim > 1 and not self._data.size:
            raise IndexError(f"select(): index {bad} out of range for tensor of size {list(self._data.shape)} at "
                             f"dimension {dim}")
        raise IndexError("index out of range in self")


def _through_scatter_add(self, dim, index):
    """Whether PyTorch's CPU index_add goes through scatter_add (an int64 index along the first or last of
    several dims): its bounds error and its float32 sums for float16/bfloat16 follow from that."""
    ndim = self._data.ndim
    return ndim > 1 and index._dtype is _dt.int64 and dim in (0, ndim - 1)


def _slices(array, dim):
    """``array`` with ``dim`` moved first (a view), a 0-d array as a vector."""
    return np.moveaxis(array, dim, 0) if array.ndim > 1 and dim else _vector(array)


def _index_add_(self, dim, index, source, *, alpha=1):
    """Add ``alpha * source`` into the slices of ``self`` along ``dim`` named by ``index``; repeats accumulate."""
    _tensor_arg(index, "index_add_", "index", 2)
    _tensor_arg(source, "index_add_", "source", 3)
    dim, idx = _index_checks(self, dim, index, source, "index_add")
    if not self._data.size and self._data.ndim > 1:
        return self  # PyTorch looks at no index when there is nothing to add to
    _index_bounds(self, dim, index, idx, "index_add")
    _no_overlap(self, source)
    check_writable(self)
    values = _slices(source._data, dim)
    if not (type(alpha) is int and alpha == 1):
        values = values * np.asarray(_checked_scalar(alpha, self._dtype), self._dtype._np)
    data = _slices(self._data, dim)
    if data.dtype in _REDUCED_NP and _through_scatter_add(self, dim, index):
        total = data.astype(np.float32)
        np.add.at(total, idx, values.astype(np.float32))
        data[...] = total
    else:
        np.add.at(data, idx, values)
    self._bump_version()
    return self


def index_add(input, dim, index, source, *, alpha=1, out=None):
    """Out-of-place :func:`index_add_`."""
    _tensor_arg(index, "index_add", "index", 2)
    _tensor_arg(source, "index_add", "source", 3)
    grad = wants_grad(input, source)
    if grad:
        no_out("index_add", out)
    result = _new(_index_add_(_fresh(input._data, input._dtype), dim, index, source, alpha=alpha))
    if out is not None:
        return _out(out, result._data, input._dtype, "index_add")
    if not grad:
        return result
    node = IndexAddBackward0(_wrap_dim(dim, input._data.ndim), alpha)
    node.save(index, source)
    return record(node, result, (input, source))


def _index_copy_(self, dim, index, source):
    """Copy the slices of ``source`` along ``dim`` into ``self`` at ``index``; with repeats the last one wins."""
    _tensor_arg(index, "index_copy_", "index", 2)
    _tensor_arg(source, "index_copy_", "source", 3)
    ndim = self._data.ndim
    dim = _wrap_dim(dim, ndim)
    idx, sdata = index._data, source._data
    if idx.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {idx.ndim})")
    n = idx.size
    if not sdata.ndim and n != 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element (got {n})")
    if ndim and sdata.ndim and ndim != sdata.ndim:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({sdata.ndim}), destination dimensionality ({ndim})")
    if index._dtype is not _dt.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {index._dtype._legacy}")
    if self._dtype is not source._dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{self._dtype._legacy} and (source) {source._dtype._legacy}")
    shape, sshape = self._data.shape, sdata.shape
    sliced, ssliced = shape[:dim] + shape[dim + 1:], sshape[:dim] + sshape[dim + 1:]
    if sliced != ssliced:
        raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice shapes. Destination "
                           f"slice shape: {' '.join(map(str, sliced))} at dimension {dim} and source slice shape: "
                           f"{' '.join(map(str, ssliced))} at dimension 0.")
    if sdata.ndim and n != sshape[dim]:
        raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({sshape[dim]})")
    idx = idx.reshape(-1)
    if not sdata.size:
        return self
    if not self._data.size:
        _check_restride(self, dim, idx.size)
    size = shape[dim] if ndim else 1
    bad = _first_bad(idx, size)
    if bad is not None:
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {dim} with size {size}")
    _no_overlap(self, source)
    check_writable(self)
    _slices(self._data, dim)[idx] = _slices(sdata, dim)
    self._bump_version()
    return self


def index_copy(input, dim, index, source, *, out=None):
    """Out-of-place :func:`index_copy_`."""
    _tensor_arg(index, "index_copy", "index", 2)
    _tensor_arg(source, "index_copy", "source", 3)
    grad = wants_grad(input, source)
    if grad:
        no_out("index_copy", out)
    result = _new(_index_copy_(_fresh(input._data, input._dtype), dim, index, source))
    if out is not None:
        return _out(out, result._data, input._dtype, "index_copy")
    if not grad:
        return result
    node = IndexCopyBackward0(_wrap_dim(dim, input._data.ndim))
    node.save(index, source)
    return record(node, result, (input, source))


def _index_fill_(self, dim, index, value):
    """Fill the slices of ``self`` along ``dim`` named by ``index`` (negative indices count from the end)."""
    _tensor_arg(index, "index_fill_", "index", 2)
    ndim = self._data.ndim
    dim = _wrap_dim(dim, ndim)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        value = value.item()
    if index._dtype is not _dt.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    idx = index._data
    if idx.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if type(value) is complex and self._dtype._kind != 3:
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
    fill = _fill_value(value, self._dtype)
    idx = idx.reshape(-1)
    size = self._data.shape[dim] if ndim else 1
    if idx.size and not self._data.size:
        _check_restride(self, dim, idx.size)
        return self
    bad = _first_bad(idx, size, negative_ok=True)
    if bad is not None:
        raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
    _slices(self._data, dim)[idx] = fill  # PyTorch writes through an expanded tensor's shared memory too
    self._bump_version()
    return self


def _check_restride(self, dim, count):
    """PyTorch fills through a view of ``self`` with ``count`` zero-stride entries along ``dim``; over an empty
    tensor that view only fits its (empty) storage when another dim is empty too."""
    sizes, strides = list(self._data.shape), list(self._strides())
    sizes[dim], strides[dim] = count, 0
    if 0 in sizes:
        return
    item = self._dtype.itemsize
    needed = (1 + sum((n - 1) * st for n, st in zip(sizes, strides)) + self._offset) * item
    have = self.untyped_storage().nbytes()
    if needed > have:
        raise RuntimeError(f"setStorage: sizes {sizes}, strides {strides}, storage offset {self._offset}, and itemsize "
                           f"{item} requiring a storage size of {needed} are out of bounds for storage of size {have}")


def index_fill(input, dim, index, value):
    """Out-of-place :func:`index_fill_` (the result keeps ``input``'s layout)."""
    if not wants_grad(input, value):
        return _new(_index_fill_(clone(input), dim, index, value))
    result = _new(_index_fill_(_copy(input), dim, index, value))
    dim = _wrap_dim(dim, input._data.ndim)
    if isinstance(value, Tensor):
        node, inputs = IndexFillBackward1(dim), (input, value)
    else:
        node, inputs = IndexFillBackward0(dim), (input,)
    node.save(index)
    return record(node, result, inputs)


_INDEX_REDUCTIONS = ("prod", "mean", "amax", "amin")


def _index_reduce_(self, dim, index, source, reduce, *, include_self=True):
    """Reduce the slices of ``source`` into ``self`` at ``index`` along ``dim`` with prod, mean, amax or amin."""
    _tensor_arg(index, "index_reduce_", "index", 2)
    _tensor_arg(source, "index_reduce_", "source", 3)
    _warn_once("index_reduce() is in beta and the API may change at any time.", 3)
    if reduce not in _INDEX_REDUCTIONS:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    dim, idx = _index_checks(self, dim, index, source, "index_reduce")
    _no_overlap(self, source)
    dtype = self._dtype
    if dtype._kind in (0, 3) and not include_self:
        raise not_implemented("index_reduce_func_exclude_input_init", dtype)
    if not include_self:  # PyTorch first fills the indexed slices, with index_fill_'s bounds check
        if idx.size and not self._data.size:
            _check_restride(self, dim, idx.size)
        size = self._data.shape[dim] if self._data.ndim else 1
        bad = _first_bad(idx, size, negative_ok=True)
        if bad is not None:
            raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
    if self._data.ndim < 2 and dtype._kind in (0, 3):
        raise not_implemented("index_func_", dtype)  # PyTorch's loop over the elements of a vector
    if not idx.size:
        return self
    if dtype._kind == 3 and reduce in ("amax", "amin"):
        raise not_implemented("maximum_cpu" if reduce == "amax" else "minimum_cpu", dtype)
    _index_bounds(self, dim, index, idx, "index_reduce")
    check_writable(self)
    data = _slices(self._data, dim)
    if not include_self:
        data[idx] = _identity(reduce, dtype)
    _UFUNCS[reduce].at(data, idx, _slices(source._data, dim))
    if reduce == "mean":
        if dtype._kind == 0:
            raise not_implemented("div_floor_cpu", dtype)
        count = np.bincount(idx, minlength=data.shape[0]) + (1 if include_self else 0)
        count = count.astype(dtype._np).reshape((-1,) + (1,) * (data.ndim - 1))
        _divide_by_count(data, count, dtype)
    self._bump_version()
    return self


def index_reduce(input, dim, index, source, reduce, *, include_self=True, out=None):
    """Out-of-place :func:`index_reduce_`."""
    _tensor_arg(index, "index_reduce", "index", 2)
    _tensor_arg(source, "index_reduce", "source", 3)
    grad = wants_grad(input, source)
    if grad:
        no_out("index_reduce", out)
    result = _new(_index_reduce_(_fresh(input._data, input._dtype), dim, index, source, reduce,
                                 include_self=include_self))
    if out is not None:
        return _out(out, result._data, input._dtype, "index_reduce")
    if not grad:
        return result
    _no_complex(result, "index_reduce")
    node = IndexReduceBackward0(_wrap_dim(dim, input._data.ndim), reduce, include_self)
    node.save(input, index, source, result, outputs=(3,))
    return record(node, result, (input, source))


# ---------------------------------------------------------------------------------------------
# masked_scatter, put


def _masked_scatter_(self, mask, source):
    """Copy the elements of ``source``, in order, into ``self`` where the boolean ``mask`` is True."""
    _tensor_arg(mask, "masked_scatter_", "mask", 1)
    _tensor_arg(source, "masked_scatter_", "source", 2)
    if mask._dtype is not _dt.bool:
        if mask._dtype is _dt.uint8:
            warnings.warn("masked_scatter_ received a mask with dtype torch.uint8, this behavior is now deprecated,"
                          "please use a mask with dtype torch.bool instead.", UserWarning, stacklevel=2)
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask._dtype._legacy}")
    if self._dtype is not source._dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{self._dtype._legacy} and {source._dtype._legacy}")
    m = _mask_as(mask, self._data.shape)
    check_writable(self)
    data = _vector(self._data)
    m = _vector(m)
    n = int(np.count_nonzero(m))
    src = source._data.reshape(-1)
    if src.size < n:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    data[m] = src[:n]
    self._bump_version()
    return self


def _mask_as(mask, shape):
    """The mask's array expanded to ``shape`` (the in-place op's own shape: the mask may not enlarge it)."""
    m = mask._data
    if m.shape != shape:
        if m.ndim > len(shape):
            raise RuntimeError(f"expand(CPU{mask._dtype._legacy}Type{{{list(m.shape)}}}, size={list(shape)}): the "
                               f"number of sizes provided ({len(shape)}) must be greater or equal to the number of "
                               f"dimensions in the tensor ({m.ndim})")
        m = expand(mask, shape)._data
    return m


def masked_scatter(input, mask, source):
    """Out-of-place :func:`masked_scatter_`: ``input`` and ``mask`` broadcast together."""
    _tensor_arg(mask, "masked_scatter", "mask", 1)
    _tensor_arg(source, "masked_scatter", "source", 2)  # positions as PyTorch names them for the method
    data = input._data
    if mask._data.shape != data.shape:
        try:
            shape = np.broadcast_shapes(data.shape, mask._data.shape)
        except ValueError:
            raise broadcast_error(mask._data.shape, data.shape) from None
        data = np.broadcast_to(data, shape)
    result = _new(_masked_scatter_(_fresh(data, input._dtype), mask, source))
    if not wants_grad(input, source):
        return result
    node = MaskedScatterBackward0(source._data.shape)
    node.save(mask)
    return record(node, result, (input, source))


def _put_(self, index, source, accumulate=False):
    """Write ``source`` into ``self``, read as a flat vector, at ``index``; with ``accumulate``, add instead."""
    _tensor_arg(index, "put_", "index", 1)
    _tensor_arg(source, "put_", "source", 2)
    if index._dtype is not _dt.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {index._dtype._legacy}")
    if self._dtype is not source._dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{self._dtype._legacy} and source.dtype = {source._dtype._legacy}")
    idx, src = _put_order(index._data, source._data)
    if idx.size != src.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {src.size}, index.numel() = {idx.size}")
    data = self._data
    n = data.size
    if idx.size:
        if not n:
            raise IndexError("put_(): Tried to put elements into an empty tensor")
        bad = _first_bad(idx, n, negative_ok=True)
        if bad is not None:
            raise IndexError(f"out of range: tried to access index {bad} on a tensor of {n} elements.")
    _no_overlap(self, source)
    check_writable(self)
    contiguous = data.flags.c_contiguous
    flat = data.reshape(-1)  # a copy when self is not contiguous: written back below
    if accumulate:
        np.add.at(flat, idx, src)
    else:
        flat[idx] = src
    if not contiguous:
        data[...] = flat.reshape(data.shape)
    self._bump_version()
    return self


def _put_order(idx, src):
    """Index and source flattened in the order PyTorch's put_ visits them: its TensorIterator walks the source's
    shape (the index reshaped to it) in memory order, which decides which of repeated indices writes last."""
    if idx.size != src.size or src.flags.c_contiguous and (idx.ndim <= 1 or idx.flags.c_contiguous):
        return idx.reshape(-1), src.reshape(-1)
    idx = idx.reshape(src.shape)
    order = iteration_order(src.shape, [[s // a.itemsize for s in a.strides] for a in (src, idx)])[::-1]
    return np.transpose(idx, order).reshape(-1), np.transpose(src, order).reshape(-1)


def put(input, index, source, accumulate=False):
    """Out-of-place :func:`put_` (the result keeps ``input``'s layout)."""
    if not wants_grad(input, source):
        return _new(_put_(clone(input), index, source, accumulate))
    result = _new(_put_(_copy(input), index, source, accumulate))
    node = PutBackward0(accumulate)
    node.save(index, source)
    return record(node, result, (input, source))


# ---------------------------------------------------------------------------------------------
# In-place forms: recorded as the out-of-place op on the old values (autograd.inplace.rebase)


def _recording(self, other):
    """Whether an in-place op on ``self`` with ``other`` must record history (the cheap test first)."""
    return (self._requires_grad or getattr(other, "_requires_grad", False)) and wants_grad(self, other)


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    """Write ``src`` (or the number ``value``) into ``self`` at ``index`` along ``dim``; ``reduce`` adds or
    multiplies instead (deprecated in PyTorch in favour of :func:`scatter_reduce`)."""
    if _recording(self, src):
        return rebase(self, lambda old: scatter(old, dim, index, src, value, reduce=reduce))
    return _scatter_(self, dim, index, src, value, reduce=reduce)


def scatter_add_(self, dim, index, src):
    """Add ``src`` into ``self`` at ``index`` along ``dim``; repeated indices accumulate."""
    if _recording(self, src):
        _tensor_arg(index, "scatter_add_", "index", 2)  # named as the in-place method
        _tensor_arg(src, "scatter_add_", "src", 3)
        return rebase(self, lambda old: scatter_add(old, dim, index, src))
    return _scatter_add_(self, dim, index, src)


def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    """Reduce ``src`` into ``self`` at ``index`` along ``dim`` with sum, prod, mean, amax or amin."""
    if _recording(self, src):
        _tensor_arg(index, "scatter_reduce_", "index", 2)  # named as the in-place method
        _tensor_arg(src, "scatter_reduce_", "src", 3)
        return rebase(self, lambda old: scatter_reduce(old, dim, index, src, reduce, include_self=include_self))
    return _scatter_reduce_(self, dim, index, src, reduce, include_self=include_self)


def index_add_(self, dim, index, source, *, alpha=1):
    """Add ``alpha * source`` into the slices of ``self`` along ``dim`` named by ``index``; repeats accumulate."""
    if _recording(self, source):
        _tensor_arg(index, "index_add_", "index", 2)  # named as the in-place method
        _tensor_arg(source, "index_add_", "source", 3)
        return rebase(self, lambda old: index_add(old, dim, index, source, alpha=alpha))
    return _index_add_(self, dim, index, source, alpha=alpha)


def index_copy_(self, dim, index, source):
    """Copy the slices of ``source`` along ``dim`` into ``self`` at ``index``; with repeats the last one wins."""
    if _recording(self, source):
        _tensor_arg(index, "index_copy_", "index", 2)  # named as the in-place method
        _tensor_arg(source, "index_copy_", "source", 3)
        return rebase(self, lambda old: index_copy(old, dim, index, source))
    return _index_copy_(self, dim, index, source)


def index_fill_(self, dim, index, value):
    """Fill the slices of ``self`` along ``dim`` named by ``index`` (negative indices count from the end)."""
    if _recording(self, value):
        return rebase(self, lambda old: index_fill(old, dim, index, value))
    return _index_fill_(self, dim, index, value)


def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
    """Reduce the slices of ``source`` into ``self`` at ``index`` along ``dim`` with prod, mean, amax or amin."""
    if _recording(self, source):
        _tensor_arg(index, "index_reduce_", "index", 2)  # named as the in-place method
        _tensor_arg(source, "index_reduce_", "source", 3)
        return rebase(self, lambda old: index_reduce(old, dim, index, source, reduce, include_self=include_self))
    return _index_reduce_(self, dim, index, source, reduce, include_self=include_self)


def masked_scatter_(self, mask, source):
    """Copy the elements of ``source``, in order, into ``self`` where the boolean ``mask`` is True."""
    if _recording(self, source):
        _tensor_arg(mask, "masked_scatter_", "mask", 1)
        _tensor_arg(source, "masked_scatter_", "source", 2)
        if mask._data.shape != self._data.shape:
            _mask_as(mask, self._data.shape)  # refuse a mask that would enlarge self
        return rebase(self, lambda old: masked_scatter(old, mask, source))
    return _masked_scatter_(self, mask, source)


def put_(self, index, source, accumulate=False):
    """Write ``source`` into ``self``, read as a flat vector, at ``index``; with ``accumulate``, add instead."""
    if _recording(self, source):
        _tensor_arg(index, "put_", "index", 1)  # named as the in-place method
        _tensor_arg(source, "put_", "source", 2)
        return rebase(self, lambda old: put(old, index, source, accumulate))
    return _put_(self, index, source, accumulate)


# ---------------------------------------------------------------------------------------------
# Backward nodes: PyTorch's formulas, written with the ops above so that they differentiate again


def _zeros(shape, dtype, fill=0):
    """A constant tensor (no history) of ``shape`` filled with ``fill``."""
    return _wrap(np.full(shape, fill, dtype._np), dtype)


def _copy(input):
    """A copy of ``input`` in its layout, with no history (the start of a recorded out-of-place op)."""
    with _no_grad():
        return clone(input)


def _no_complex(result, name):
    if result._dtype._kind == 3:
        raise RuntimeError(f"{name} does not support automatic differentiation for outputs with complex dtype.")


def _where(condition, input, other):
    from .conditional import where
    return where(condition, input, other)


def _select_like(grad, dim, index, source):
    """The gradient of an index_add/index_copy source: the selected slices of ``grad``, shaped like ``source``."""
    if source._data.ndim:
        return expand(index_select(grad, dim, index), source._data.shape)
    return index_select(grad, dim, view(index, ()))


class IndexSelectBackward0(Node):
    """The selected slices' gradients added back at their indices."""

    def __init__(self, dim, shape):
        super().__init__()
        self.dim, self.shape = dim, shape

    def backward(self, grad):
        (index,) = self.saved_tensors
        return (index_add(_zeros(self.shape, grad._dtype), self.dim, index, grad),)


class GatherBackward0(Node):
    """The gathered gradients added back where they were read (repeats accumulate)."""

    def __init__(self, dim, sparse_grad):
        super().__init__()
        self.dim, self.sparse_grad = dim, sparse_grad

    def backward(self, grad):
        input, index = self.saved_tensors
        return (scatter_add(_zeros(input._data.shape, grad._dtype), self.dim, index, grad),)


class TakeBackward0(Node):
    """The taken gradients added back into the flat input."""

    def backward(self, grad):
        input, index = self.saved_tensors
        return (put(_zeros(input._data.shape, grad._dtype), index, grad, True),)


class MaskedSelectBackward0(Node):
    """The selected gradients put back where the (broadcast) mask is True."""

    def backward(self, grad):
        input, mask = self.saved_tensors
        shape = np.broadcast_shapes(input._data.shape, mask._data.shape)
        return (masked_scatter(_zeros(shape, grad._dtype), mask, grad),)


class ScatterBackward0(Node):
    """self: zero where written; src: the gradient read back at the written places."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def backward(self, grad):
        (index,) = self.saved_tensors
        return (scatter(grad, self.dim, index, 0) if self.needs(0) else None,
                gather(grad, self.dim, index) if self.needs(1) else None)


class ScatterBackward1(ScatterBackward0):
    """scatter of a number: self's gradient, zero where written."""

    def backward(self, grad):
        (index,) = self.saved_tensors
        return (scatter(grad, self.dim, index, 0),)


class ScatterAddBackward0(ScatterBackward0):
    """self: the gradient itself; src: the gradient read back at the indices."""

    def backward(self, grad):
        (index,) = self.saved_tensors
        return grad, (gather(grad, self.dim, index) if self.needs(1) else None)


class _ReduceBackward(Node):
    """scatter_reduce/index_reduce: the gradient of each reduction, written once over ``_pick`` (read at the
    indices), ``_spread`` (add at the indices), ``_blank`` (zero the indexed places) and ``_reduce``."""

    def __init__(self, dim, reduce, include_self):
        super().__init__()
        self.dim, self.reduce, self.include_self = dim, reduce, include_self

    def backward(self, grad):
        input, index, src, result = self.saved_tensors
        dim, reduce, dtype = self.dim, self.reduce, grad._dtype
        pick = lambda t: self._pick(t, dim, index)  # noqa: E731
        spread = lambda t, values: self._spread(t, dim, index, values)  # noqa: E731
        if reduce == "sum":
            grad_self, grad_src = grad, pick(grad)
        elif reduce == "mean":
            count = spread(_zeros(grad._data.shape, dtype, 1 if self.include_self else 0),
                           _zeros(src._data.shape, dtype, 1))
            count = count.masked_fill(count == 0, 1)
            grad_self, grad_src = grad / count, pick(grad) / pick(count)
        elif reduce == "prod":
            # products that leave out one factor, with care where factors are zero
            masked_self = input.masked_fill(input == 0, 1)
            grad_self = grad * self._reduce(masked_self, dim, index, src) / masked_self
            src_zero = src == 0
            zeros_there = pick(spread(_zeros(input._data.shape, dtype), src_zero.to(dtype)))
            single_zero = src_zero & (zeros_there == 1)
            without_zero = self._reduce(input, dim, index, src.masked_fill(single_zero, 1))
            grad_src = _where(single_zero, pick(grad * without_zero),
                              pick(grad * result) / src.masked_fill(src_zero, 1))
            if grad_mode._state.enabled and bool((zeros_there > 1).any()):  # differentiable only once
                what = self._src
                grad_src = _delayed_error(grad_src, f"{self._op}(): Double backward is unsupported for {what} when >1 "
                                                    f"zeros in {what} are scattered to the same position in self")
        elif reduce in ("amax", "amin"):
            # ties share the gradient evenly
            self_is = input == result
            src_is = src == pick(result)
            shared = grad / spread(self_is.to(dtype), src_is.to(dtype))
            grad_self, grad_src = self_is * shared, src_is * pick(shared)
        else:
            raise RuntimeError(f"Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', 'amin' but got "
                               f"{reduce}.")
        if not self.include_self:
            grad_self = self._blank(grad_self, dim, index)
        return grad_self, grad_src


class DelayedError(Node):
    """A gradient that may be used but not differentiated: its backward raises."""

    def __init__(self, message):
        super().__init__()
        self.message = message

    def backward(self, grad):
        raise RuntimeError(self.message)


def _delayed_error(t, message):
    """``t``'s values behind a DelayedError node."""
    return record(DelayedError(message), _wrap(t._data, t._dtype), (t,))


class ScatterReduceBackward0(_ReduceBackward):
    _op, _src = "scatter_reduce", "src"
    _pick = staticmethod(gather)
    _spread = staticmethod(scatter_add)

    @staticmethod
    def _blank(t, dim, index):
        return scatter(t, dim, index, 0)

    def _reduce(self, t, dim, index, src):
        return scatter_reduce(t, dim, index, src, self.reduce, include_self=self.include_self)


class IndexReduceBackward0(_ReduceBackward):
    _op, _src = "index_reduce", "source"
    _pick = staticmethod(index_select)
    _spread = staticmethod(index_add)

    @staticmethod
    def _blank(t, dim, index):
        return index_fill(t, dim, index, 0)

    def _reduce(self, t, dim, index, src):
        return index_reduce(t, dim, index, src, self.reduce, include_self=self.include_self)


class IndexAddBackward0(Node):
    """self: the gradient itself; source: the indexed slices of it, times alpha."""

    def __init__(self, dim, alpha):
        super().__init__()
        self.dim, self.alpha = dim, alpha

    def backward(self, grad):
        index, source = self.saved_tensors
        grad_source = None
        if self.needs(1):
            grad_source = _select_like(grad, self.dim, index, source)
            if self.alpha != 1:
                grad_source = grad_source * self.alpha  # PyTorch's formula: alpha, not its conjugate
        return grad, grad_source


class IndexCopyBackward0(Node):
    """self: zero on the copied slices; source: the gradient's copied slices."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def backward(self, grad):
        index, source = self.saved_tensors
        return (index_fill(grad, self.dim, index, 0) if self.needs(0) else None,
                _select_like(grad, self.dim, index, source) if self.needs(1) else None)


class IndexFillBackward0(IndexCopyBackward0):
    """index_fill with a number: self's gradient, zero on the filled slices."""

    def backward(self, grad):
        (index,) = self.saved_tensors
        return (index_fill(grad, self.dim, index, 0),)


class IndexFillBackward1(IndexCopyBackward0):
    """index_fill with a 0-d tensor: the value gets the filled slices' sum."""

    def backward(self, grad):
        (index,) = self.saved_tensors
        grad_value = None
        if self.needs(1):  # each filled slice once, however often its index repeats
            unique = _wrap(np.unique(index._data), index._dtype)
            grad_value = index_select(grad, self.dim, unique).sum()
        return (index_fill(grad, self.dim, index, 0) if self.needs(0) else None), grad_value


class MaskedScatterBackward0(Node):
    """self: zero where the mask is True; source: the gradient there, in order."""

    def __init__(self, source_shape):
        super().__init__()
        self.source_shape = source_shape

    def backward(self, grad):
        (mask,) = self.saved_tensors
        grad_source = None
        if self.needs(1):
            picked = masked_select(grad, mask)
            missing = math.prod(self.source_shape) - picked._data.size
            if missing > 0:  # source elements past the mask's count get no gradient
                from .joining import cat
                picked = cat([picked, _zeros((missing,), grad._dtype)])
            grad_source = view(picked, self.source_shape)
        return (grad.masked_fill(mask, 0) if self.needs(0) else None), grad_source


class PutBackward0(Node):
    """self: the gradient (zero where overwritten); source: the gradient taken at the indices."""

    def __init__(self, accumulate):
        super().__init__()
        self.accumulate = accumulate

    def backward(self, grad):
        index, source = self.saved_tensors
        grad_self = grad_source = None
        if self.needs(0):
            grad_self = grad if self.accumulate else put(grad, index, _zeros(source._data.shape, grad._dtype))
        if self.needs(1):
            grad_source = take(grad, index).reshape_as(source)
        return grad_self, grad_source
