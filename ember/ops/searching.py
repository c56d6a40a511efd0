"""Unique elements, searching sorted sequences and counting into bins: unique, unique_consecutive, searchsorted,
bucketize, histc, histogram, bincount."""
import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..tensor import Tensor, _wrap, _wrap_dim
from .common import _CPP_TYPES, _check_input, _int_param, _store, _type_name, not_implemented

_int64 = np.int64
_f32 = np.float32
_REDUCED = (_dt.float16, _dt.bfloat16)

histogram_type = return_types.named("histogram", ("hist", "bin_edges"))
histogram_out_type = return_types.named("histogram_out", ("hist", "bin_edges"))


def _key(data, dtype):
    """Values to compare: float16/bfloat16 widened exactly to float32 (NumPy sorts those fast)."""
    return data.astype(_f32) if dtype in _REDUCED else data


def _dense(array, np_dtype):
    """``array`` in ``np_dtype``, C-contiguous (0-d arrays stay 0-d, which ``np.ascontiguousarray`` does not keep)."""
    array = np.asarray(array, np_dtype)
    return array if array.flags.c_contiguous else array.copy(order="C")


def _long(array):
    return _wrap(_dense(array, _int64), _dt.int64)


def _outputs(values, inverse, counts, return_inverse, return_counts):
    """The result tuple ``unique`` returns: the values, then the inverse and the counts when asked for."""
    out = [values]
    if return_inverse:
        out.append(inverse)
    if return_counts:
        out.append(counts)
    return out[0] if len(out) == 1 else tuple(out)


def _groups(starts, n):
    """Each element's group number and each group's size, from the mask of elements that start a group."""
    ids = np.cumsum(starts, dtype=_int64) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), n)).astype(_int64)
    return ids, counts


# ---------------------------------------------------------------------------------------------
# Unique elements


def _unique_flat(input, consecutive):
    """Unique values of the flattened input, each element's group and each group's size."""
    if input._dtype._kind == 3:
        raise not_implemented("unique", input._dtype)
    data = input._data
    flat = data.reshape(-1)
    key = _key(flat, input._dtype)
    order = None if consecutive else np.argsort(key, kind="stable")
    if order is not None:
        flat, key = flat[order], key[order]
    starts = np.ones(flat.size, np.bool_)
    np.not_equal(key[1:], key[:-1], out=starts[1:])  # NaNs never compare equal: each stays apart, as in PyTorch
    ids, counts = _groups(starts, flat.size)
    if order is not None:
        inverse = np.empty_like(ids)
        inverse[order] = ids
        ids = inverse
    return flat[starts], ids.reshape(data.shape), counts


def _unique_slices(input, dim, consecutive):
    """Unique slices along ``dim``: the slices (in the layout PyTorch gives), each slice's group, each group's size."""
    data = input._data
    if input._dtype._kind == 3:
        raise not_implemented("unique_dim", input._dtype)
    if not data.ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    axis = _wrap_dim(dim, data.ndim)
    zeros = [d for d, n in enumerate(data.shape) if n == 0]
    if zeros:
        if len(zeros) > 1:
            raise RuntimeError("Number of zero sized dimensions is more than one, so unique cannot be applied ")
        if zeros[0] != axis:
            raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
        empty = np.empty(0, _int64)
        return np.empty(data.shape, data.dtype), empty, empty
    moved = np.moveaxis(data, axis, 0)
    n = moved.shape[0]
    rows = _key(moved.reshape(n, -1), input._dtype)
    if consecutive:
        order = None
    else:
        order = np.lexsort(rows.T[::-1]) if rows.shape[1] else np.arange(n)
        rows, moved = rows[order], moved[order]
    starts = np.ones(n, np.bool_)
    starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    ids, counts = _groups(starts, n)
    if order is not None:
        inverse = np.empty_like(ids)
        inverse[order] = ids
        ids = inverse
    # PyTorch builds the result with ``dim`` first and moves it back into place as a view
    return np.moveaxis(np.ascontiguousarray(moved[starts]), 0, axis), ids, counts


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The sorted unique elements (or slices along ``dim``), and optionally each element's index among them and
    how often each occurs."""
    _check_input(input, "unique")
    if dim is None:
        values, inverse, counts = _unique_flat(input, False)
    else:
        values, inverse, counts = _unique_slices(input, dim, False)
    return _outputs(_wrap(values, input._dtype), return_inverse and _long(inverse), return_counts and _long(counts),
                    return_inverse, return_counts)


def _consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Values, inverse and counts of ``unique_consecutive``; without ``dim`` an unrequested one is empty."""
    _check_input(input, "unique_consecutive")
    if dim is not None and not (dim == 0 and input._data.ndim == 1):  # PyTorch takes (1-d, dim=0) as flat
        values, inverse, counts = _unique_slices(input, dim, True)
    else:
        values, inverse, counts = _unique_flat(input, True)
        empty = np.empty(0, _int64)
        inverse, counts = (inverse if return_inverse else empty), (counts if return_counts else empty)
    return _wrap(values, input._dtype), _long(inverse), _long(counts)


