"""``tensor[index]`` and ``tensor[index] = value``: basic indexing makes views, advanced indexing copies.

PyTorch applies an index in two steps, and so does this module. First every int, slice, None and Ellipsis
is applied as a view (ints select, so they never take part in advanced indexing, unlike NumPy). Then the
remaining tensors and lists, the advanced indices, gather from that view; their dims go where the index
tensors stood if those were adjacent, else first. Python bools count as advanced: an index of size 1 or 0
on a new dim.
"""
import math
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd import grad_mode as _grad
from ..autograd.graph import Node, record, wants_grad
from ..tensor import Tensor, _view, _view_from_array, _wrap
from .common import check_writable
from .shape import (_TakeBackward, _alias, _contiguous_strides, _copy_with_strides, _dense_strides_like,
                    _non_overlapping_and_dense, _owning, clamp_range, embed, expand, expand_geometry, iteration_order,
                    select, slice_step, unsqueeze, view_strides)

_int64 = np.int64
_ellipsis = type(Ellipsis)
_SEQUENCE_MARKERS = (Tensor, list, tuple, np.ndarray, slice, type(None), _ellipsis)

# The C++ type each dtype converts a Python number through, named in PyTorch's overflow message.
_CPP_NAME = {_dt.bool: "bool", _dt.uint8: "uint8_t", _dt.int8: "int8_t", _dt.int16: "int16_t", _dt.int32: "int",
             _dt.int64: "int64_t", _dt.float16: "double", _dt.bfloat16: "double", _dt.float32: "float",
             _dt.float64: "double", _dt.complex64: "c10::complex<float>", _dt.complex128: "c10::complex<double>"}
_INT_RANGE = {d: (int(np.iinfo(d._np).min), int(np.iinfo(d._np).max))
              for d in (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)}
_FLOAT32_MAX = float(np.finfo(np.float32).max)


# ---------------------------------------------------------------------------------------------
# Reading: self[index]


def getitem(self, index):
    """``self[index]``: a view for ints, slices, None and Ellipsis; a gathered copy for tensor or list indices."""
    if self._requires_grad and _grad._state.enabled:
        return _recorded(self, index, _getitem(self, index))
    return _getitem(self, index)


def _getitem(self, index):
    """``self[index]`` without history."""
    kind = type(index)
    if kind is int:
        return _select(self, index)
    if kind is tuple or kind is slice:
        view = _simple(self, index if kind is tuple else (index,))
        if view is not None:
            return view
    view, indices = _basic(self, _as_tuple(index))
    if indices is None:
        return view
    return _gather(view, indices)


def _select(self, i):
    """The fast path for ``t[i]``: select along dim 0."""
    data = self._data
    shape = data.shape
    if not shape:
        if i == 0:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                             "in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"index {i} is out of bounds for dimension 0 with size 0")
    size = shape[0]
    if i < -size or i >= size:
        raise IndexError(f"index {i} is out of bounds for dimension 0 with size {size}")
    offset = (i + size if i < 0 else i) * data.strides[0] // data.itemsize
    return _view_from_array(self, data[i, ...], self._offset + offset)


