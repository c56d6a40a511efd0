"""Scans along a dim (cumsum, cumprod, cummax, cummin, logcumsumexp), differences (diff) and trace."""
import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..autograd import grad_mode as _grad_mode
from ..autograd.graph import Node, no_out, record, wants_grad
from ..autograd.inplace import rebase
from ..ranges import _fma as exact_fma
from ..tensor import Tensor, _contiguous_strides, _wrap
from .common import _CPP_TYPES, _type_name, check_writable, iterator_strides, not_implemented, result, wrap_dim
from .shape import _non_overlapping_and_dense, _owning

_int64 = np.int64
# PyTorch's CPU scans accumulate in a wider type (at::acc_type) and round each output to the result dtype.
_WIDE = {_dt.float16: np.float32, _dt.bfloat16: np.float32, _dt.float32: np.float64, _dt.complex64: np.complex128}
_CHUNK = 1 << 16  # elements per block of a widened scan: its float64 buffer stays in cache
# Longest complex product taken one step at a time (with PyTorch's rounding); longer ones use NumPy's
# accumulate, within a few ulps.
_STEPS = 4096

cummax_type = return_types.named("cummax")
cummin_type = return_types.named("cummin")
cummax_out_type = return_types.named("cummax_out")
cummin_out_type = return_types.named("cummin_out")


def _dense(array):
    """``array`` with PyTorch's contiguous strides (size-1 and empty dims included)."""
    array = np.asarray(array)
    if array.strides == _contiguous_strides(array.shape, array.itemsize):
        return array
    return np.array(array, order="C")


_MISSING = object()


def _dim_arg(name, dim, axis=None):
    """``dim`` (or its NumPy spelling ``axis``, which PyTorch also accepts) checked to be an int."""
    if axis is not None:
        dim = axis
    if dim is _MISSING:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{name}(): argument 'dim' (position 2) must be int, not {_type_name(dim)}")
    return dim


def _scan(ufunc, data, axis, dtype):
    """``ufunc.accumulate`` of ``data`` (already in ``dtype``) along ``axis``, accumulating as PyTorch does."""
    wide = _WIDE.get(dtype)
    if data.ndim == 0:
        return data.copy()
    if ufunc is np.multiply and dtype._kind == 3 and data.shape[axis] <= _STEPS:
        return _stepwise(data, axis, _complex_multiply, 1 + 0j)
    if wide is None:
        return ufunc.accumulate(data, axis=axis, dtype=data.dtype)
    if data.size <= _CHUNK or data.ndim == 1:
        return ufunc.accumulate(data, axis=axis, dtype=wide).astype(data.dtype)
    # Large arrays are scanned in blocks across another dim, so the wide buffer never leaves the cache.
    out = np.empty(data.shape, data.dtype)
    across = 0 if axis else data.ndim - 1
    step = max(1, _CHUNK * data.shape[across] // data.size)
    index = [slice(None)] * data.ndim
    for start in range(0, data.shape[across], step):
        index[across] = slice(start, start + step)
        block = tuple(index)
        out[block] = ufunc.accumulate(data[block], axis=axis, dtype=wide)
    return out


def _stepwise(data, axis, step, start):
    """A complex scan along ``axis`` one step at a time in complex128, ``running = step(running, element)`` from
    ``start``, as PyTorch's kernel runs it (its rounding is not NumPy's, so no ufunc can take its place)."""
    rows = np.ascontiguousarray(np.moveaxis(data, axis, 0), np.complex128)
    out = np.empty_like(rows)
    running = np.full(rows.shape[1:], start)
    with np.errstate(all="ignore"):
        for i, row in enumerate(rows):
            running = out[i] = step(running, row)
    return np.moveaxis(out, 0, axis).astype(data.dtype)


def _complex_multiply(x, y):
    """``x * y`` as PyTorch's compiled complex multiply rounds it (two fused multiply-adds)."""
    a, b, c, d = x.real, x.imag, y.real, y.imag
    return _fma(a, c, -(b * d)) + 1j * _fma(a, d, b * c)


def _as(data, dtype):
    """``data`` converted to ``dtype``; float16/bfloat16 stay as they are (the scan widens them)."""
    if data.dtype == dtype._np:
        return data
    if dtype._kind < 3 and data.dtype.kind == "c":
        data = data.real
    if data.dtype == _dt.bfloat16._np and dtype._kind < 2:
        data = data.astype(np.float32)  # ml_dtypes has no bfloat16-to-integer cast
    return data.astype(dtype._np)


def _cumulative(name, ufunc):
    kernel = f"{name}_out_cpu"

    def cumulative(input, dim=_MISSING, *, dtype=None, out=None, axis=None):
        dim = _dim_arg(name, dim, axis)
        axis = wrap_dim(dim, input._data.ndim)
        if dtype is None:
            dtype = out._dtype if out is not None else _dt.int64 if input._dtype._kind < 2 else input._dtype
        elif out is not None and out._dtype is not dtype:
            raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                               f"{_CPP_TYPES[out._dtype]} instead")
        if dtype._kind == 0 and input._data.ndim and input._data.size:  # 0-d or empty: no kernel runs
            raise not_implemented(kernel, dtype)
        grad = wants_grad(input)
        if grad:
            no_out(name, out)
        r = result(_dense(_scan(ufunc, _as(input._data, dtype), axis, dtype)), dtype, out)
        if grad:
            return _recorded_scan(name, input, r, axis)
        return r

    def cumulative_(self, dim=_MISSING, *, dtype=None, axis=None):
        dim = _dim_arg(name, dim, axis)
        axis = wrap_dim(dim, self._data.ndim)
        if dtype is not None and dtype is not self._dtype:
            raise RuntimeError(f"Bad in-place call: input tensor dtype {_CPP_TYPES[self._dtype]} and output tensor "
                               f"dtype {_CPP_TYPES[dtype]} should match")
        if self._dtype._kind == 0 and self._data.ndim and self._data.size:
            raise not_implemented(kernel, self._dtype)
        if wants_grad(self):  # inside a graph: the out-of-place op, its history rebased onto self
            return rebase(self, lambda old: cumulative(old, axis))
        check_writable(self)
        self._data[...] = _scan(ufunc, self._data, axis, self._dtype)
        self._bump_version()
        return self

    cumulative.__name__, cumulative_.__name__ = name, name + "_"
    cumulative.__doc__ = f"The cumulative {name[3:]} along ``dim``; integers and bools give int64 unless ``dtype``."
    cumulative_.__doc__ = f"In-place ``{name}``."
    return cumulative, cumulative_