def unique_consecutive(*args, **kwargs):
    """``input`` with each run of equal consecutive elements (or slices along ``dim``) collapsed to one.

    As ``torch.unique_consecutive`` does, the shape of the result is picked from the flags in positions 2 and 1
    (``return_counts`` and ``return_inverse``, the other way round from the signature), so positional flags can
    return a tensor that was not computed (empty) in place of one that was.
    """
    show_inverse = kwargs["return_inverse"] if "return_inverse" in kwargs else len(args) > 2 and args[2]
    show_counts = kwargs["return_counts"] if "return_counts" in kwargs else len(args) > 1 and args[1]
    values, inverse, counts = _consecutive(*args, **kwargs)
    return _outputs(values, inverse, counts, show_inverse, show_counts)


def unique_consecutive_method(self, return_inverse=False, return_counts=False, dim=None):
    """``Tensor.unique_consecutive``: see :func:`unique_consecutive` (the method passes its flags by name)."""
    values, inverse, counts = _consecutive(self, return_inverse, return_counts, dim)
    return _outputs(values, inverse, counts, return_inverse, return_counts)


# ---------------------------------------------------------------------------------------------
# Searching sorted sequences


def _bisect(bounds, values, right):
    """PyTorch's binary search, row by row: the first position whose boundary is not below (``right``: not at
    or below) the value. Its comparisons decide where NaN lands, so they are kept exactly."""
    m = bounds.shape[-1]
    lo = np.zeros(values.shape, _int64)
    hi = np.full(values.shape, m, _int64)
    active = lo < hi
    while active.any():
        mid = lo + ((hi - lo) >> 1)
        at = np.take_along_axis(bounds, np.minimum(mid, m - 1), -1)
        below = ~(at > values) if right else ~(at >= values)
        lo = np.where(active & below, mid + 1, lo)
        hi = np.where(active & ~below, mid, hi)
        active = lo < hi
    return lo


def _search(bounds, values, right, sorter):
    """Insertion positions of ``values`` in ``bounds`` (1-d, or rows matching ``values``' leading dims)."""
    if sorter is not None:
        bounds = np.take_along_axis(bounds, sorter, -1)
    if bounds.ndim == 1 and (bounds.dtype.kind in "iub" or not (np.isnan(bounds).any() or np.isnan(values).any())):
        return np.searchsorted(bounds, values, "right" if right else "left").astype(_int64, copy=False)
    rows = bounds.reshape(-1, bounds.shape[-1])
    flat = values.reshape(len(rows), -1) if bounds.ndim > 1 else values.reshape(1, -1)
    return _bisect(rows, flat, right).reshape(values.shape)