def _simple(self, index):
    """The fast path for a tuple of ints and forward slices, whose NumPy view has PyTorch's strides; else None."""
    data = self._data
    shape, strides = data.shape, data.strides
    if len(index) > len(shape):
        return None
    offset = 0
    ints = True
    for d, i in enumerate(index):
        kind = type(i)
        if kind is int:
            size = shape[d]
            if i < -size or i >= size:
                raise IndexError(f"index {i} is out of bounds for dimension {d} with size {size}")
            offset += (i + size if i < 0 else i) * strides[d]
        elif kind is slice and (i.step is None or type(i.step) is int and i.step > 0):
            start, stop, step = i.indices(shape[d])
            if step != 1 and stop <= start:
                return None  # NumPy resets the stride of an empty strided slice
            offset += start * strides[d]
            ints = False
        else:
            return None
    array = data[index + (Ellipsis,)] if ints else data[index]
    return _view_from_array(self, array, self._offset + offset // data.itemsize)


def _as_tuple(index):
    """The index as a tuple of items; a short list holding sequences, slices or None counts as a tuple."""
    if type(index) is tuple:
        return index
    if isinstance(index, list):
        if len(index) < 32 and any(isinstance(i, _SEQUENCE_MARKERS) for i in index):
            warnings.warn("Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
                          "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
                          "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error "
                          "or a different result", UserWarning, stacklevel=3)
            return tuple(index)
    return (index,)


def _basic(self, items):
    """Apply the basic items of an index as one view; return it with the advanced items still to apply.

    The advanced items come back as a list of (dim of the view, tensor) pairs, or None when there are none.
    """
    items = [_item(i) for i in items]
    shape, strides = self._data.shape, self._strides()
    ndim = len(shape)
    specified = 0
    for item in items:
        if isinstance(item, Tensor):
            specified += item._data.ndim if item._dtype in (_dt.bool, _dt.uint8) else 1
        elif item is not None and item is not Ellipsis and type(item) is not bool:
            specified += 1
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    out_shape, out_strides, offset = [], [], self._offset
    advanced = None
    dim = 0  # the next dim of self to index
    for item in items:
        kind = type(item)
        if dim >= ndim and (kind is int or kind is slice or isinstance(item, Tensor)):
            raise IndexError(f"too many indices for tensor of dimension {ndim}")
        if kind is int:
            size = shape[dim]
            if item < -size or item >= size:
                raise IndexError(f"index {item} is out of bounds for dimension {dim} with size {size}")
            offset += (item + size if item < 0 else item) * strides[dim]
            dim += 1
        elif kind is slice:
            start, length, step = _slice_bounds(item, shape[dim])
            offset += start * strides[dim]
            out_shape.append(length)
            out_strides.append(strides[dim] * step)
            dim += 1
        elif item is None or kind is bool:
            if kind is bool:
                advanced = advanced or []
                advanced.append((len(out_shape), _bool_index(item)))
            out_shape.append(1)
            out_strides.append(shape[dim] * strides[dim] if dim < ndim else 1)
        elif item is Ellipsis:
            skip = ndim - specified
            out_shape.extend(shape[dim:dim + skip])
            out_strides.extend(strides[dim:dim + skip])
            dim += skip
        else:  # a tensor
            advanced = advanced or []
            advanced.append((len(out_shape), item))
            span = item._data.ndim if item._dtype in (_dt.bool, _dt.uint8) else 1
            out_shape.extend(shape[dim:dim + span])
            out_strides.extend(strides[dim:dim + span])
            dim += span
    out_shape.extend(shape[dim:])
    out_strides.extend(strides[dim:])
    if advanced and offset == self._offset and tuple(out_shape) == shape and tuple(out_strides) == strides:
        return self, advanced  # only gathered from or written to: no need for a view
    return _view(self, out_shape, out_strides, offset), advanced


def _item(item):
    """One index item normalised: int, slice, None, Ellipsis, bool, or a Tensor."""
    kind = type(item)
    if kind is int or kind is slice or kind is bool or item is None or item is Ellipsis:
        return item
    if isinstance(item, Tensor):
        if item._data.ndim == 0 and item._dtype._kind == 1 and item._dtype is not _dt.uint8:
            return int(item._data)  # a 0-d integer tensor selects, as an int does
        if item._data.ndim == 0 and item._dtype in (_dt.bool, _dt.uint8):
            return bool(item._data)
        return item
    if isinstance(item, np.integer):
        return int(item)
    if isinstance(item, (list, tuple, np.ndarray, range)):
        return _item(_sequence_index(item))
    if isinstance(item, str):
        raise TypeError("new(): invalid data type 'str'")
    if hasattr(item, "__index__") and not isinstance(item, (np.bool_, float)):
        return item.__index__()
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    raise IndexError(f"only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                     f"indices (got {name})")


def _sequence_index(seq):
    """A list (or array) index as a tensor: a bool or uint8 mask if it holds those, else int64 (floats truncate)."""
    if isinstance(seq, np.ndarray):
        array = seq
    else:
        array = np.array(seq)
        if array.dtype == object:
            from ..creation import tensor
            array = tensor(seq)._data  # sequences of tensors; or PyTorch's error for what cannot be data
        elif array.dtype.kind not in "biuf":
            raise TypeError(f"new(): invalid data type '{type(np.ravel(array)[0].item()).__name__}'")
    if array.dtype == np.bool_:
        return _wrap(array, _dt.bool)
    if array.dtype == np.uint8:
        return _wrap(array, _dt.uint8)
    return _wrap(array.astype(_int64), _dt.int64)


def _slice_bounds(item, size):
    """(start, length, step) of a slice over a dim of ``size``, clamped as PyTorch's ``slice`` does."""
    step = 1 if item.step is None else item.step.__index__()
    if step <= 0:
        raise ValueError("slice step cannot be zero" if step == 0 else "step must be greater than zero")
    start = 0 if item.start is None else item.start.__index__()
    stop = size if item.stop is None else item.stop.__index__()
    start, stop = clamp_range(start, stop, size)
    return start, (stop - start + step - 1) // step, step


def _bool_index(flag):
    """The index a Python bool becomes on its new size-1 dim: all of it, or none of it."""
    return _wrap(np.zeros(1 if flag else 0, _int64))


def _recorded(self, index, result):
    """``self[index]`` (already computed as ``result``, so valid) with PyTorch's history: one select, slice or
    unsqueeze node per basic item that changes the view (full slices are skipped), then ``IndexBackward0``."""
    if type(index) is slice:  # a lone slice is always recorded, even when it takes everything
        start, length, step = _slice_bounds(index, self._data.shape[0]) if self._data.ndim else (0, 0, 1)
        return slice_step(self, 0, start, length, step)
    items = [_item(i) for i in (index if type(index) is tuple else _quiet_tuple(index))]
    ndim = self._data.ndim
    specified = 0
    for item in items:
        if isinstance(item, Tensor):
            specified += item._data.ndim if item._dtype in (_dt.bool, _dt.uint8) else 1
        elif item is not None and item is not Ellipsis and type(item) is not bool:
            specified += 1
    view, dim, advanced = self, 0, []
    for item in items:
        kind = type(item)
        if kind is int:
            view = select(view, dim, item)
        elif kind is slice:
            size = view._data.shape[dim]
            start, length, step = _slice_bounds(item, size)
            if start or step != 1 or length != size:
                view = slice_step(view, dim, start, length, step)
            dim += 1
        elif item is None or kind is bool:
            view = unsqueeze(view, dim)
            if kind is bool:
                advanced.append((dim, _bool_index(item)))
            dim += 1
        elif item is Ellipsis:
            dim += ndim - specified
        else:
            advanced.append((dim, item))
            dim += item._data.ndim if item._dtype in (_dt.bool, _dt.uint8) else 1
    if not advanced:
        return _alias(view) if view is self else view
    return _index_recorded(view, advanced, result)


def _quiet_tuple(index):
    """``_as_tuple`` without its warning (given once already)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _as_tuple(index)


def _index_recorded(view, advanced, result=None):
    """``result``, gathered from ``view`` at the advanced indices, recorded as ``IndexBackward0``."""
    if result is None:
        result = _gather(view, advanced)
    node = IndexBackward0(view._data.shape, advanced)
    node.save(*(t for _, t in advanced))  # PyTorch refuses the backward once an index is modified in place
    return record(node, result, (view,))


class IndexBackward0(Node):
    """The gradient of a gather: added back at the indices (repeated indices accumulate)."""

    def __init__(self, shape, advanced):
        super().__init__()
        self.shape, self.advanced = shape, advanced

    def backward(self, grad):
        self.saved_tensors  # checks that no index changed since
        advanced = self.advanced

        def write(out, g):
            np.add.at(out, _indices(out_view(out), advanced).key(out.ndim), g)

        def take(g):
            return _index_recorded(g, advanced) if g._requires_grad and _grad._state.enabled else _gather(g, advanced)

        return (embed(grad, self.shape, take, write, IndexPutImplBackward0),)


class IndexPutImplBackward0(_TakeBackward):
    """The backward of IndexBackward0's backward: gathering again."""

    into_zeros = True


def out_view(array):
    """A tensor over ``array`` (to check indices against its shape)."""
    return _wrap(array)


# ---------------------------------------------------------------------------------------------
# Advanced indices: check, expand masks, broadcast


class _Indices:
    """The advanced indices of a view, ready to use: one int64 array per indexed dim, broadcast together.

    ``dims`` are the indexed dims of the view (ascending), ``arrays`` the broadcast index arrays,
    ``strides`` PyTorch's element strides of each index tensor after broadcasting (they decide the
    layout of a gathered result), ``shape`` their broadcast shape.
    """

    __slots__ = ("dims", "arrays", "strides", "shape")

    def key(self, ndim):
        """The NumPy index that applies these indices to the view (NumPy places the dims as PyTorch does)."""
        if self.dims == [0]:
            return self.arrays[0]
        key = [slice(None)] * ndim
        for d, a in zip(self.dims, self.arrays):
            key[d] = a
        return tuple(key)

    def adjacent(self):
        """Whether the indexed dims are consecutive (then the result's index dims stay in their place)."""
        return self.dims[-1] - self.dims[0] + 1 == len(self.dims)


def _indices(view, advanced):
    """Check the advanced items against the view, expand masks into index arrays, broadcast them."""
    shape = view._data.shape
    dims, arrays, strides = [], [], []
    for dim, t in advanced:
        dtype = t._dtype
        if dtype is _dt.bool or dtype is _dt.uint8:
            if dtype is _dt.uint8:
                warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
                              "instead.", UserWarning, stacklevel=4)
            _check_mask(t, dim, shape)
            for k, column in enumerate(np.nonzero(t._data)):
                dims.append(dim + k)
                arrays.append(column)
                strides.append((1,))
        elif dtype is _dt.int64 or dtype is _dt.int32:
            _check_dim(dim, shape)
            dims.append(dim)
            arrays.append(t._data)
            strides.append(t._strides())
        else:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    result = _Indices()
    try:
        first = arrays[0].shape
        same = all(a.shape == first for a in arrays)
        result.shape = first if same else np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together with shapes "
                         + ", ".join(str(list(a.shape)) for a in arrays)) from None
    for k, (a, s) in enumerate(zip(arrays, strides)):
        if a.shape != result.shape:
            s = expand_geometry(a.shape, s, result.shape)[1]
            arrays[k] = np.broadcast_to(a, result.shape)
        if a.dtype != _int64 and not _non_overlapping_and_dense(result.shape, s):
            s = _dense_strides_like(result.shape, s)  # PyTorch converts broadcast int32 indices to int64 copies
        strides[k] = s
    result.dims, result.arrays, result.strides = dims, arrays, strides
    if 0 in (shape[d] for d in dims) and 0 not in result.shape:
        raise IndexError("index is out of bounds for dimension with size 0")
    return result


