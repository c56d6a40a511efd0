"""``tensor[index]`` and ``tensor[index] = value``: basic indexing makes views, advanced indexing copies."""
import warnings

import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, _view, _wrap
from .common import check_writable

_INDEX_ERROR = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices "
                "(got {})")


def _as_tuple(index):
    if type(index) is tuple:
        return index
    if isinstance(index, list) and index and any(
            isinstance(i, (slice, type(None), type(Ellipsis), list, tuple, Tensor)) for i in index):
        warnings.warn("Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in "
                      "pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as "
                      "tensor index, x[torch.tensor(seq)], which will result either in an error or a different "
                      "result", UserWarning, stacklevel=3)
        return tuple(index)
    return (index,)


def _advanced_array(item):
    """An index array for NumPy from a list or tensor index, with PyTorch's dtype rules."""
    if isinstance(item, Tensor):
        dtype = item._dtype
        if dtype is _dt.uint8:
            warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.",
                          UserWarning, stacklevel=4)
            return item._data.astype(bool)
        if dtype._kind != 1 and dtype is not _dt.bool:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return item._data
    array = np.asarray(item)
    if array.dtype.kind == "f":
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    if array.dtype.kind not in "biu" and array.size:
        raise IndexError(_INDEX_ERROR.format(type(item).__name__))
    return array.astype(np.int64) if array.dtype.kind != "b" else array


def _parse(self, index):
    """Apply the basic part of an index as a view; return (view spec, advanced index tuple or None).

    The view spec is (shape, strides, offset). Ints, slices, None, Ellipsis and Python bools are basic;
    lists, tensors and arrays are advanced and are left as (dim position -> array) for a later gather.
    """
    items = _as_tuple(index)
    shape = self._data.shape
    strides = self._strides()
    ndim = len(shape)
    consumed = 0
    for item in items:
        if item is None or item is Ellipsis or type(item) is bool:
            continue
        if isinstance(item, Tensor) and item._dtype in (_dt.bool, _dt.uint8):
            consumed += item._data.ndim
        elif isinstance(item, np.ndarray) and item.dtype == bool:
            consumed += item.ndim
        else:
            consumed += 1
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    out_shape, out_strides, offset = [], [], self._offset
    advanced = []
    dim = 0  # position in the source
    seen_ellipsis = False
    for item in items:
        kind = type(item)
        if kind is int or (kind is not bool and isinstance(item, (int, np.integer))):
            size = shape[dim]
            i = int(item)
            if i < -size or i >= size:
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")
            offset += (i + size if i < 0 else i) * strides[dim]
            dim += 1
        elif kind is slice:
            size = shape[dim]
            step = 1 if item.step is None else int(item.step)
            if step <= 0:
                if step == 0:
                    raise ValueError("slice step cannot be zero")
                raise ValueError("step must be greater than zero")
            start, stop = _clamp(item.start, 0, size), _clamp(item.stop, size, size)
            length = max(0, -(-(stop - start) // step)) if stop > start else 0
            offset += start * strides[dim]
            out_shape.append(length)
            out_strides.append(strides[dim] * step)
            dim += 1
        elif item is None:
            out_shape.append(1)
            out_strides.append(_new_dim_stride(shape, strides, dim))
        elif item is Ellipsis:
            if seen_ellipsis:
                raise IndexError("an index can only have a single ellipsis ('...')")
            seen_ellipsis = True
            skip = ndim - consumed
            out_shape.extend(shape[dim:dim + skip])
            out_strides.extend(strides[dim:dim + skip])
            dim += skip
        elif kind is bool:
            out_shape.append(1 if item else 0)
            out_strides.append(_new_dim_stride(shape, strides, dim))
        elif isinstance(item, (Tensor, np.ndarray, list, tuple, range)):
            array = _advanced_array(item)
            if array.dtype == bool:
                span = max(array.ndim, 1) if array.ndim else 0
                if array.ndim == 0:
                    out_shape.append(1)
                    out_strides.append(0)
                    advanced.append((len(out_shape) - 1, array.reshape(1)))
                    continue
                for k in range(array.ndim):
                    if array.shape[k] != shape[dim + k]:
                        raise IndexError(f"The shape of the mask {list(array.shape)} at index {k} does not match the "
                                         f"shape of the indexed tensor {list(shape)} at index {dim + k}")
                for k in range(span):
                    out_shape.append(shape[dim + k])
                    out_strides.append(strides[dim + k])
                advanced.append((len(out_shape) - span, array))
                dim += span
                continue
            size = shape[dim]
            if array.size and (array.max() >= size or array.min() < -size):
                bad = int(array.max()) if array.max() >= size else int(array.min())
                raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
            out_shape.append(size)
            out_strides.append(strides[dim])
            advanced.append((len(out_shape) - 1, array))
            dim += 1
        else:
            raise IndexError(_INDEX_ERROR.format(kind.__name__))
    out_shape.extend(shape[dim:])
    out_strides.extend(strides[dim:])
    return (out_shape, out_strides, offset), advanced


def _clamp(value, default, size):
    if value is None:
        return default
    value = int(value)
    if value < 0:
        value += size
    return min(max(value, 0), size)


def _new_dim_stride(shape, strides, dim):
    """The stride PyTorch gives a dim inserted before source dim ``dim`` (as ``unsqueeze`` does)."""
    return shape[dim] * strides[dim] if dim < len(shape) else 1


def _numpy_index(ndim, advanced):
    """The tuple that applies the advanced indices to the basic view with NumPy's (= PyTorch's) placement."""
    key = [slice(None)] * ndim
    for position, array in advanced:
        key[position] = array
    return tuple(key)


def getitem(self, index):
    """``self[index]``."""
    if type(index) is int and self._data.ndim:  # the common fast path: one int selects along dim 0
        size = self._data.shape[0]
        if index < -size or index >= size:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {size}")
        if index < 0:
            index += size
        strides = self._strides()
        return _view(self, self._data.shape[1:], strides[1:], self._offset + index * strides[0])
    (shape, strides, offset), advanced = _parse(self, index)
    base = _view(self, shape, strides, offset)
    if not advanced:
        return base
    return _wrap(base._data[_numpy_index(len(shape), advanced)], self._dtype)


def setitem(self, index, value):
    """``self[index] = value``, broadcasting ``value`` and casting it to this tensor's dtype."""
    if isinstance(value, (list, tuple)):
        raise TypeError(f"can't assign a {type(value).__name__} to a {self.type()}")
    if isinstance(value, Tensor):
        source = value._data
        if value._dtype.is_complex and not self._dtype.is_complex:
            source = source.real
    else:
        source = value
        if isinstance(value, complex) and not self._dtype.is_complex:
            source = value.real
    (shape, strides, offset), advanced = _parse(self, index)
    target = _view(self, shape, strides, offset)
    with np.errstate(invalid="ignore", over="ignore"):
        if not advanced:
            if np.shape(source) != tuple(shape):
                _check_broadcast(np.shape(source), shape)
            check_writable(target)
            np.copyto(target._data, source, casting="unsafe")
        else:
            key = _numpy_index(len(shape), advanced)
            try:
                target._data[key] = np.asarray(source).astype(self._dtype._np)
            except ValueError:
                result_shape = target._data[key].shape
                raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(source))} cannot be "
                                   f"broadcast to indexing result of shape {list(result_shape)}") from None
    self._bump_version()


