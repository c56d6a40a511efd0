"""Order statistics: median, nanmedian, mode, quantile, nanquantile."""
import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..autograd import grad_mode as _grad_mode
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import Tensor, _wrap
from .common import _type_name, not_implemented, result, wrap_dim
from .scans import _dense, _fma
from .shape import _owning

_int64 = np.int64
_REDUCED = (_dt.float16, _dt.bfloat16)
# What an empty median holds: PyTorch fills it with NaN, which x86 converts to these integers.
_EMPTY_FILL = {_dt.int32: -(1 << 31), _dt.int64: -(1 << 63), _dt.bool: True}

median_type, median_out_type = return_types.named("median"), return_types.named("median_out")
nanmedian_type, nanmedian_out_type = return_types.named("nanmedian"), return_types.named("nanmedian_out")
mode_type, mode_out_type = return_types.named("mode"), return_types.named("mode_out")


def _key(input):
    """The values to compare: float16/bfloat16 widened exactly to float32."""
    data = input._data
    return data.astype(np.float32) if input._dtype in _REDUCED else data


def _check_dim(name, dim):
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {_type_name(dim)}")


def _pair(values, indices, dtype, keepdim, axis, out, plain, named_out):
    """The (values, indices) result of a reduction along ``axis``: dense, or written into ``out``."""
    if not keepdim and values.ndim:
        values, indices = values.squeeze(axis), indices.squeeze(axis)
    values, indices = _dense(values), _dense(indices)
    if out is None:
        return plain(_wrap(values, dtype), _wrap(indices, _dt.int64))
    return named_out(result(values, dtype, out[0]), result(indices, _dt.int64, out[1]))


# ---------------------------------------------------------------------------------------------
# median, nanmedian


_ALL = object()  # no dim given: an explicit dim=None is an error in PyTorch


def _median_all(input, ignore_nan):
    """The lower median of all elements as a 0-d tensor (NaN if any is NaN, unless ``ignore_nan``)."""
    dtype = input._dtype
    data = input._data
    if data.size == 0:
        fill = _EMPTY_FILL.get(dtype, 0) if dtype._kind < 2 else np.nan
        return _wrap(np.array(fill, dtype._np), dtype)
    if dtype._kind in (0, 3):
        raise not_implemented("median_cpu", dtype)
    flat = _key(input).reshape(-1)
    if flat.dtype.kind == "f":
        nans = np.isnan(flat)
        if nans.any():
            if not ignore_nan or nans.all():
                return _wrap(np.array(np.nan, dtype._np), dtype)
            flat = flat[~nans]
    k = (flat.size - 1) // 2
    value = np.partition(flat, k)[k]
    return _wrap(np.array(value).astype(dtype._np), dtype)


def _check_median_out(out, dtype, name):
    if not isinstance(out, (tuple, list)):
        raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, not {_type_name(out)}")
    values, indices = out
    if values._dtype is not dtype:
        raise RuntimeError(f"Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; but "
                           f"type torch.{values._dtype._legacy}Tensor does not equal torch.{dtype._legacy}Tensor "
                           "(while checking arguments for median)")
    if indices._dtype is not _dt.int64:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have scalar type Long; but got "
                           f"torch.{indices._dtype._legacy}Tensor instead (while checking arguments for median)")


def _median_dim(input, dim, keepdim, out, name, ignore_nan):
    """Lower median along ``dim`` and its index: the median's place in a stable sort (NaN last)."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        position = "" if name == "median" else " (position 2)"
        raise TypeError(f"{name}(): argument 'dim'{position} must be int, not {_type_name(dim)}")
    data = input._data
    axis = wrap_dim(dim, data.ndim)
    if out is not None:
        _check_median_out(out, input._dtype, name)
    if data.ndim and data.shape[axis] == 0:
        raise IndexError(f"median(): Expected reduction dim {axis} to have non-zero size.")
    if input._dtype._kind in (0, 3):
        raise not_implemented("median_out", input._dtype)
    plain, named_out = (median_type, median_out_type) if name == "median" else (nanmedian_type, nanmedian_out_type)
    if data.ndim == 0:
        return _pair(data.copy(), np.zeros((), _int64), input._dtype, keepdim, axis, out, plain, named_out)
    key = _key(input)
    if data.size == 0:
        kept = data.shape[:axis] + (1,) + data.shape[axis + 1:]
        return _pair(np.empty(kept, data.dtype), np.empty(kept, _int64), input._dtype, keepdim, axis, out, plain,
                     named_out)
    if key.dtype.kind == "f" and np.isnan(key).any():
        indices = _nan_median_indices(key, axis, ignore_nan)
    else:
        indices = _median_indices(key, axis)
    values = np.take_along_axis(data, indices, axis)
    return _pair(values, indices, input._dtype, keepdim, axis, out, plain, named_out)


def _median_indices(key, axis):
    """Index of the lower median along ``axis`` (no NaN), as a stable sort would place it: the median value
    found by a partial sort, then the occurrence of it that a stable sort puts at the median's place."""
    k = (key.shape[axis] - 1) // 2
    value = np.take(np.partition(key, k, axis=axis), [k], axis=axis)
    occurrence = k - (key < value).sum(axis=axis, keepdims=True)  # how many equal values come first
    equal = key == value
    seen = np.cumsum(equal, axis=axis)
    return np.argmax(equal & (seen == occurrence + 1), axis=axis, keepdims=True).astype(_int64, copy=False)