cumsum, cumsum_ = _cumulative("cumsum", np.add)
cumprod, cumprod_ = _cumulative("cumprod", np.multiply)


# ---------------------------------------------------------------------------------------------
# Running extremes


def _check_out_pair(out, dtype):
    values, indices = out
    if values._dtype is not dtype:
        raise RuntimeError(f"expected scalar_type {dtype._legacy} but found {values._dtype._legacy}")
    if indices._dtype is not _dt.int64:
        raise RuntimeError(f"expected scalar_type Long but found {indices._dtype._legacy}")


def _running(name, ufunc, wins):
    plain, named_out = (cummax_type, cummax_out_type) if name == "cummax" else (cummin_type, cummin_out_type)

    def running(input, dim=_MISSING, *, out=None, axis=None):
        dim = _dim_arg(name, dim, axis)
        data = input._data
        if wants_grad(input):
            no_out(name, out)
            pair = running(input.detach(), dim)
            node = (CummaxBackward0 if name == "cummax" else CumminBackward0)(pair[1]._data, wrap_dim(dim, data.ndim))
            record(node, pair[0], (input,))
            return pair
        if out is not None:
            _check_out_pair(out, input._dtype)
        if data.size == 0:  # nothing to scan: no dim or dtype check either
            values, indices = data.copy(), np.zeros(data.shape, _int64)
            return _finish_pair(values, indices, input._dtype, out, plain, named_out)
        if data.ndim == 0 and dim not in (0, -1):
            raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
        axis = wrap_dim(dim, data.ndim)
        if input._dtype._kind == 3 and data.ndim:  # a 0-d input is copied without running the kernel
            raise not_implemented(f"{name}_cpu", input._dtype)
        if data.ndim == 0:
            values, indices = data.copy(), np.zeros(data.shape, _int64)
        else:
            key = data.astype(np.float32) if input._dtype in (_dt.float16, _dt.bfloat16) else data
            best = ufunc.accumulate(key, axis=axis)  # NaN propagates, as in PyTorch
            # An element takes over when it ties or beats the best so far, or is NaN: the index is then the
            # last position where the running best equals the element there.
            took = key == best
            if key.dtype.kind in "fc":
                took |= np.isnan(key)
            shape = [1] * data.ndim
            shape[axis] = data.shape[axis]
            positions = np.where(took, np.arange(data.shape[axis], dtype=_int64).reshape(shape), 0)
            indices = np.maximum.accumulate(positions, axis=axis)
            values = best.astype(data.dtype, copy=False)
            if key.dtype.kind == "f":
                zero = best == 0  # the winner's own signed zero, not the one NumPy kept
                if zero.any():
                    values = np.where(zero, np.take_along_axis(data, indices, axis), values)
        return _finish_pair(values, indices, input._dtype, out, plain, named_out)

    running.__name__ = name
    running.__doc__ = f"Running {wins} along ``dim`` and the index where each was found (the last on ties)."
    return running