def _check_search(bounds, values, out_int32, right, side, sorter, out):
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side != "right":
            raise RuntimeError(f"torch.searchsorted(): side and right can't be set to opposites, got side of {side} "
                               "while right was True")
    b = bounds._data
    if sorter is not None:
        if sorter._data.shape != b.shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(b.shape)}and got sorter tensor {list(sorter._data.shape)}")
        if sorter._dtype is not _dt.int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{sorter._dtype._legacy}")
        s = sorter._data
        if s.size and (s.min() < 0 or s.max() >= s.shape[-1]):
            raise RuntimeError("torch.searchsorted(): sorter index out of range")
    v = values._data if isinstance(values, Tensor) else None
    if v is None or v.ndim == 0:
        if b.ndim != 1:
            raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when boundaries tensor "
                               f"dimension is 1, but we got boundaries tensor dim({b.ndim}) and input value's dim(0) "
                               f"numel(1)")
    elif b.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    elif b.ndim != 1 and b.shape[:-1] != v.shape[:-1]:
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           f"dimensions of boundaries tensor and input value tensor must match, but we got "
                           f"boundaries tensor {list(b.shape)} and input value tensor {list(v.shape)}")
    if out is not None and out._dtype is not (_dt.int32 if out_int32 else _dt.int64):
        raise RuntimeError(f"torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or "
                           f"Long(int64) depending on whether out_int32 flag is True, but we got output tensor's "
                           f"dtype {out._dtype._legacy} and out_int32 flag is {out_int32}")


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None, out=None):
    """Where each value would be inserted into ``sorted_sequence`` (along its last dim) to keep it sorted."""
    if not isinstance(sorted_sequence, Tensor):
        raise TypeError(f"searchsorted(): argument 'sorted_sequence' (position 1) must be Tensor, not "
                        f"{_type_name(sorted_sequence)}")
    if not isinstance(input, Tensor) and _dt.py_scalar(input) is None:
        raise TypeError(f"searchsorted(): argument 'input' (position 2) must be Tensor, not {_type_name(input)}")
    _check_search(sorted_sequence, input, out_int32, right, side, sorter, out)
    right = right or side == "right"
    out_dtype = _dt.int32 if out_int32 else _dt.int64
    if isinstance(input, Tensor) and not input._data.size:  # nothing to search: no kernel runs, so no dtype error
        result = np.empty(input._data.shape, out_dtype._np)
        return _store(out, result, "searchsorted") if out is not None else _wrap(result, out_dtype)
    dtype = _dt.result_type_of((sorted_sequence, input))
    if dtype._kind in (0, 3):
        raise not_implemented("searchsorted_out_cpu", dtype)
    compare = _f32 if dtype in _REDUCED else dtype._np
    bounds = sorted_sequence._data.astype(compare, copy=False)
    if isinstance(input, Tensor):
        values = input._data.astype(compare, copy=False)
    else:
        values = np.asarray(input).astype(dtype._np).astype(compare)  # a number converts as PyTorch's would
    positions = _search(bounds, values, right, None if sorter is None else sorter._data)
    result = _dense(positions, out_dtype._np)
    if out is not None:
        return _store(out, result, "searchsorted")
    return _wrap(result, out_dtype)


def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    """The index of the bucket of ``boundaries`` (1-d, sorted) each element of ``input`` falls into."""
    if not isinstance(boundaries, Tensor):
        raise TypeError(f"bucketize(): argument 'boundaries' (position 2) must be Tensor, not "
                        f"{_type_name(boundaries)}")
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


# ---------------------------------------------------------------------------------------------
# Histograms


def _cfmt(x, nan="nan"):
    """A double as C++ streams print it in PyTorch's messages (a NaN from a reduction prints as ``-nan``)."""
    return nan if x != x else f"{x:g}"


def _check_bins(bins):
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")