def _check_dim(d, shape):
    """PyTorch's IndexError for an index that lands past the last dim."""
    if d >= len(shape):
        raise IndexError(f"Dimension out of range (expected to be in range of [{-len(shape)}, {len(shape) - 1}], "
                         f"but got {d})")


def _check_mask(mask, dim, shape):
    """A mask at ``dim`` must match the sizes of the dims it covers."""
    for k, n in enumerate(mask._data.shape):
        d = dim + k
        _check_dim(d, shape)
        if n != shape[d]:
            raise IndexError(f"The shape of the mask {list(mask._data.shape)} at index {k} does not match the shape "
                             f"of the indexed tensor {list(shape)} at index {d}")


def _check_bounds(view, indices, visit_strides):
    """PyTorch's IndexError for the first out-of-range index in the order its kernel visits them.

    The kernel walks the result in memory order; ``visit_strides()`` gives the result's strides along the
    index dims, asked for only when some index is out of range.
    """
    shape = view._data.shape
    bad_any = None
    for a, d in zip(indices.arrays, indices.dims):
        size = shape[d]
        bad = (a < -size) | (a >= size)
        bad_any = bad if bad_any is None else bad_any | bad
    if bad_any is None or not bad_any.any():
        return
    positions = np.argwhere(bad_any)
    first = tuple(positions[np.argmin(positions @ np.asarray(visit_strides(), dtype=_int64))])
    for k, (a, d) in enumerate(zip(indices.arrays, indices.dims)):
        value = int(a[first])
        if value < -shape[d] or value >= shape[d]:
            raise IndexError(f"index {value} is out of bounds for dimension {k} with size {shape[d]}")