def _finish_pair(values, indices, dtype, out, plain, named_out):
    values, indices = _dense(values), _dense(indices)
    if out is None:
        return plain(_wrap(values, dtype), _wrap(indices, _dt.int64))
    return named_out(result(values, dtype, out[0]), result(indices, _dt.int64, out[1]))


cummax = _running("cummax", np.maximum, "maxima")
cummin = _running("cummin", np.minimum, "minima")


# ---------------------------------------------------------------------------------------------
# logcumsumexp


def _fma(a, b, c):
    """``a * b + c`` in float64 rounded once, as the fused multiply-adds GCC contracts PyTorch's complex
    arithmetic into; infinities and NaN as the plain sum has them."""
    fused = exact_fma(a, b, c)
    return np.where(np.isfinite(fused), fused, a * b + c)


def _complex_divide(z, w):
    """``z / w`` by Smith's scaled division, as c10::complex divides."""
    a, b, c, d = z.real, z.imag, w.real, w.imag
    by_c = np.abs(c) >= np.abs(d)
    ratio = np.where(by_c, d / c, c / d)
    scale = 1.0 / np.where(by_c, _fma(d, ratio, c), _fma(c, ratio, d))
    real = np.where(by_c, _fma(b, ratio, a), _fma(a, ratio, b)) * scale
    imag = np.where(by_c, _fma(-a, ratio, b), _fma(b, ratio, -a)) * scale
    return real + 1j * imag


def _complex_log1p(z):
    """``log(1 + z)`` as PyTorch's CPU complex log1p computes it: log(u) scaled by z / (u - 1), with u = 1 + z."""
    u = z + 1
    log_u = np.log(u)
    shift = u - 1
    ratio = _complex_divide(z, shift)
    return np.where(u == 1, z, np.where(shift == z, log_u, _complex_multiply(log_u, ratio)))


def _complex_logaddexp(x, y):
    """log(exp(x) + exp(y)) for complex128 arrays, ordered by real part, with PyTorch's NaN and infinity cases."""
    swap = x.real < y.real
    low, high = np.where(swap, x, y), np.where(swap, y, x)
    out = _complex_log1p(np.exp(low - high)) + high
    both_inf = np.isinf(low.real) & (low.real == high.real)
    if both_inf.any():
        out = np.where(both_inf & (low.real < 0), low, out)
        out = np.where(both_inf & (low.real > 0), np.log(np.exp(low) + np.exp(high)), out)
    nan = np.isnan(x) | np.isnan(y)  # NaN in either part of either operand
    return np.where(nan, complex(np.nan, np.nan), out)


def logcumsumexp(input, dim=_MISSING, *, out=None, axis=None):
    """``log(cumsum(exp(input)))`` along ``dim``, computed stably."""
    dim = _dim_arg("logcumsumexp", dim, axis)
    data = input._data
    axis = wrap_dim(dim, data.ndim)
    dtype = input._dtype
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"expected scalar_type {dtype._legacy} but found {out._dtype._legacy}")
    if dtype._kind < 2:
        raise not_implemented("logcumsumexp_out_cpu", dtype)
    if wants_grad(input):
        no_out("logcumsumexp", out)
        node = LogcumsumexpBackward0(axis)
        r = logcumsumexp(input.detach(), axis)
        node.save(input, r, outputs=(1,))
        return record(node, r, (input,))
    if data.ndim == 0:
        array = data.copy()
    elif dtype._kind == 3:
        # always step by step: the imaginary part is the sum of each step's angle, which any other association
        # of the steps can leave 2*pi away
        array = _stepwise(data, axis, lambda running, x: _complex_logaddexp(x, running), complex(-np.inf, 0))
    else:
        array = np.logaddexp.accumulate(data, axis=axis, dtype=_WIDE.get(dtype, data.dtype)).astype(data.dtype)
    return result(_dense(array), dtype, out)