def _linear_positions(data, left, right, n, edges=None):
    """Bin of each element between ``n`` evenly spaced edges from ``left`` to ``right`` (-1 outside them), by
    PyTorch's interpolation in the input dtype; with ``edges`` it is corrected against the neighbouring edges,
    as ``histogram`` does."""
    inside = (data >= left) & (data <= right)
    x = data[inside]
    with np.errstate(all="ignore"):
        pos = ((x - left) * left.dtype.type(n - 1) / (right - left)).astype(_int64)
    if edges is not None:
        low = np.maximum(pos - 1, 0)
        high = np.minimum(pos + 2, n)
        found = low.copy()
        for step in range(3):
            at = low + step
            found += (at < high) & (edges[np.minimum(at, n - 1)] <= x)
        pos = found - 1
    pos = np.minimum(pos, n - 2)  # the last bin includes its right edge
    out = np.full(data.shape, -1, _int64)
    out[inside] = pos
    return out


def _upper_bound(edges, x):
    """``std::upper_bound`` over ``edges`` for each element (libstdc++'s halving, so unsorted edges land as there)."""
    first = np.zeros(x.shape, _int64)
    length = np.full(x.shape, edges.size, _int64)
    while (length > 0).any():
        half = length >> 1
        middle = first + half
        live = length > 0
        less = x < edges[np.minimum(middle, edges.size - 1)]
        first = np.where(live & ~less, middle + 1, first)
        length = np.where(live, np.where(less, half, length - half - 1), 0)
    return first


def _searched_positions(data, edges):
    """Bin of each element for arbitrary ``edges`` by binary search (-1 outside them)."""
    inside = (data >= edges[0]) & (data <= edges[-1])
    pos = _upper_bound(edges, data[inside]) - 1
    pos = np.where(pos == edges.size - 1, pos - 1, pos)
    out = np.full(data.shape, -1, _int64)
    out[inside] = pos
    return out


def _counted(positions, weights, bins, dtype):
    """The histogram: how many elements (or how much weight) fell in each bin, in ``dtype``."""
    keep = positions >= 0
    if weights is None:
        return np.bincount(positions[keep], minlength=bins).astype(dtype._np)
    hist = np.zeros(bins, weights.dtype)
    np.add.at(hist, positions[keep], weights[keep])  # in order and in the input dtype, as PyTorch accumulates
    return hist


def histc(input, bins=100, min=0, max=0, *, out=None):
    """Counts of the elements in ``bins`` equal-width bins between ``min`` and ``max`` (the data's range when
    both are equal); elements outside are ignored."""
    _check_input(input, "histc")
    bins = _int_param(bins, "histc", "bins", 2)
    dtype = input._dtype
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"torch.histogram: input tensor and hist tensor should have the same dtype, but got input "
                           f"{_CPP_TYPES[dtype]} and hist {_CPP_TYPES[out._dtype]}")
    _check_bins(bins)
    data = input._data.reshape(-1)
    left, right = float(min), float(max)
    if left == right and data.size:
        if dtype._kind == 3:
            raise not_implemented("aminmax_cpu", dtype)
        left, right = float(data.min()), float(data.max())
    if left == right:
        left, right = left - 1, right + 1
    if not (np.isfinite(left) and np.isfinite(right)):
        raise RuntimeError(f"torch.histc: range of [{_cfmt(left, '-nan')}, {_cfmt(right, '-nan')}] is not "
                           "finite")
    if not left < right:
        raise RuntimeError("torch.histc: max must be larger than min")
    _check_edge_kernel(dtype, left, right)
    if dtype._kind != 2:
        raise not_implemented("histogram_cpu", dtype)
    # only the ends of PyTorch's edges matter here, and its linspace makes those exact
    ends = np.array([left, right], dtype._np)
    hist = _counted(_linear_positions(data, ends[0], ends[1], bins + 1), None, bins, dtype)
    if out is not None:
        return _store(out, hist, "histc")
    return _wrap(hist, dtype)


_C_INTS = {_dt.uint8: "uint8_t", _dt.int8: "int8_t", _dt.int16: "int16_t", _dt.int32: "int32_t", _dt.int64: "int64_t"}


def _check_edge_kernel(dtype, left, right):
    """PyTorch makes the bin edges with linspace in the input dtype: no bool kernel, no out-of-range integers."""
    if dtype._kind == 0:
        raise not_implemented("linspace_cpu", dtype)
    if dtype._kind == 1:
        info = np.iinfo(dtype._np)
        for v in (left, right):
            if not info.min <= v <= info.max:
                raise RuntimeError(f"value cannot be converted to type {_C_INTS[dtype]} without overflow")