def _check_broadcast(value_shape, shape):
    if len(value_shape) > len(shape):
        extra = value_shape[:len(value_shape) - len(shape)]
        if any(s != 1 for s in extra):
            raise RuntimeError(f"expand(torch.FloatTensor{{{list(value_shape)}}}, size={list(shape)}): the number of "
                               f"sizes provided ({len(shape)}) must be greater or equal to the number of dimensions "
                               f"in the tensor ({len(value_shape)})")
        value_shape = value_shape[len(extra):]
    lead = len(shape) - len(value_shape)
    for i, (have, want) in enumerate(zip(value_shape, shape[lead:])):
        if have != want and have != 1:
            raise RuntimeError(f"The expanded size of the tensor ({want}) must match the existing size ({have}) at "
                               f"non-singleton dimension {i + lead}.  Target sizes: {list(shape)}.  Tensor sizes: "
                               f"{list(value_shape)}")


def index_put_(self, indices, values, accumulate=False):
    """``self[indices] = values``; with ``accumulate``, repeated indices add up."""
    if not accumulate:
        setitem(self, tuple(indices), values)
        return self
    (shape, strides, offset), advanced = _parse(self, tuple(indices))
    target = _view(self, shape, strides, offset)
    source = values._data if isinstance(values, Tensor) else values
    check_writable(target)
    np.add.at(target._data, _numpy_index(len(shape), advanced), np.asarray(source).astype(self._dtype._np))
    self._bump_version()
    return self


def index_put(self, indices, values, accumulate=False):
    """Out-of-place :func:`index_put_`."""
    from .shape import clone
    return index_put_(clone(self), indices, values, accumulate)