# ---------------------------------------------------------------------------------------------
# Differences and trace


def _check_edge(t, input, axis, name):
    if not isinstance(t, Tensor):
        raise TypeError(f"diff(): argument '{name}' must be Tensor, not {_type_name(t)}")
    if t._data.ndim != input._data.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for d, (a, b) in enumerate(zip(input._data.shape, t._data.shape)):
        if d != axis and a != b:
            raise RuntimeError("diff expects the shape of tensor to prepend or append to match that of input except "
                               f"along the differencing dimension; input.size({d}) = {a}, but got tensor.size({d}) = "
                               f"{b}")


def _channels_last(shape, strides):
    """Whether a 4-d layout is PyTorch's channels-last (dims of size 1 aside), and that layout's strides."""
    if len(shape) != 4:
        return False, None
    expected, dense = 1, [0] * 4
    fits = True
    for d in (1, 3, 2, 0):
        if shape[d] != 1 and strides[d] != expected:
            fits = False
        dense[d] = expected
        expected *= shape[d]
    return fits, tuple(dense)


def _iterator_layout(t, operands):
    """``t`` in the strides TensorIterator gives an elementwise result of same-shaped ``operands``.

    Its fast paths first: contiguous when all operands are, channels-last when all are, their own strides when
    all share dense ones; else dense in the order of their strides, size-1 dims included (ember's shared
    elementwise layout takes those as broadcast).
    """
    array = t._data
    if array.size < 2 or all(x._data.flags.c_contiguous for x in operands):
        return t
    shape, given = array.shape, [x._strides() for x in operands]
    layouts = [_channels_last(shape, s) for s in given]
    if all(fits for fits, _ in layouts):
        strides = layouts[0][1]
    elif all(s == given[0] for s in given) and _non_overlapping_and_dense(shape, given[0]):
        strides = given[0]
    else:
        strides = iterator_strides(shape, given)
    if tuple(strides) == t._strides():
        return t
    item = array.itemsize
    out = np.ndarray(array.shape, array.dtype, np.empty(array.size * item, np.uint8), 0, [s * item for s in strides])
    np.copyto(out, array)
    return _owning(out, t._dtype)


def _relaid(t, operands):
    """``t`` in its elementwise layout (see :func:`_iterator_layout`), keeping its history."""
    out = _iterator_layout(t, operands)
    if out is not t and t._grad_fn is not None:
        out._grad_fn, out._requires_grad = t._grad_fn, True
    return out


def _copy(input):
    """A copy of ``input`` in its layout; recorded as PyTorch's diff(n=0) records it (a copy_ into a new tensor)."""
    from .shape import clone
    if not wants_grad(input):
        return clone(input)
    from .pointwise import copy_
    return copy_(clone(input.detach()), input)


def diff(input, n=1, dim=-1, prepend=None, append=None, *, out=None, axis=None):
    """The ``n``-th forward difference along ``dim`` (logical xor for bools), after joining ``prepend``/``append``."""
    from .joining import cat
    from .pointwise import ne, sub
    from .shape import narrow

    if axis is not None:
        dim = axis
    if input._data.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    if n == 0 and prepend is None and append is None:
        return _copy(input) if out is None else result(input._data, input._dtype, out)
    axis = wrap_dim(dim, input._data.ndim)
    for edge, name in ((prepend, "prepend"), (append, "append")):
        if edge is not None:
            _check_edge(edge, input, axis, name)
    original = input
    if prepend is not None or append is not None:
        input = cat([t for t in (prepend, input, append) if t is not None], axis)
    if n == 0:  # prepend and append are checked, then left out
        return _copy(original) if out is None else result(original._data, original._dtype, out)
    step = ne if input._dtype._kind == 0 else sub
    if out is not None and wants_grad(input):
        no_out("sub", out)
    x = input
    for _ in range(n):
        length = x._data.shape[axis]
        if length == 0:
            break
        later, earlier = narrow(x, axis, 1, length - 1), narrow(x, axis, 0, length - 1)
        x = _relaid(step(later, earlier), (later, earlier))
    if x is input:  # nothing to difference: an empty view, as PyTorch's slice
        x = narrow(input, axis, 0, 0)
    # written afterwards, not by the last step's out=: PyTorch rounds to the computed dtype before storing
    return x if out is None else result(x._data, x._dtype, out)