def _frame(view, indices):
    """The view's (shape, strides) in the order PyTorch's index kernel sees them, and where the indexed dims start.

    Non-adjacent indexed dims are moved to the front first, as PyTorch (and NumPy) place them there.
    """
    shape, strides = view._data.shape, view._strides()
    dims = indices.dims
    if indices.adjacent():
        return shape, strides, dims[0]
    order = dims + [d for d in range(len(shape)) if d not in dims]
    return [shape[d] for d in order], [strides[d] for d in order], 0


def _result_shape(frame, indices):
    """The gathered result's shape: the index shape in place of the indexed dims."""
    shape, _, before = frame
    return list(shape[:before]) + list(indices.shape) + list(shape[before + len(indices.dims):])


def _result_strides(frame, indices, out_shape):
    """Element strides of PyTorch's gathered result: its TensorIterator orders the dims by the operands' strides."""
    shape, strides, before = frame
    n_idx, n_out = len(indices.dims), len(indices.shape)
    rest = list(strides[:before]) + list(strides[before + n_idx:])
    if n_out == 1 and all(a > b for a, b in zip(rest, rest[1:])):
        return list(_contiguous_strides(out_shape))  # the common case, decided without the sort
    operands = [rest[:before] + [0] * n_out + rest[before:]]
    ishape = [1] * before + list(indices.shape) + [1] * (len(rest) - before)
    for s in indices.strides:
        istrides = view_strides(indices.shape, s, ishape)
        operands.append([0 if n == 1 and m != 1 else st for n, m, st in zip(ishape, out_shape, istrides)])

    ndim = len(out_shape)
    perm = iteration_order(out_shape, operands)
    if perm == list(range(ndim - 1, -1, -1)):
        return list(_contiguous_strides(out_shape))
    out_strides, step = [0] * ndim, 1
    for d in perm:
        out_strides[d] = step
        step *= out_shape[d]
    return out_strides


