"""Pointwise arithmetic, comparison and bitwise ops, with PyTorch's promotion, errors and in-place forms."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, _wrap
from .common import broadcast_error, inplace, operands, result, scalar_of, type_name

_bool = _dt.bool


def _apply(ufunc, a, b, out=None):
    x, y, dtype = operands(a, b)
    try:
        return result(ufunc(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def _check_alpha(alpha, dtype):
    if isinstance(alpha, float) and dtype._kind <= 1:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if isinstance(alpha, complex) and not dtype.is_complex:
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")


def add(input, other, *, alpha=1, out=None):
    """``input + alpha * other``."""
    x, y, dtype = operands(input, other)
    if alpha != 1:
        _check_alpha(alpha, dtype)
        y = np.multiply(y, alpha, dtype=np.result_type(y))
    try:
        return result(np.add(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def sub(input, other, *, alpha=1, out=None):
    """``input - alpha * other``."""
    x, y, dtype = operands(input, other)
    if dtype is _bool:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if alpha != 1:
        _check_alpha(alpha, dtype)
        y = np.multiply(y, alpha, dtype=np.result_type(y))
    try:
        return result(np.subtract(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``."""
    return sub(other, input, alpha=alpha)


def mul(input, other, *, out=None):
    """``input * other``."""
    x, y, dtype = operands(input, other)
    try:
        return result(np.logical_and(x, y) if dtype is _bool else np.multiply(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def _int_div(x, y, dtype, rounding_mode):
    if np.any(np.asarray(y) == 0):
        raise RuntimeError("ZeroDivisionError")
    if rounding_mode == "floor":
        return np.floor_divide(x, y)
    # truncation toward zero; NumPy's floor_divide floors, so correct where signs differ
    q = np.floor_divide(x, y)
    fix = (np.remainder(x, y) != 0) & ((np.asarray(x) < 0) != (np.asarray(y) < 0))
    return q + fix.astype(q.dtype)


def div(input, other, *, rounding_mode=None, out=None):
    """``input / other``; ``rounding_mode`` 'trunc' or 'floor' rounds the quotient."""
    x, y, dtype = operands(input, other)
    if rounding_mode is None:
        if dtype._kind <= 1:
            dtype = _dt.get_default_dtype()
            x = np.asarray(x).astype(dtype._np) if isinstance(x, np.ndarray) else x
            y = np.asarray(y).astype(dtype._np) if isinstance(y, np.ndarray) else y
        try:
            with np.errstate(divide="ignore", invalid="ignore"):
                return result(np.true_divide(x, y), dtype, out)
        except ValueError:
            raise broadcast_error(np.shape(x), np.shape(y)) from None
    if rounding_mode not in ("trunc", "floor"):
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                         f"'{rounding_mode}'")
    if dtype is _bool:
        x = np.asarray(x).astype(np.int64) if isinstance(x, np.ndarray) else int(x)
    try:
        if dtype._kind <= 1:
            return result(_int_div(x, y, dtype, rounding_mode), dtype, out)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = np.true_divide(x, y)
            if rounding_mode == "trunc":
                q = np.trunc(q)
            else:
                q = _python_floor_div(x, y, q)
        return result(q, dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def _python_floor_div(x, y, q):
    """Floor division of floats as PyTorch computes it: from fmod, so that ``a == b * q + r`` holds."""
    r = np.fmod(x, y)
    d = (x - r) / y
    d = np.where((r != 0) & ((y < 0) != (r < 0)), d - 1, d)
    floor = np.floor(d)
    floor = np.where(d - floor > 0.5, floor + 1, floor)
    return np.where(np.asarray(y) == 0, q, np.where(d == 0, np.copysign(0.0, q), floor)).astype(q.dtype)


def true_divide(input, other, *, out=None):
    """``input / other`` always in floating point."""
    return div(input, other, out=out)


def floor_divide(input, other, *, out=None):
    """``input // other`` rounded toward negative infinity."""
    return div(input, other, rounding_mode="floor", out=out)


def remainder(input, other, *, out=None):
    """Python-style modulus: the result takes the sign of the divisor."""
    x, y, dtype = operands(input, other)
    if dtype._kind <= 1 and np.any(np.asarray(y) == 0):
        raise RuntimeError("ZeroDivisionError")
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            return result(np.remainder(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def fmod(input, other, *, out=None):
    """C-style modulus: the result takes the sign of the dividend."""
    x, y, dtype = operands(input, other)
    if dtype._kind <= 1 and np.any(np.asarray(y) == 0):
        raise RuntimeError("ZeroDivisionError")
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            return result(np.fmod(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def pow(input, exponent, *, out=None):
    """``input ** exponent``; either may be a scalar."""
    x, y, dtype = operands(input, exponent)
    if dtype._kind <= 1:
        if not isinstance(y, np.ndarray) and y < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if isinstance(y, np.ndarray) and (y < 0).any():
            y = np.asarray(y)
            # PyTorch's integer pow: 1 ** -n == 1, (-1) ** -n alternates, anything else gives 0
            base = np.broadcast_to(x, np.broadcast_shapes(np.shape(x), y.shape))
            safe = np.power(x, np.where(y < 0, 0, y))
            neg = np.where(base == 1, 1, np.where(base == -1, np.where(y % 2 == 0, 1, -1), 0))
            return result(np.where(y < 0, neg, safe).astype(dtype._np), dtype, out)
        if dtype is _bool:
            return result(np.power(np.asarray(x, np.uint8), np.asarray(y, np.uint8)).astype(bool), dtype, out)
    try:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return result(np.power(x, y), dtype, out)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


# ---------------------------------------------------------------------------------------------
# Comparisons


def _compare(ufunc, name):
    def compare(input, other, *, out=None):
        x, y, dtype = operands(input, other)
        if dtype.is_complex and name not in ("eq", "ne"):
            raise NotImplementedError(f'"{name}_cpu" not implemented for \'{type_name(dtype)}\'')
        try:
            return result(ufunc(x, y), _bool, out)
        except ValueError:
            raise broadcast_error(np.shape(x), np.shape(y)) from None

    compare.__name__ = name
    compare.__doc__ = f"Elementwise ``{name}`` comparison, giving a bool tensor."
    return compare


eq = _compare(np.equal, "eq")
ne = _compare(np.not_equal, "ne")
lt = _compare(np.less, "lt")
le = _compare(np.less_equal, "le")
gt = _compare(np.greater, "gt")
ge = _compare(np.greater_equal, "ge")


def equal(input, other):
    """True when both tensors have the same shape and elements."""
    if input._data.shape != other._data.shape:
        return False
    return bool(eq(input, other)._data.all())


def _extremum(ufunc, name):
    def extremum(input, other, *, out=None):
        x, y, dtype = operands(input, other)
        if dtype.is_complex:
            raise RuntimeError(f"{name} not implemented for complex tensors.")
        try:
            return result(ufunc(x, y), dtype, out)
        except ValueError:
            raise broadcast_error(np.shape(x), np.shape(y)) from None

    extremum.__name__ = name
    extremum.__doc__ = f"Elementwise {name}, propagating NaN."
    return extremum


maximum = _extremum(np.maximum, "maximum")
minimum = _extremum(np.minimum, "minimum")


# ---------------------------------------------------------------------------------------------
# Bitwise and logical


def _bitwise(ufunc, name):
    def bitwise(input, other, *, out=None):
        x, y, dtype = operands(input, other)
        if dtype._kind > 1:
            raise NotImplementedError(f'"{name}_cpu" not implemented for \'{type_name(dtype)}\'')
        try:
            return result(ufunc(x, y), dtype, out)
        except ValueError:
            raise broadcast_error(np.shape(x), np.shape(y)) from None

    bitwise.__name__ = name
    bitwise.__doc__ = f"Elementwise ``{name}`` of integer or bool tensors."
    return bitwise


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def _shift(ufunc, name):
    def shift(input, other, *, out=None):
        x, y, dtype = operands(input, other)
        if dtype._kind != 1 and dtype is not _bool:
            raise NotImplementedError(f'"{name}_cpu" not implemented for \'{type_name(dtype)}\'')
        bits = 8 * dtype.itemsize
        y = np.asarray(y)
        # shifting by the width or more (or by a negative count) gives 0 (or -1 for right shifts of negatives)
        over = (y < 0) | (y >= bits)
        r = ufunc(x, np.where(over, 0, y).astype(dtype._np))
        if over.any():
            fill = np.where(np.asarray(x) < 0, -1, 0) if name == "rshift" else 0
            r = np.where(over, fill, r)
        return result(np.asarray(r).astype(dtype._np), dtype, out)

    shift.__name__ = name
    return shift


bitwise_left_shift = _shift(np.left_shift, "lshift")
bitwise_right_shift = _shift(np.right_shift, "rshift")


def bitwise_not(input, *, out=None):
    """``~input`` for integer and bool tensors."""
    if input._dtype._kind > 1:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return result(np.invert(input._data), input._dtype, out)


# ---------------------------------------------------------------------------------------------
# Unary


def neg(input, *, out=None):
    """``-input``."""
    if input._dtype is _bool:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    return result(np.negative(input._data), input._dtype, out)


def abs(input, *, out=None):
    """``|input|``; complex input gives its real magnitude."""
    if input._dtype is _bool:
        raise RuntimeError('"abs_cpu" not implemented for \'Bool\'')
    dtype = input._dtype.to_real() if input._dtype.is_complex else input._dtype
    return result(np.abs(input._data), dtype, out)


def positive(input):
    """``+input``: the input itself."""
    if input._dtype is _bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# ---------------------------------------------------------------------------------------------
# In-place forms: compute out of place, then store with PyTorch's cast check


def _inplace_of(op):
    def method(self, other, **kwargs):
        r = op(self, other, **kwargs)
        return inplace(self, r._data, r._dtype)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place :func:`{op.__name__}`."
    return method


def _reflected(op):
    def method(self, other):
        if scalar_of(other) is None and not isinstance(other, (Tensor, np.ndarray)):
            return NotImplemented
        return op(other, self)

    method.__name__ = "__r" + op.__name__ + "__"
    return method


def _forward(op):
    def method(self, other):
        if scalar_of(other) is None and not isinstance(other, (Tensor, np.ndarray)):
            return NotImplemented
        return op(self, other)

    method.__name__ = "__" + op.__name__ + "__"
    return method


# ---------------------------------------------------------------------------------------------
# Writing into a tensor


def copy_(self, src, non_blocking=False):
    """Copy ``src`` (broadcast, cast to this dtype) into ``self``."""
    from .indexing import setitem
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
    if src._dtype.is_complex and not self._dtype.is_complex:
        import warnings
        warnings.warn("Casting complex values to real discards the imaginary part", UserWarning, stacklevel=2)
    setitem(self, Ellipsis, src)
    return self


def fill_(self, value):
    """Set every element to ``value`` (a number or a 0-d tensor)."""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        value = value._data
    from .common import check_writable
    check_writable(self)
    with np.errstate(invalid="ignore", over="ignore"):
        np.copyto(self._data, value, casting="unsafe")
    self._bump_version()
    return self


def zero_(self):
    """Set every element to zero."""
    return fill_(self, 0)


# ---------------------------------------------------------------------------------------------
# Complex parts


def conj(input):
    """The complex conjugate (the input itself for real tensors)."""
    if not input._dtype.is_complex:
        return input
    return _wrap(np.conj(input._data), input._dtype)


def _part(name, index):
    def part(input):
        from ..tensor import _view
        if not input._dtype.is_complex:
            if name == "imag":
                raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
            return input
        real = input._dtype.to_real()
        strides = [2 * s for s in input._strides()]
        return _view(input, input._data.shape, strides, 2 * input._offset + index, real)

    part.__name__ = name
    part.__doc__ = f"The {name} part of a complex tensor, as a view."
    return part


real = _part("real", 0)
imag = _part("imag", 1)