def trace(input):
    """The sum of the main diagonal of a matrix; integers sum in int64."""
    data = input._data
    dtype = input._dtype
    if dtype._kind == 0:
        raise not_implemented("trace", dtype)
    if data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {data.ndim}")
    if dtype._kind == 1:
        dtype = _dt.int64
    diagonal = np.diagonal(data)
    total = np.add.reduce(diagonal, dtype=_WIDE.get(dtype, dtype._np))
    r = _wrap(np.asarray(total).astype(dtype._np), dtype)
    if wants_grad(input):
        return record(TraceBackward0(data.shape), r, (input,))
    return r


# ---------------------------------------------------------------------------------------------
# Gradients (formulas in Tensor ops, so that create_graph records them in turn)


def _recorded_scan(name, input, r, axis):
    """Give the result of cumsum/cumprod its node (integer results cannot record)."""
    if r._dtype._kind < 2:
        raise RuntimeError(f"Autograd not support dtype: {r._dtype._legacy}")
    if name == "cumsum":
        return record(CumsumBackward0(axis), r, (input,))
    node = CumprodBackward0(axis)
    node.save(input, r, outputs=(1,))
    return record(node, r, (input,))


def _conj(t):
    return t.conj() if t._dtype._kind == 3 else t


def _reversed_cumsum(t, axis):
    """Sums from each position to the end of ``axis``."""
    return cumsum(t.flip(axis), axis).flip(axis)


def _constant(array, dtype):
    return _wrap(np.asarray(array).astype(dtype._np), dtype)


class CumsumBackward0(Node):
    def __init__(self, axis):
        super().__init__()
        self.axis = axis

    def backward(self, grad):
        grad = grad.to(self._input_meta[0][1])  # summed back in the input's dtype
        shape = grad._data.shape
        if grad._data.size <= 1 or shape[self.axis] == 1:
            return grad,
        return _reversed_cumsum(grad, self.axis),


class CumprodBackward0(Node):
    """Sums of the output times the gradient from each position on, over the input; exact where it holds zeros."""

    def __init__(self, axis):
        super().__init__()
        self.axis = axis

    def backward(self, grad):
        x, r = self.saved_tensors
        d = self.axis
        grad = grad.to(x._dtype)
        if x._data.size <= 1 or x._data.shape[d] == 1:
            return grad,
        x, r = _conj(x), _conj(r)
        zero = x._data == 0
        if not zero.any():
            return _reversed_cumsum(r * grad, d) / x,
        if _grad_mode._state.enabled:
            return _cumprod_grad_quadratic(grad, x, d),
        return _cumprod_grad_zeros(grad, x, r, zero, d),


def _cumprod_grad_zeros(grad, x, r, zero, d):
    """Before a row's first zero, the usual ratio; the first zero gets the products that leave it out, up to the
    next zero; later elements get nothing. Runs without grad mode, so NumPy masks stand in for masked_fill."""
    zeros_seen = np.cumsum(zero, axis=d)
    before, first = zeros_seen == 0, zero & (zeros_seen == 1)
    between = (zeros_seen == 1) & ~first  # after the first zero, before the second
    nothing = np.zeros((), grad._data.dtype)
    w = _wrap(np.where(before, (r * grad)._data, nothing), grad._dtype)
    head = (_reversed_cumsum(w, d) / x)._data
    at = np.expand_dims(np.argmax(first, axis=d), d)  # the first zero's position (0 in rows without one)
    prefix = np.take_along_axis(r._data, np.maximum(at - 1, 0), d)  # the product of the elements before it
    prefix = np.where(at == 0, np.ones((), prefix.dtype), prefix)
    runs = cumprod(_wrap(np.where(between, x._data, np.ones((), x._data.dtype)), x._dtype), d)
    upto_next = _wrap(np.where(zeros_seen == 1, grad._data, nothing), grad._dtype)
    total = ((runs * upto_next).sum(d, keepdim=True) * _wrap(prefix, r._dtype))._data
    out = np.where(before, head, np.where(first, np.broadcast_to(total, head.shape), np.zeros((), head.dtype)))
    return _wrap(out.astype(grad._data.dtype, copy=False), grad._dtype)