def _visit_strides(frame, indices, out_shape, out_strides=None):
    """A function giving the result's strides along the broadcast index dims."""
    def strides():
        full = out_strides or _result_strides(frame, indices, out_shape)
        return full[frame[2]:frame[2] + len(indices.shape)]
    return strides


def _gather(view, advanced):
    """The advanced part of an index: a fresh tensor laid out as PyTorch lays it out."""
    indices = _indices(view, advanced)
    frame = _frame(view, indices)
    shape = _result_shape(frame, indices)
    strides = _result_strides(frame, indices, shape)
    try:
        array = view._data[indices.key(view._data.ndim)]
    except IndexError:  # NumPy checks the bounds as PyTorch does; PyTorch's message names the first bad index
        _check_bounds(view, indices, _visit_strides(frame, indices, shape, strides))
        raise
    item = array.itemsize
    if array.strides != tuple([s * item for s in strides]):
        if strides == list(_contiguous_strides(shape)):
            return _wrap(array.copy(), view._dtype)  # a fresh copy also fixes NumPy's strides of size-1 dims
        return _owning(_copy_with_strides(array, strides), view._dtype)
    return _owning(array, view._dtype)


# ---------------------------------------------------------------------------------------------
# Writing: self[index] = value


def setitem(self, index, value):
    """``self[index] = value``: ``value`` is cast to this dtype and broadcast to the indexed shape."""
    if isinstance(value, Tensor):
        scalar = None
    else:
        scalar = _checked_scalar(_python_number(self, value), self._dtype)
    if index is False:
        return
    kind = type(index)
    target = advanced = None
    if kind is int:
        target = _select(self, index)
    elif kind is tuple or kind is slice:
        target = _simple(self, index if kind is tuple else (index,))
    if target is None:
        if index is True:  # unlike True inside a tuple, a lone True is a plain view
            index = None
        target, advanced = _basic(self, _as_tuple(index))
    if wants_grad(self, value):
        _setitem_recorded(self, target, advanced, value, scalar)
        return
    if scalar is not None and advanced is None:
        check_writable(target)
        target._data[...] = scalar
    else:
        if scalar is not None:
            value = _wrap(np.array(scalar, self._dtype._np), self._dtype)
        if advanced is None:
            assign(target, value)
        else:
            _index_put(target, advanced, _strip_leading_ones(value), False)
    self._bump_version()


def _setitem_recorded(self, target, advanced, value, scalar):
    """``self[index] = value`` recording history: a copy into the indexed view, or an index_put."""
    from ..autograd.inplace import check_inplace, rebase
    from .pointwise import copy_
    check_inplace(target)
    if scalar is not None:
        value = _wrap(np.array(scalar, self._dtype._np), self._dtype)
    if advanced is None:
        copy_(target, value)
        return
    rebase(target, lambda old: _index_put_recorded(old, advanced, _strip_leading_ones(value), False))