def _weights(weight, data, dtype):
    if weight is None:
        return None
    if weight._dtype is not dtype:
        raise RuntimeError(f"torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should "
                           f"have the same dtype, but got input({_CPP_TYPES[dtype]}), and weight("
                           f"{_CPP_TYPES[weight._dtype]})")
    w = weight._data.reshape(-1)  # PyTorch flattens the weights before comparing shapes
    if w.size != data.size:
        raise RuntimeError(f"torch.histogramdd: if weight tensor is provided it should have the same shape as the "
                           f"input tensor excluding its innermost dimension, but got input with shape "
                           f"{[data.size, 1]} and weight with shape {[w.size]}")
    return w


def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):
    """A histogram of ``input``: ``bins`` equal-width bins over ``range`` (default: the data's range), or the bins
    a 1-d tensor of edges gives; returns ``(hist, bin_edges)``."""
    _check_input(input, "histogram")
    dtype = input._dtype
    data = input._data.reshape(-1)
    if out is not None:
        for name, t, tail in (("hist", out[0], ""), ("bin_edges", out[1], " for dimension 0")):
            if t._dtype is not dtype:
                raise RuntimeError(f"torch.histogram: input tensor and {name} tensor should have the same dtype, but "
                                   f"got input {_CPP_TYPES[dtype]} and {name} {_CPP_TYPES[t._dtype]}{tail}")
    if isinstance(bins, Tensor):
        if range is not None:
            raise TypeError(f"histogram() received an invalid combination of arguments - got (Tensor, Tensor, "
                            f"range={type(range).__name__}), but expected one of:\n"
                            " * (Tensor input, Tensor bins, *, Tensor weight = None, bool density = False, tuple of "
                            "Tensors out = None)\n"
                            " * (Tensor input, int bins = 100, *, tuple of floats range = None, Tensor weight = None, "
                            "bool density = False, tuple of Tensors out = None)\n")
        if bins._dtype is not dtype:
            raise RuntimeError(f"torch.histogramdd: input tensor and bins tensors should have the same dtype, but got "
                               f"input with dtype {_CPP_TYPES[dtype]} and bins for dimension 0 with dtype "
                               f"{_CPP_TYPES[bins._dtype]}")
        _check_bins(bins._data.size - 1)
        if bins._data.ndim != 1:
            raise RuntimeError(f"torch.histogramdd: bins tensor should have one dimension, but got {bins._data.ndim} "
                               f"dimensions in the bins tensor for dimension 0")
        w = _weights(weight, data, dtype)
        if dtype._kind != 2:
            raise not_implemented("histogram_cpu", dtype)
        edges = np.array(bins._data, order="C")
        positions = _searched_positions(data, edges)
    else:
        count = _int_param(bins, "histogram", "bins", 2)
        _check_bins(count)
        if range is None and data.size and dtype not in (_dt.float32, _dt.float64):
            raise not_implemented("histogramdd", dtype)  # the data's range is taken by a float32/float64 kernel
        _check_edge_kernel(dtype, *(range if range is not None else (0, 1)))
        w = _weights(weight, data, dtype)
        if dtype._kind != 2:
            raise not_implemented("histogram_cpu", dtype)
        edges = _histogram_edges(data, range, count, dtype)
        positions = _linear_positions(data, edges[0], edges[-1], edges.size, edges)
    hist = _counted(positions, w, edges.size - 1, dtype)
    if density:
        with np.errstate(all="ignore"):
            hist = _density(hist, edges, dtype)
    if out is not None:
        _store(out[0], hist, "histogram")
        _store(out[1], edges, "histogram")
        return histogram_out_type(out[0], out[1])
    return histogram_type(_wrap(hist, dtype), _wrap(edges, dtype))