def _cumprod_grad_quadratic(grad, x, d):
    """The gradient as a sum over each position's products leaving it out: every step differentiable."""
    from .joining import cat
    from .pointwise import copy_
    from .reduction import prod
    n = x._data.shape[d]
    shape = list(x._data.shape)
    shape[d] = 1
    out = _wrap(np.zeros(x._data.shape, grad._data.dtype), grad._dtype)  # filled one slice at a time, as PyTorch
    for k in range(n):
        after = cumprod(x.narrow(d, k + 1, n - k - 1), d) if k < n - 1 else None
        if k == 0:
            omitted = cat([_wrap(np.ones(shape, x._data.dtype), x._dtype), after], d)
        else:
            until = prod(x.narrow(d, 0, k), d, keepdim=True)
            omitted = until if after is None else cat([until, until.expand(after.shape) * after], d)
        copy_(out.select(d, k), (grad.narrow(d, k, n - k) * omitted).sum(d))
    return out


class _Scatter(Node):
    """cummax/cummin: each gradient goes back to the position its value came from (summed where shared)."""

    def __init__(self, indices, d):
        super().__init__()
        self.indices, self.d = indices, d

    def backward(self, grad):
        return scatter_add(grad, self.indices, self.d, self._input_meta[0][0]),


CummaxBackward0 = type("CummaxBackward0", (_Scatter,), {})
CumminBackward0 = type("CumminBackward0", (_Scatter,), {})


def scatter_add(grad, indices, d, shape):
    """``grad`` added at ``indices`` along dim ``d`` into zeros of ``shape``; recorded when ``grad`` needs a grad."""
    if not shape:
        return grad.reshape(())
    out = np.zeros(shape, grad._data.dtype)
    where = list(np.indices(indices.shape, sparse=True))
    where[d] = indices
    np.add.at(out, tuple(where), grad._data)
    t = _wrap(out, grad._dtype)
    if grad._requires_grad and _grad_mode._state.enabled:
        return record(ScatterAddBackward0(indices, d), t, (grad,))
    return t


class ScatterAddBackward0(_Scatter):
    def backward(self, grad):
        from .reduction import take_along
        return take_along(grad, self.indices, self.d),


class LogcumsumexpBackward0(Node):
    """exp(input) times the reversed log-cum-sum-exp of log(grad) - result, positive and negative parts apart."""

    def __init__(self, axis):
        super().__init__()
        self.axis = axis

    def backward(self, grad):
        x, r = self.saved_tensors
        d = self.axis
        if grad._data.ndim == 0 or grad._data.size == 0:
            return grad,

        def reversed_lcse(t):
            return logcumsumexp(t.flip(d), d).flip(d)
        if grad._dtype._kind == 3:
            return (reversed_lcse(grad.log() - r.conj()) + x.conj()).exp(),
        parts = []
        for mask in (grad._data > 0, grad._data < 0):
            parts.append((reversed_lcse(_log_abs_where(grad, mask) - r) + x).exp())
        return parts[0] - parts[1],


def _log_abs_where(grad, mask):
    """log|grad| where ``mask`` holds, the lowest float elsewhere; its own gradient is PyTorch's where/log/abs chain
    (NaN where grad is zero)."""
    data = grad._data
    with np.errstate(divide="ignore"):
        out = np.where(mask, np.log(np.abs(data)), _dt.finfo(grad._dtype).min).astype(data.dtype)
    t = _wrap(out, grad._dtype)
    if grad._requires_grad and _grad_mode._state.enabled:
        node = WhereBackward0(mask, np.abs(data), np.sign(data))
        return record(node, t, (grad,))
    return t


class WhereBackward0(Node):
    """The gradient of :func:`_log_abs_where` with respect to the incoming gradient."""

    def __init__(self, mask, magnitude, sign):
        super().__init__()
        self.mask, self.magnitude, self.sign = mask, magnitude, sign

    def backward(self, grad):
        dtype = grad._dtype
        return grad * _constant(self.mask, dtype) / _constant(self.magnitude, dtype) * _constant(self.sign, dtype),


class TraceBackward0(Node):
    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def backward(self, grad):
        return diagonal_fill(grad, self.shape),


def diagonal_fill(grad, shape):
    """Zeros of ``shape`` with the 0-d ``grad`` on the main diagonal; recorded when ``grad`` needs a grad."""
    out = np.zeros(shape, grad._data.dtype)
    np.einsum("ii->i", out[:min(shape), :min(shape)])[...] = grad._data
    t = _wrap(out, grad._dtype)
    if grad._requires_grad and _grad_mode._state.enabled:
        return record(ViewBackward0(), t, (grad,))
    return t


class ViewBackward0(Node):
    """The gradient of :func:`diagonal_fill` (PyTorch fills a flat buffer, then views it as the matrix)."""

    def backward(self, grad):
        return trace(grad),