def _index_put_recorded(old, advanced, value, accumulate):
    """``old`` with ``value`` put at the advanced indices, as a new tensor recorded as IndexPutBackward0."""
    from .shape import clone
    new = clone(old.detach())
    _index_put(new, advanced, value.detach(), accumulate)
    key = _indices(new, advanced).key(new._data.ndim)
    return record(IndexPutBackward0(key, accumulate), new, (old, value))


class IndexPutBackward0(Node):
    """Gradient of ``index_put``: the put positions get nothing from ``self`` (unless accumulating); ``values``
    collects the gradient there (repeated positions each receive it)."""

    def __init__(self, key, accumulate):
        super().__init__()
        self.key, self.accumulate = key, accumulate

    def backward(self, grad):
        g = grad._data
        rest = None
        if self.needs(0):
            rest = g.copy()
            if not self.accumulate:
                rest[self.key] = 0
            rest = _wrap(rest, grad._dtype)
        return rest, (_wrap(np.array(g[self.key]), grad._dtype) if self.needs(1) else None)


def _python_number(self, value):
    """An assigned value that is not a tensor, as a Python number; PyTorch's TypeError for anything else."""
    kind = type(value)
    if kind is int:
        if not -2 ** 63 <= value < 2 ** 63:
            raise ValueError("Overflow when unpacking long long")
    elif isinstance(value, np.integer):
        value = int(value)
    elif kind is not bool and kind is not float and kind is not complex:
        if isinstance(value, float):
            value = float(value)
        elif isinstance(value, complex):
            value = complex(value)
        else:
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
            raise TypeError(f"can't assign a {name} to a {self.type()}")
    return value


def _checked_scalar(value, dtype):
    """A Python number converted for storing in ``dtype``; out of range raises as PyTorch's Scalar conversion."""
    if dtype is _dt.bool:
        return bool(value)
    if type(value) is complex:
        if dtype._kind == 3:
            return complex(_checked_real(value.real, dtype), _checked_real(value.imag, dtype))
        if value.imag:
            _overflow(dtype)
        value = value.real
    return _checked_real(value, dtype)


def _checked_real(value, dtype):
    """A real Python number for ``dtype``: ints wrap into uint8 or must fit, floats must fit their target."""
    if dtype._kind == 1:
        low, high = _INT_RANGE[dtype]
        if type(value) is float:
            if math.isnan(value) or not low <= value <= high:
                _overflow(dtype)
            return int(value)
        if dtype is _dt.uint8 and -high <= value < 0:
            return value & high  # negative ints wrap into uint8, as in PyTorch
        if not low <= value <= high:
            _overflow(dtype)
        return value
    if (dtype is _dt.float32 or dtype is _dt.complex64) and math.isfinite(value) and abs(value) > _FLOAT32_MAX:
        _overflow(dtype)  # float16/bfloat16 convert through double, which never overflows
    return value


def _overflow(dtype):
    """PyTorch's error for a number that does not fit ``dtype``."""
    raise RuntimeError(f"value cannot be converted to type {_CPP_NAME[dtype]} without overflow")


def _strip_leading_ones(value):
    """``value`` without its leading size-1 dims, as PyTorch's setitem views it."""
    shape = value._data.shape
    k = 0
    while k < len(shape) and shape[k] == 1:
        k += 1
    if not k:
        return value
    return _view(value, shape[k:], value._strides()[k:], value._offset)


def assign(target, value):
    """Copy ``value`` (a tensor) into ``target``, broadcasting and casting as PyTorch's setitem does."""
    tshape, vshape = target._data.shape, value._data.shape
    if vshape != tshape and vshape:
        value = expand(_strip_leading_ones(value), tshape)
    check_writable(target)
    # a 0-d value is read before writing (PyTorch fills from a clone of it), so it may alias the target
    if vshape and _overlap(target, value) == "partial":
        raise RuntimeError(_OVERLAP_MESSAGE)
    source = _cast(value, target._dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        np.copyto(target._data, source, casting="unsafe")


def _cast(t, dtype):
    """The elements of ``t`` as an array of ``dtype``, with PyTorch's casting rules."""
    if t._dtype is dtype:
        return t._data
    from .convert import cast
    return cast(t, dtype)._data


_OVERLAP_MESSAGE = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                    "single memory location. Please clone() the tensor before performing the operation.")


