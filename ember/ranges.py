"""Ranges of values: arange, linspace and logspace, bit-exact with PyTorch's CPU kernels (FMA emulation included)."""
import builtins
import math
import warnings

import numpy as np

from . import dtypes as _dt
from .creation import _narrow, _number, _out_dtype, _overflow, _scalar_as, dtype_arg, finish
from .ops.common import _int_param, _write_out, not_implemented


def _fmt(x):
    """A number as C++ streams print a double in PyTorch's messages."""
    return f"{x:g}"


def _range_dtype(values, dtype, out, name):
    """The dtype of arange/linspace-like factories: ``out``'s, the given one, or inferred from the arguments."""
    if out is not None:
        return _out_dtype(dtype, out)
    if dtype is not None:
        return dtype
    if name == "arange" and all(isinstance(v, int) for v in values):
        return _dt.int64
    if any(isinstance(v, builtins.complex) for v in values):
        return _dt._default_complex()
    return _dt.get_default_dtype()


def arange(start=None, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
           pin_memory=False):
    """Values from ``start`` up to (not including) ``end`` spaced by ``step``: ``ceil((end - start) / step)`` of them.

    Example::

        >>> ember.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
    if type(start) is int and end is None and dtype is None and out is None and start >= 0:
        return finish(np.arange(start, dtype=np.int64), _dt.int64, device, requires_grad)  # arange(n), the common case
    if start is None or end is None:
        if start is None and end is None:
            raise TypeError('arange() missing 1 required positional arguments: "end"')
        start, end = 0, _number(end if start is None else start, "arange", "end", 1)
    else:
        start, end = _number(start, "arange", "start", 1), _number(end, "arange", "end", 2)
    step = _number(step, "arange", "step", 3)
    for v in (start, end, step):
        if isinstance(v, builtins.complex):
            raise _overflow(None, "double")
    dtype = _range_dtype((start, end, step), dtype_arg(dtype, "arange"), out, "arange")
    if dtype._kind in (0, 3):
        raise not_implemented("arange_cpu", dtype)
    size = _arange_size(start, end, step, dtype)
    values = _arange_values(start, step, size, dtype)
    if out is not None:
        if out._data.size != size and out._data.size:
            warnings.warn(f"The number of elements in the out tensor of shape {list(out._data.shape)} is "
                          f"{out._data.size} which does not match the computed number of elements {size}. Note "
                          "that this may occur as a result of rounding error. The out tensor will be resized to a "
                          f"tensor of shape ({size},).", UserWarning, stacklevel=2)
        return _range_out(out, values, "arange")
    return finish(values, dtype, device, requires_grad)


def _range_out(out, values, name):
    """Ranges fill an ``out`` of the right element count in its own shape, and resize any other to 1-d."""
    if out._data.size == values.size:
        values = values.reshape(out._data.shape)
    return _write_out(out, values, "aten::" + name)


def _arange_size(start, end, step, dtype):
    """PyTorch's length rule: checks in double, then ceil((end - start) / step), exact integers for int64."""
    if not step:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_fmt(start)} -> {_fmt(end)}")
    if not (step > 0 and end >= start or step < 0 and end <= start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is _dt.int64:
        xstart, xend, xstep = int(start), int(end), int(step)
        if not xstep:
            raise ValueError("step must be nonzero")
        return (xend - xstart + xstep - (1 if xstep > 0 else -1)) // xstep
    size = math.ceil((float(end) - float(start)) / float(step))
    if size > 2 ** 63 - 1:
        raise RuntimeError("invalid size, possible overflow?")
    return size


# PyTorch's CPU arange (AVX2 build) fills 32-byte vectors, each from a base value rounded to the element type;
# GCC contracts its ``start + step * i`` into fused multiply-adds, which _fma reproduces.
_VECTOR_BYTES = 32


def _fma(a, b, c):
    """``a * b + c`` with a single rounding, for float64 values (error-free transformations)."""
    p = a * b
    split = 134217729.0  # 2**27 + 1 splits a double into two 26-bit halves
    ah = a * split
    ah = ah - (ah - a)
    bh = b * split
    bh = bh - (bh - b)
    al, bl = a - ah, b - bh
    p_err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = p + c
    v = s - p
    s_err = (p - (s - v)) + (c - v)
    return s + (p_err + s_err)


def _fma32(a, b, c):
    """``a * b + c`` for float32 values rounded once to float32 (the product is exact in double)."""
    return (np.float64(a) * b + c).astype(np.float32)


def _arange_values(start, step, size, dtype):
    """``start + step * i`` computed as PyTorch's CPU kernel does, so floating results are bit-exact."""
    index = np.arange(size, dtype=np.int64)
    if dtype._kind == 1:
        xstart = int(_scalar_as(start, _dt.int64))
        xstep = int(_scalar_as(step, _dt.int64))
        with np.errstate(over="ignore"):
            return (index * np.int64(xstep) + np.int64(xstart)).astype(dtype._np)
    if dtype.itemsize >= 4:  # float32 and float64 accumulate in double
        acc, fma, lane_fma = np.float64, _fma, _fma
    else:  # float16 and bfloat16 accumulate in float; the bfloat16 vector kernel rounds k * step first
        acc, fma = np.float32, _fma32
        lane_fma = _fma32 if dtype is _dt.float16 else _mul_add
        start, step = float(_scalar_as(start, _dt.float32)), float(_scalar_as(step, _dt.float32))
    lanes = _VECTOR_BYTES // dtype.itemsize
    body = size - size % (2 * lanes)
    xstart, xstep = acc(start), acc(step)
    with np.errstate(all="ignore"):
        values = fma(xstep, index.astype(acc), xstart)
        if body:  # each vector starts from a base rounded to the element type
            base = np.repeat(values[:body:lanes].astype(dtype._np).astype(acc), lanes)
            lane = np.tile(np.arange(lanes, dtype=acc), body // lanes)
            values[:body] = lane_fma(xstep, lane, base)
        return values.astype(dtype._np)


def _mul_add(a, b, c):
    return a * b + c


def _space_args(start, end, steps, name):
    start = _number(start, name, "start", 1)
    end = _number(end, name, "end", 2)
    steps = _int_param(steps, name, "steps", 3)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return start, end, steps


def _space_ends(start, end, dtype):
    """``start`` and ``end`` converted to the element type (PyTorch's checked Scalar conversion)."""
    s, e = _scalar_as(start, dtype), _scalar_as(end, dtype)
    if dtype._kind == 1:
        return int(s), int(e)
    return s, e


def _halves(steps, lower, upper):
    """Values computed from ``start`` for the first half of the indices and from ``end`` for the second."""
    index = np.arange(steps, dtype=np.int64)
    half = steps // 2
    return np.concatenate((lower(index[:half]), upper(steps - 1 - index[half:])))


def _single(steps, value, dtype):
    """The result of a one-step (or empty) range: ``value`` filled in as ``Tensor.fill_`` converts it."""
    if not steps:
        return np.empty(0, dtype._np)
    return np.full(1, _scalar_as(value, dtype, 1), dtype._np)


def _linspace_values(start, end, steps, dtype):
    """PyTorch's CPU linspace: the first half stepped from ``start``, the second half back from ``end``."""
    s, e = _space_ends(start, end, dtype)
    if dtype._kind == 1:  # the step is a double, each value truncated
        step = (float(e) - float(s)) / (steps - 1)
        values = _halves(steps, lambda i: _fma(np.full(len(i), step), i.astype(np.float64), np.float64(s)),
                         lambda j: _fma(np.full(len(j), -step), j.astype(np.float64), np.float64(e)))
        with np.errstate(invalid="ignore"):
            return values.astype(dtype._np)
    if dtype._kind == 3:
        return _complex_parts(lambda r: _linspace_values(r[0], r[1], steps, dtype.to_real()),
                              ((s.real, e.real), (s.imag, e.imag)), dtype)
    np_type = dtype._np.type
    if dtype.itemsize == 2:  # c10::Half and c10::BFloat16 round after every operation
        step = (e - s) / np_type(steps - 1)
        return _halves(steps, lambda i: s + step * i.astype(dtype._np), lambda j: e - step * j.astype(dtype._np))
    fma = _fma if dtype is _dt.float64 else _fma32
    step = (e - s) / np_type(steps - 1)
    return _halves(steps, lambda i: fma(np.full(len(i), step), i.astype(dtype._np), s),
                   lambda j: fma(np.full(len(j), -step), j.astype(dtype._np), e)).astype(dtype._np)


def _complex_parts(compute, parts, dtype):
    """A complex result computed part by part, as PyTorch's component-wise complex arithmetic does."""
    real, imag = (compute(p) for p in parts)
    return (real + 1j * imag.astype(real.dtype)).astype(dtype._np) if len(real) else np.empty(0, dtype._np)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """``steps`` values evenly spaced from ``start`` to ``end``, both included."""
    start, end, steps = _space_args(start, end, steps, "linspace")
    dtype = _range_dtype((start, end), dtype_arg(dtype, "linspace"), out, "linspace")
    if dtype is _dt.bool:
        raise not_implemented("linspace_cpu", dtype)
    with np.errstate(all="ignore"):
        if steps <= 1:
            values = _single(steps, start, dtype)
        else:
            values = _linspace_values(start, end, steps, dtype)
    if out is not None:
        return _range_out(out, values, "linspace")
    return finish(values, dtype, device, requires_grad)


def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    """``steps`` values from ``base ** start`` to ``base ** end``, evenly spaced on a log scale."""
    start, end, steps = _space_args(start, end, steps, "logspace")
    base = _number(base, "logspace", "base", 4)
    dtype = _range_dtype((start, end), dtype_arg(dtype, "logspace"), out, "logspace")
    if dtype is _dt.bool:
        raise not_implemented("logspace_cpu", dtype)
    with np.errstate(all="ignore"):
        if steps <= 1:
            values = _single(steps, _power(base, start), dtype)
        elif dtype._kind == 3:
            values = _logspace_complex(start, end, steps, base, dtype)
        else:  # unlike linspace's, this kernel is built without fused multiply-adds
            s, e = _space_ends(start, end, dtype)
            step = float(e - s) / (steps - 1)  # the difference is taken in the element type
            base = np.float64(base)
            values = _halves(steps, lambda i: np.power(base, s + step * i.astype(np.float64)),
                             lambda j: np.power(base, e - step * j.astype(np.float64)))
            values = values.astype(dtype._np) if dtype._kind == 1 else _narrow(values, dtype)
    if out is not None:
        return _range_out(out, values, "logspace")
    return finish(values, dtype, device, requires_grad)


def _power(base, exponent):
    """``base ** exponent`` as C++'s std::pow computes it for a real base and a real or complex exponent."""
    if not isinstance(exponent, builtins.complex):
        return np.power(np.float64(base), np.float64(exponent)).item()
    if base > 0:  # libstdc++ takes the polar form for a positive real base
        rho = np.power(np.float64(base), np.float64(exponent.real)).item()
        theta = exponent.imag * math.log(base)
        return builtins.complex(rho * math.cos(theta), rho * math.sin(theta))
    return np.exp(np.complex128(exponent) * np.log(np.complex128(base))).item()


def _logspace_complex(start, end, steps, base, dtype):
    """Complex logspace as PyTorch computes it: exponents in the element type (the step by a reciprocal
    multiply, each product rounded before the add), then ``exp(exponent * log(base))``."""
    s, e = _space_ends(start, end, dtype)
    real = dtype.to_real()._np.type
    inverse = real(1) / real(steps - 1)
    parts = []
    for lo, hi in ((s.real, e.real), (s.imag, e.imag)):
        step = real(hi - lo) * inverse
        parts.append(_halves(steps, lambda i: lo + step * i.astype(real), lambda j: hi - step * j.astype(real)))
    exponents = (parts[0] + 1j * parts[1]).astype(dtype._np)
    return np.exp(exponents * np.log(dtype._np.type(base)))