def _nan_median_indices(key, axis, ignore_nan):
    """Index of the (nan)median along ``axis`` of rows holding NaN, from a stable sort (NaN last)."""
    n = key.shape[axis]
    order = np.argsort(key, axis=axis, kind="stable")
    nans = np.isnan(key).sum(axis=axis, keepdims=True)
    if ignore_nan:
        position = np.maximum((n - nans - 1) // 2, 0)
    else:  # the first NaN is the median of a row holding any
        position = np.where(nans > 0, n - nans, (n - 1) // 2)
    return np.take_along_axis(order, position, axis).astype(_int64, copy=False)


def median(input, dim=_ALL, keepdim=False, *, out=None, axis=None):
    """The lower median of all elements, or ``(values, indices)`` along ``dim``; NaN if any element is NaN."""
    return _median("median", input, dim if axis is None else axis, keepdim, out)  # NumPy's spelling too


def nanmedian(input, dim=_ALL, keepdim=False, *, out=None, axis=None):
    """Like :func:`median`, ignoring NaN (NaN only where every element is NaN)."""
    return _median("nanmedian", input, dim if axis is None else axis, keepdim, out)


def _median(name, input, dim, keepdim, out):
    ignore_nan = name == "nanmedian"
    if dim is _ALL:
        if out is not None or keepdim:
            raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
        r = _median_all(input, ignore_nan)
        if wants_grad(input):  # the gradient is shared by the elements equal to the median
            from .reduction import _spread_recorded
            return _spread_recorded(_NODES[name.title() + "Backward0"](), input, r)
        return r
    grad = wants_grad(input)
    if grad:
        no_out(name, out)
    pair = _median_dim(input, dim, keepdim, out, name, ignore_nan)
    if grad:
        _select(name.title() + "Backward1", input, pair, dim, keepdim)
    return pair


# ---------------------------------------------------------------------------------------------
# mode
#
# PyTorch sorts (value, index) pairs of each row with std::sort comparing values only, then takes the
# first longest run of equal values and the index found at the run's end. std::sort is an insertion sort
# (stable) for up to 16 elements; beyond that, and for rows holding NaN (which compares false with
# everything), the index depends on libstdc++'s introsort, which is replayed below.

_THRESHOLD = 16


def _std_sort(a):
    """Sort the list of (value, index) pairs ``a`` in place by value, step for step as libstdc++'s std::sort."""
    n = len(a)
    if n > 1:
        _introsort_loop(a, 0, n, 2 * (n.bit_length() - 1))
        _final_insertion_sort(a, 0, n)


def _introsort_loop(a, first, last, depth):
    while last - first > _THRESHOLD:
        if depth == 0:
            _heap_sort(a, first, last)
            return
        depth -= 1
        cut = _partition_pivot(a, first, last)
        _introsort_loop(a, cut, last, depth)
        last = cut


def _partition_pivot(a, first, last):
    """Median of three moved to ``first``, then a Hoare partition of the rest around it."""
    x, y, z = first + 1, first + (last - first) // 2, last - 1
    vx, vy, vz = a[x][0], a[y][0], a[z][0]
    if vx < vy:
        pick = y if vy < vz else z if vx < vz else x
    else:
        pick = x if vx < vz else z if vy < vz else y
    a[first], a[pick] = a[pick], a[first]
    pivot = a[first][0]
    lo, hi = first + 1, last
    while True:
        while lo < last and a[lo][0] < pivot:
            lo += 1
        hi -= 1
        while pivot < a[hi][0]:
            hi -= 1
        if not lo < hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _adjust_heap(a, first, hole, length, value):
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if a[first + child][0] < a[first + child - 1][0]:
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and a[first + parent][0] < value[0]:
        a[first + hole] = a[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[first + hole] = value


def _heap_sort(a, first, last):
    length = last - first
    for parent in range((length - 2) // 2, -1, -1):
        _adjust_heap(a, first, parent, length, a[first + parent])
    while last - first > 1:
        last -= 1
        value = a[last]
        a[last] = a[first]
        _adjust_heap(a, first, 0, last - first, value)


def _linear_insert(a, i, lowest):
    value = a[i]
    j = i - 1
    while j >= lowest and value[0] < a[j][0]:
        a[j + 1] = a[j]
        j -= 1
    a[j + 1] = value


def _insertion_sort(a, first, last):
    for i in range(first + 1, last):
        value = a[i]
        if value[0] < a[first][0]:
            a[first + 1:i + 1] = a[first:i]
            a[first] = value
        else:
            _linear_insert(a, i, 0)


def _final_insertion_sort(a, first, last):
    if last - first > _THRESHOLD:
        _insertion_sort(a, first, first + _THRESHOLD)
        for i in range(first + _THRESHOLD, last):
            _linear_insert(a, i, 0)
    else:
        _insertion_sort(a, first, last)


def _mode_of_row(values):
    """(index of the mode) of one row, as PyTorch's CPU kernel finds it."""
    pairs = list(zip(values, range(len(values))))
    _std_sort(pairs)
    best, count, found = 0, 0, pairs[0][1]
    for i, (v, index) in enumerate(pairs):
        count += 1
        if i == len(pairs) - 1 or v != pairs[i + 1][0]:
            if count > best:
                best, found = count, index
            count = 0
    return found


def _stable_mode(rows):
    """Per row of a NaN-free 2-D array: where a stable sort ends the first longest run, and that run's length."""
    n = rows.shape[1]
    order = np.argsort(rows, axis=1, kind="stable")
    ordered = np.take_along_axis(rows, order, 1)
    steps = np.arange(n)
    starts = np.ones(rows.shape, bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    run_start = np.maximum.accumulate(np.where(starts, steps, 0), axis=1)
    ends = np.ones(rows.shape, bool)
    ends[:, :-1] = starts[:, 1:]
    lengths = np.where(ends, steps - run_start + 1, 0)
    end = np.argmax(lengths, axis=1)[:, None]
    return np.take_along_axis(order, end, 1)[:, 0], np.take_along_axis(lengths, end, 1)[:, 0]


def _mode_indices(key, axis):
    """Index of the mode along ``axis`` of a non-empty array, keeping the dim."""
    moved = np.moveaxis(key, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    n = rows.shape[1]
    nan = np.isnan(rows).any(axis=1) if rows.dtype.kind == "f" else np.zeros(len(rows), bool)
    found = np.zeros(len(rows), _int64)
    if not nan.all():
        # An insertion sort (up to 16 elements) is stable: the index is the last of the first longest run of a
        # stable sort. Longer rows agree when the mode occurs once (every value distinct); others are replayed.
        clean = ~nan
        index, count = _stable_mode(rows[clean])
        found[clean] = index
        if n > _THRESHOLD:
            nan[clean] = count > 1
    for r in np.nonzero(nan)[0]:
        found[r] = _mode_of_row(rows[r].tolist())
    shape = moved.shape[:-1] + (1,)
    return np.moveaxis(found.reshape(shape), -1, axis)


def mode(input, dim=-1, keepdim=False, *, out=None, axis=None):
    """The most frequent value along ``dim`` (the smallest on ties) and an index of it, as PyTorch picks it."""
    dim = dim if axis is None else axis
    if wants_grad(input):
        no_out("mode", out)
        return _select("ModeBackward0", input, _mode(input.detach(), dim, keepdim, None), dim, keepdim)
    return _mode(input, dim, keepdim, out)


def _mode(input, dim, keepdim, out):
    _check_dim("mode", dim)
    data = input._data
    dtype = input._dtype
    axis = wrap_dim(dim, data.ndim)
    if out is not None:
        for t, want, name in ((out[0], dtype, "values"), (out[1], _dt.int64, "indices")):
            if t._dtype is not want:
                raise RuntimeError(f"expected scalar type '{want._legacy}' but got '{t._dtype._legacy}' for {name} "
                                   "output")
    if data.ndim and data.shape[axis] == 0:
        raise IndexError(f"mode(): Expected reduction dim {axis} to have non-zero size.")
    if data.ndim == 0:
        return _pair(data.copy(), np.zeros((), _int64), dtype, keepdim, axis, out, mode_type, mode_out_type)
    kept = data.shape[:axis] + (1,) + data.shape[axis + 1:]
    if data.size == 0:
        return _pair(np.empty(kept, data.dtype), np.empty(kept, _int64), dtype, keepdim, axis, out, mode_type,
                     mode_out_type)
    if dtype._kind == 3:
        raise not_implemented("mode_cpu", dtype)
    indices = _mode_indices(_key(input), axis)
    values = np.take_along_axis(data, indices, axis)
    return _pair(values, indices, dtype, keepdim, axis, out, mode_type, mode_out_type)


# ---------------------------------------------------------------------------------------------
# quantile, nanquantile

_MODES = ("linear", "lower", "higher", "midpoint", "nearest")


def _cpp_number(x):
    """A double as C++'s default ostream prints it (6 significant digits)."""
    return "%g" % x


def _quantile(name, input, q, dim, keepdim, interpolation, out, ignore_nan):
    if interpolation not in _MODES:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    data = input._data
    dtype = input._dtype
    if isinstance(q, Tensor):
        q_values = q._data
        q_dtype = q._dtype
    elif isinstance(q, (float, int, np.floating, np.integer)) and not isinstance(q, bool):
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {_cpp_number(q)}")
        q_values, q_dtype = np.array(q, dtype._np if dtype._kind == 2 else np.float64), dtype
    else:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"(Tensor, {_type_name(q)}), but expected one of:\n"
                        f" * (Tensor input, Tensor q, int dim = None, bool keepdim = False, *, str interpolation = "
                        f"\"linear\", Tensor out = None)\n"
                        f" * (Tensor input, float q, int dim = None, bool keepdim = False, *, str interpolation = "
                        f"\"linear\", Tensor out = None)\n")
    if data.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if q_values.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if dtype not in (_dt.float32, _dt.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if q_dtype is not dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    if out is not None and out._dtype is not dtype:
        raise RuntimeError("quantile() out tensor must be same dtype as the input tensor")
    if isinstance(q, Tensor) and not ((q_values >= 0) & (q_values <= 1)).all():
        raise RuntimeError("quantile() q values must be in the range [0, 1]")

    # Rows to reduce, laid along the last axis, and the output shape (without q's dim).
    if dim is None:
        rows = data.reshape(1, -1)
        shape = (1,) * data.ndim if keepdim else ()
    else:
        _check_dim(name, dim)
        axis = wrap_dim(dim, data.ndim)
        if data.ndim == 0:
            rows, shape = data.reshape(1, 1), ()
        else:
            moved = np.moveaxis(data, axis, -1)
            rows = moved.reshape(-1, moved.shape[-1])
            shape = data.shape[:axis] + ((1,) if keepdim else ()) + data.shape[axis + 1:]
    n = rows.shape[1]
    if n > 1 << 24:
        raise RuntimeError("quantile() input tensor is too large")
    # q gets a gradient through the interpolation weights only
    q_grad = isinstance(q, Tensor) and interpolation == "linear" and wants_grad(q)
    grad = q_grad or wants_grad(input)
    if grad and out is not None:  # PyTorch copies its recorded result into out=, recording the copy
        from .pointwise import copy_
        r = _quantile(name, input, q, dim, keepdim, interpolation, None, ignore_nan)
        result(r._data, dtype, out)
        return copy_(out, r)
    if grad:
        order = np.argsort(rows, axis=1, kind="stable")
        ordered = np.take_along_axis(rows, order, 1)
    else:
        ordered = np.sort(rows, axis=1)  # NaN last
    ranks = _ranks(ordered, q_values.reshape(-1).astype(data.dtype), interpolation, ignore_nan)
    values = _interpolate(ordered, ranks, interpolation)
    values = values.reshape(shape + (values.shape[-1],))
    if q_values.ndim == 0:
        array = _dense(values.reshape(shape))
    else:
        array = np.moveaxis(values, -1, 0)  # PyTorch hands out the q dim first, as a view of this buffer
    if out is not None:
        return result(np.ascontiguousarray(array), dtype, out)  # a resized out= is made contiguous
    r = _owning(array, dtype)
    if grad:
        node = SqueezeBackward4(order, ranks, interpolation, data.shape, None if dim is None else axis, q_values.ndim)
        if q_grad:
            node.q_part = _rank_slope(ordered, ranks, q_values.reshape(-1).astype(data.dtype), ignore_nan)
        return record(node, r, (input, q))
    return r


def _rank_slope(ordered, ranks, q, ignore_nan):
    """What the gradient with respect to ``q`` needs: the gap each interpolation spans, where the rank moves with
    ``q`` (not clamped to 0 or pinned to a NaN), and the factor the rank is ``q`` times."""
    where = np.arange(len(ordered))[:, None]
    span = ordered[where, np.ceil(ranks).astype(_int64)] - ordered[where, ranks.astype(_int64)]
    if ignore_nan:
        counts = (ordered.shape[1] - np.isnan(ordered).sum(axis=1, keepdims=True)).astype(ordered.dtype)
        return span, q * (counts - 1) >= 0, counts - 1
    return span, ~np.isnan(ordered[:, -1:]), ordered.dtype.type(ordered.shape[1] - 1)


def _ranks(ordered, q, interpolation, ignore_nan):
    """Where the quantiles ``q`` of each sorted row lie, shape (rows, len(q)): rounded unless interpolated."""
    float_ = ordered.dtype.type
    last = ordered.shape[1] - 1
    nans = np.isnan(ordered[:, -1:])
    if ignore_nan:
        counts = ordered.shape[1] - np.isnan(ordered).sum(axis=1, keepdims=True)
        ranks = q * (counts - 1).astype(ordered.dtype)
        ranks = np.where(ranks < 0, float_(0), ranks)
    else:
        ranks = np.where(nans, float_(last), q * float_(last))
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.rint(ranks)  # half to even, as PyTorch's round
    return ranks


def _interpolate(ordered, ranks, interpolation):
    """The values at ``ranks`` of each sorted row, interpolated in the input's dtype."""
    float_ = ordered.dtype.type
    below = ranks.astype(_int64)
    low = np.take_along_axis(ordered, below, 1)
    if interpolation not in ("linear", "midpoint"):
        return low
    weights = ranks - below.astype(ordered.dtype) if interpolation == "linear" else np.full_like(ranks, 0.5)
    high = np.take_along_axis(ordered, np.ceil(ranks).astype(_int64), 1)
    # PyTorch's lerp: from the nearer end, as one fused multiply-add (float64 holds a float32 product exactly)
    small = np.abs(weights) < 0.5
    coeff, base = np.where(small, weights, weights - float_(1)), np.where(small, low, high)
    span = high - low
    if span.dtype == np.float32:
        return (coeff.astype(np.float64) * span + base).astype(np.float32)
    return _fma(coeff, span, base)


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None, axis=None):
    """The ``q``-th quantiles of all elements or along ``dim`` (``q`` a float or 1-D tensor, its dim first)."""
    return _quantile("quantile", input, q, dim if axis is None else axis, keepdim, interpolation, out, False)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None, axis=None):
    """Like :func:`quantile`, ignoring NaN (NaN only where a row is all NaN)."""
    return _quantile("nanquantile", input, q, dim if axis is None else axis, keepdim, interpolation, out, True)


# ---------------------------------------------------------------------------------------------
# Gradients


def _spread_node(name):
    from .reduction import _Spread
    return type(name, (_Spread,), {})


def _selected_node(name):
    from .reduction import _Selected
    return type(name, (_Selected,), {})


_NODES = {name: _spread_node(name) for name in ("MedianBackward0", "NanmedianBackward0")}
_NODES.update({name: _selected_node(name) for name in ("MedianBackward1", "NanmedianBackward1", "ModeBackward0")})


def _select(name, input, pair, dim, keepdim):
    """Record ``pair.values`` as picked from ``input`` at ``pair.indices`` along ``dim``."""
    axis = wrap_dim(dim, input._data.ndim)
    record(_NODES[name](pair[1]._data, axis, keepdim), pair[0], (input,))
    return pair


class SqueezeBackward4(Node):
    """quantile/nanquantile (a composite in PyTorch, whose last step is a squeeze): the gradient of each quantile
    goes to the sorted elements it was read or interpolated from, then back to their places before the sort."""

    q_part = None  # what q's gradient needs, when q requires one

    def __init__(self, order, ranks, interpolation, shape, axis, q_ndim):
        super().__init__()
        self.order, self.ranks, self.interpolation = order, ranks, interpolation
        self.shape, self.axis, self.q_ndim = shape, axis, q_ndim

    def weights(self, dtype):
        """How much of each quantile comes from the element above its rank (None: read at the rank)."""
        if self.interpolation == "linear":
            return self.ranks - self.ranks.astype(_int64).astype(dtype)
        return np.full_like(self.ranks, 0.5) if self.interpolation == "midpoint" else None

    def backward(self, grad):
        g = grad._data
        g = g.reshape(len(self.order), 1) if self.q_ndim == 0 else np.moveaxis(g, 0, -1).reshape(len(self.order), -1)
        x_grad = self._input_grad(g, grad) if self.needs(0) else None
        q_grad = None
        if self.q_part is not None and self.needs(1):
            span, moving, factor = self.q_part
            zero = g.dtype.type(0)
            if np.ndim(factor):  # nanquantile: the rank is q times each row's count
                q_grad = (np.where(moving, g * span, zero) * factor).sum(axis=0)
            else:
                q_grad = np.where(moving, g * span, zero).sum(axis=0) * factor
            q_grad = _wrap(q_grad.reshape(self._input_meta[1][0]), grad._dtype)
        return x_grad, q_grad

    def _input_grad(self, g, grad):
        rows, n = self.order.shape
        ranks = self.ranks
        below = ranks.astype(_int64)
        where = np.arange(rows)[:, None]
        ordered = np.zeros((rows, n), g.dtype)
        weights = self.weights(g.dtype)
        if weights is not None:  # as PyTorch's lerp: (1 - w) to the element below, w to the one above
            above = np.zeros((rows, n), g.dtype)
            np.add.at(above, (where, np.ceil(ranks).astype(_int64)), g * weights)
            np.add.at(ordered, (where, below), g * (g.dtype.type(1) - weights))
            ordered += above
        else:
            np.add.at(ordered, (where, below), g)
        out = np.empty_like(ordered)
        np.put_along_axis(out, self.order, ordered, 1)
        if self.axis is None or not self.shape:
            out = out.reshape(self.shape)
        else:
            moved = self.shape[:self.axis] + self.shape[self.axis + 1:] + (self.shape[self.axis],)
            out = np.moveaxis(out.reshape(moved), -1, self.axis)  # a view: PyTorch's gradient keeps this layout
        t = _wrap(out, grad._dtype)  # laid out as the rows were read: the reduced dim innermost
        if grad._requires_grad and _grad_mode._state.enabled:
            return record(_GRAD_NODES[self._grad_node()](self), t, (grad,))
        return t

    def _grad_node(self):
        """What PyTorch's composite names the last step of this gradient: undoing the flatten, the move of the dim
        to the end, or the sort."""
        ndim = len(self.shape)
        if self.axis is None:
            return "ScatterBackward0" if ndim == 1 else "ViewBackward0"
        return "ScatterBackward0" if ndim and self.axis == ndim - 1 else "SqueezeBackward1"


class _QuantileGrad(Node):
    """The gradient of a quantile's gradient with respect to the incoming gradient: the weighted reads again."""

    def __init__(self, quantile):
        super().__init__()
        self.quantile = quantile

    def backward(self, grad):
        q = self.quantile
        data = grad._data
        if q.axis is None or not q.shape:
            rows = data.reshape(len(q.order), -1)
        else:
            rows = np.moveaxis(data, q.axis, -1).reshape(len(q.order), -1)
        ordered = np.take_along_axis(rows, q.order, 1)
        where = np.arange(len(ordered))[:, None]
        below = ordered[where, q.ranks.astype(_int64)]
        weights = q.weights(data.dtype)
        if weights is not None:
            above = ordered[where, np.ceil(q.ranks).astype(_int64)]
            below = below * (data.dtype.type(1) - weights) + above * weights
        out = below.reshape(self._input_meta[0][0]) if q.q_ndim == 0 else \
            np.moveaxis(below.reshape(tuple(self._input_meta[0][0][1:]) + (below.shape[-1],)), -1, 0)
        return _wrap(np.ascontiguousarray(out), grad._dtype),


_GRAD_NODES = {name: type(name, (_QuantileGrad,), {})
               for name in ("ScatterBackward0", "ViewBackward0", "SqueezeBackward1")}