def _overlap(a, b):
    """PyTorch's memory-overlap status of two tensors: 'full', 'partial' or None (none, or too hard to tell)."""
    if a is b:
        return "full"
    if a.untyped_storage() is not b.untyped_storage() or not a._data.size or not b._data.size:
        return None
    sa, sb = a._strides(), b._strides()
    if not (_non_overlapping_and_dense(a._data.shape, sa) and _non_overlapping_and_dense(b._data.shape, sb)):
        return None
    a0, b0 = a._offset * a._dtype.itemsize, b._offset * b._dtype.itemsize
    a1, b1 = a0 + a._data.nbytes, b0 + b._data.nbytes
    if a0 == b0 and a1 == b1:
        return "full" if sa == sb else "partial"
    return "partial" if a0 < b1 and b0 < a1 else None


def _index_put(view, advanced, value, accumulate):
    """Write ``value`` at the advanced indices of ``view``, as PyTorch's ``index_put_``."""
    if not accumulate and value._data.size == 1 and len(advanced) == 1 \
            and advanced[0][1]._dtype in (_dt.bool, _dt.uint8):
        _masked_fill(view, advanced[0], value)
        return
    if _overlap(view, value):
        raise RuntimeError(_OVERLAP_MESSAGE)
    indices = _indices(view, advanced)
    frame = _frame(view, indices)
    shape = _result_shape(frame, indices)
    vshape = value._data.shape
    if len(vshape) > len(shape) or any(v != 1 and v != s for v, s in zip(vshape[::-1], shape[::-1])):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(vshape)} cannot be broadcast to indexing "
                           f"result of shape {shape}")
    if value._dtype is not view._dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got {view._dtype._legacy} "
                           f"for the destination and {value._dtype._legacy} for the source.")
    key = indices.key(view._data.ndim)
    try:
        if accumulate:
            np.add.at(view._data, key, value._data)
        else:
            view._data[key] = value._data
    except IndexError:  # NumPy checks all the bounds before writing
        _check_bounds(view, indices, _visit_strides(frame, indices, shape))
        raise


def _masked_fill(view, item, value):
    """PyTorch's shortcut for one mask and a one-element value: fill the masked elements."""
    dim, mask = item
    _check_mask(mask, dim, view._data.shape)
    if mask._dtype is _dt.uint8:
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
    fill = _checked_scalar(value.item(), view._dtype)
    view._data[(slice(None),) * dim + (mask._data.astype(bool),)] = fill


# ---------------------------------------------------------------------------------------------
# index_put_


def index_put_(self, indices, values, accumulate=False):
    """Write ``values`` at ``indices`` (a tuple of index tensors or None); with ``accumulate``, add instead."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put_(): argument 'indices' (position 1) must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put_(): argument 'values' (position 2) must be Tensor, not {type(values).__name__}")
    ndim = self._data.ndim
    if len(indices) > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim} (got {len(indices)})")
    if not indices:
        raise RuntimeError("sym_strides() called on an undefined Tensor")
    advanced, dim = [], 0
    for i, t in enumerate(indices):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
        advanced.append((dim, t))
        dim += t._data.ndim if t._dtype in (_dt.bool, _dt.uint8) else 1  # a mask indexes as many dims as it has
    _warn_if_expanded(self)
    if wants_grad(self, values):
        from ..autograd.inplace import rebase
        return rebase(self, lambda old: _index_put_recorded(old, advanced, values, accumulate))
    _index_put(self, advanced, values, accumulate)
    self._bump_version()
    return self


def _warn_if_expanded(self):
    """PyTorch lets ``index_put_`` write into an expanded tensor, with a deprecation warning."""
    try:
        check_writable(self)
    except RuntimeError:
        warnings.warn("Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before "
                      "performing this operation. This also applies to advanced indexing e.g. tensor[indices] = "
                      "tensor", UserWarning, stacklevel=3)


def index_put(input, indices, values, accumulate=False):
    """Out-of-place :func:`index_put_`: a clone of ``input`` with ``values`` written at ``indices``."""
    from .shape import clone
    return index_put_(clone(input), indices, values, accumulate)