def _density(hist, edges, dtype):
    """Counts divided by their total and by each bin's width, rounding as PyTorch's two in-place divisions do."""
    if dtype in _REDUCED:  # the total is a float32 scalar, the first division is done in float32
        wide = hist.astype(_f32)
        hist = (wide / _f32(wide.sum())).astype(dtype._np)
    else:
        hist = hist / dtype._np.type(hist.sum())
    return hist / np.diff(edges)


def _histogram_edges(data, range, count, dtype):
    """``count + 1`` evenly spaced edges over ``range`` or the data's range, as PyTorch's linspace makes them."""
    from ..ranges import linspace
    if range is not None:
        left, right = float(range[0]), float(range[1])
    elif data.size:
        left, right = float(data.min()), float(data.max())
    else:
        left, right = 0.0, 1.0
    if not (np.isfinite(left) and np.isfinite(right)):
        raise RuntimeError(f"torch.histogramdd: dimension 0's range [{_cfmt(left)}, {_cfmt(right)}] is not finite")
    if left > right:
        raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {_cfmt(left)} max "
                           f"{_cfmt(right)} for dimension 0")
    if left == right:
        left, right = left - 0.5, right + 0.5
    return linspace(left, right, count + 1, dtype=dtype)._data


# ---------------------------------------------------------------------------------------------
# Counting


def bincount(input, weights=None, minlength=0):
    """How often each non-negative integer occurs in a 1-d tensor (or the sum of its ``weights``)."""
    _check_input(input, "bincount")
    if type(minlength) is not int:
        raise TypeError(f"bincount(): argument 'minlength' must be int, not {_type_name(minlength)}")
    dtype = input._dtype
    if dtype._kind != 1:
        raise not_implemented("bincount_cpu", dtype)
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    data = input._data
    if data.ndim == 1 and not data.size:
        return _wrap(np.zeros(minlength, _int64), _dt.int64)
    if data.ndim != 1 or data.min() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None and (weights._data.ndim != 1 or weights._data.shape[0] != data.shape[0]):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    bins = max(int(data.max()) + 1, minlength)
    if weights is None:
        return _wrap(np.bincount(data, minlength=bins).astype(_int64, copy=False), _dt.int64)
    w = weights._data
    if weights._dtype is _dt.float32:
        hist = np.zeros(bins, _f32)
        np.add.at(hist, data, w)  # float32 sums, in order, as PyTorch's loop makes them
        return _wrap(hist, _dt.float32)
    if w.dtype.kind == "c":
        w = w.real
    hist = np.bincount(data, weights=w.astype(np.float64), minlength=bins)
    return _wrap(hist, _dt.float64)


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each of ``elements`` equals one of ``test_elements`` (either may be a number; NaN matches nothing)."""
    values = [x if isinstance(x, Tensor) else _dt.py_scalar(x) for x in (elements, test_elements)]
    if any(v is None for v in values) or not any(isinstance(v, Tensor) for v in values):
        got = ", ".join(_type_name(x) for x in (elements, test_elements))
        raise TypeError(f"isin() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        " * (Tensor elements, Tensor test_elements, *, bool assume_unique = False, bool invert = False, "
                        "Tensor out = None)\n"
                        " * (Number element, Tensor test_elements, *, bool assume_unique = False, bool invert = False, "
                        "Tensor out = None)\n"
                        " * (Tensor elements, Number test_element, *, bool assume_unique = False, bool invert = False, "
                        "Tensor out = None)\n")
    for v in values:
        if isinstance(v, Tensor) and v._dtype._kind in (0, 3):
            raise RuntimeError(f"Unsupported input type encountered for isin(): {v._dtype._legacy}")
    dtype = _dt.result_type_of(values)
    arrays = [np.asarray(v._data if isinstance(v, Tensor) else v).astype(dtype._np) for v in values]
    if dtype in (_dt.float16, _dt.bfloat16):
        arrays = [a.astype(np.float32) for a in arrays]
    found = np.isin(arrays[0], arrays[1], invert=invert).reshape(arrays[0].shape)
    return _wrap(found, _dt.bool)
