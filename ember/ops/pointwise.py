"""Pointwise arithmetic, comparison and bitwise ops, with PyTorch's promotion, errors and in-place forms."""
import builtins

import ml_dtypes
import numpy as np

from .. import dtypes as _dt
from ..autograd import grad_mode
from ..autograd.grad_mode import no_grad as _no_grad
from ..autograd.graph import Node, no_out as _no_out, record, wants_grad
from ..autograd.inplace import rebase
from ..creation import _overflow
from ..tensor import Tensor, _wrap
from .convert import warn_complex_to_real
from .common import (broadcast_error, cast_scalar, check_no_partial_overlap, check_output_shape, compute, inplace,
                     invalid_arguments, like, not_implemented, operand, operands, result, single_valued)

_bool = _dt.bool
_REDUCED = (_dt.float16, _dt.bfloat16)
_INTS = (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)
_FLOATS = (_dt.float16, _dt.bfloat16, _dt.float32, _dt.float64)
_COMPLEX = (_dt.complex64, _dt.complex128)


def _args(op, input, other, number_first=True, two_numbers=False):
    """The two operands of ``op``, checked as PyTorch's argument parser checks them."""
    if not isinstance(input, Tensor):
        if not number_first or not (two_numbers or isinstance(other, Tensor)):
            raise invalid_arguments(op, input, other)
        input = operand(input, "input", 1, op)
    if not isinstance(other, Tensor):
        other = operand(other, "other", 2, op)
    return input, other


def _is_bool(x):
    return x._dtype is _bool if isinstance(x, Tensor) else type(x) is bool


# ---------------------------------------------------------------------------------------------
# Arithmetic


def _check_alpha(op, alpha, dtype):
    if _dt.py_scalar(alpha) is None:
        raise TypeError(f"{op}(): argument 'alpha' must be Number, not {type(alpha).__name__}")
    if type(alpha) is bool and dtype is not _bool:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, float) and dtype._kind < 2:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if isinstance(alpha, complex) and dtype._kind != 3:
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")


# PyTorch's kernels fuse ``x + alpha * y`` into one fused multiply-add; a wider type emulates it
_FMA_TYPE = {_dt.float32: np.float64, _dt.float64: np.longdouble}


def _plus_alpha_times(ufunc, x, y, alpha, dtype):
    """``x + alpha * y`` (or ``-``) as PyTorch's kernels compute it for each kind of dtype."""
    if dtype._kind == 3:  # always a complex multiplication, even by 1: an infinite part makes the other NaN
        return compute(ufunc, x, _cmul(np.asarray(y, dtype._np), np.asarray(alpha, dtype._np)))
    if type(alpha) is int and alpha == 1:
        return compute(ufunc, x, y)
    if dtype in _REDUCED:  # each step rounded to the reduced dtype
        return compute(ufunc, x, np.multiply(np.asarray(y).astype(dtype._np), dtype._np.type(alpha)))
    wide = _FMA_TYPE.get(dtype)
    if wide is None:
        return compute(ufunc, x, np.multiply(np.asarray(y, dtype._np), cast_scalar(alpha, dtype)))
    product = np.multiply(np.asarray(y, dtype._np).astype(wide), wide(dtype._np.type(alpha)))
    return compute(ufunc, np.asarray(x, wide), product).astype(dtype._np)


def add(input, other, *, alpha=1, out=None):
    """``input + alpha * other``."""
    input, other = _args("add", input, other, two_numbers=True)
    x, y, dtype = operands(input, other)
    if type(alpha) is not int or alpha != 1:
        _check_alpha("add", alpha, dtype)
    if wants_grad(input, other):
        _no_out("add", out)
        return record(AddBackward0(alpha), result(_plus_alpha_times(np.add, x, y, alpha, dtype), dtype), (input, other))
    return result(_plus_alpha_times(np.add, x, y, alpha, dtype), dtype, out, (input, other))


def _conj(x):
    """The conjugate of a tensor or number (itself when real)."""
    if isinstance(x, Tensor):
        return x.conj() if x._dtype._kind == 3 else x
    return x.conjugate() if type(x) is complex else x


def _scaled(grad, alpha):
    return grad if type(alpha) is int and alpha == 1 else grad * _conj(alpha)


class AddBackward0(Node):
    def __init__(self, alpha):
        super().__init__()
        self.alpha = alpha

    def backward(self, grad):
        return grad, _scaled(grad, self.alpha) if self.needs(1) else None


class SubBackward0(AddBackward0):
    def backward(self, grad):
        return grad, -_scaled(grad, self.alpha) if self.needs(1) else None


def _check_not_bool(input, other):
    if _is_bool(input) and _is_bool(other):
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if _is_bool(input) or _is_bool(other):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")


def sub(input, other, *, alpha=1, out=None):
    """``input - alpha * other``."""
    input, other = _args("sub", input, other, two_numbers=True)
    _check_not_bool(input, other)
    x, y, dtype = operands(input, other)
    if type(alpha) is not int or alpha != 1:
        _check_alpha("sub", alpha, dtype)
    if wants_grad(input, other):
        _no_out("sub", out)
        r = result(_plus_alpha_times(np.subtract, x, y, alpha, dtype), dtype)
        return record(SubBackward0(alpha), r, (input, other))
    return result(_plus_alpha_times(np.subtract, x, y, alpha, dtype), dtype, out, (input, other))


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``."""
    if not isinstance(input, Tensor):
        raise invalid_arguments("rsub", input, other)
    if wants_grad(input, other):
        with _no_grad():
            r = sub(other, input, alpha=alpha)
        if isinstance(other, Tensor):
            return record(RsubBackward0(alpha), r, (input, other))
        return record(RsubBackward1(alpha), r, (input,))
    return sub(other, input, alpha=alpha)


class RsubBackward0(AddBackward0):
    def backward(self, grad):
        return (-_scaled(grad, self.alpha) if self.needs(0) else None), grad


class RsubBackward1(AddBackward0):
    def backward(self, grad):
        return -_scaled(grad, self.alpha),


def _cmul(x, y):
    """Complex product as PyTorch computes it, ``(ac - bd) + (ad + bc)i`` with each product rounded."""
    x, y = np.asarray(x), np.asarray(y)
    real = compute(np.multiply, x.real, y.real) - x.imag * y.imag
    imag = x.real * y.imag + x.imag * y.real
    out = np.empty(real.shape, np.result_type(x, y))
    out.real, out.imag = real, imag
    return out


def mul(input, other, *, out=None):
    """``input * other``."""
    input, other = _args("mul", input, other, two_numbers=True)
    x, y, dtype = operands(input, other, opmath=True)
    if dtype._kind == 3:
        r = _cmul(x, y)
    else:
        r = compute(np.logical_and if dtype is _bool else np.multiply, x, y)
    if wants_grad(input, other):
        _no_out("mul", out)
        node = MulBackward0()
        node.save(input if isinstance(other, Tensor) and other._requires_grad else None,
                  other if isinstance(input, Tensor) and input._requires_grad else None)
        return record(node, result(r, dtype, None, (input, other)), (input, other))
    return result(r, dtype, out, (input, other))


class MulBackward0(Node):
    def backward(self, grad):
        x, y = self.saved_tensors
        return (grad * _conj(y) if self.needs(0) else None), (grad * _conj(x) if self.needs(1) else None)


def div(input, other, *, rounding_mode=None, out=None):
    """``input / other``; ``rounding_mode`` 'trunc' or 'floor' rounds the quotient."""
    input, other = _args("div", input, other, two_numbers=True)
    if rounding_mode is None:
        x, y, dtype = operands(input, other, opmath=True, to_float=True)
        if wants_grad(input, other):
            _no_out("div", out)
            node = DivBackward0()
            node.save(input if isinstance(other, Tensor) and other._requires_grad else None, other)
            return record(node, result(compute(np.true_divide, x, y), dtype, None, (input, other)), (input, other))
        return result(compute(np.true_divide, x, y), dtype, out, (input, other))
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    x, y, dtype = operands(input, other, opmath=True)
    if dtype is _bool or dtype._kind == 3:
        raise not_implemented(f"div_{rounding_mode}_cpu", dtype)
    if wants_grad(input, other):
        _no_out("div", out)
        with _no_grad():
            r = div(input, other, rounding_mode=rounding_mode)
        return record(DivBackward2(), r, (input, other))
    if dtype._kind == 1:
        q = _int_trunc_div(x, y) if rounding_mode == "trunc" else compute(np.floor_divide, x, y)
        _check_divisor(q, y)
        return result(q, dtype, out, (input, other))
    if dtype in _REDUCED and not _single_valued(other):
        # PyTorch's vectorized float16/bfloat16 kernels round every step to the dtype; with a single divisor
        # they compute in float32
        x, y = np.asarray(x).astype(dtype._np), np.asarray(y).astype(dtype._np)
    if rounding_mode == "trunc":
        q = np.trunc(compute(np.true_divide, x, y))
    else:
        q = compute(_floor_div, x, y)
    return result(q, dtype, out, (input, other))


class DivBackward0(Node):
    def backward(self, grad):
        x, y = self.saved_tensors
        y = _conj(y)
        dx = grad / y if self.needs(0) else None
        return dx, (-grad * _conj(x) / (y * y) if self.needs(1) else None)


class DivBackward2(Node):
    """A rounded quotient is piecewise constant: zero gradients."""

    def backward(self, grad):
        zero = grad * 0
        return zero, (zero if self.needs(1) else None)


class _NoDerivative(Node):
    """The grad_fn of an op PyTorch has no derivative for (PyTorch's ``NotImplemented`` node): backward refuses."""

    def __init__(self, op):
        super().__init__()
        self.op = op

    def name(self):
        return "torch::autograd::NotImplemented"

    def backward(self, grad):
        raise RuntimeError(f"derivative for aten::{self.op} is not implemented")


_NoDerivative.__name__ = _NoDerivative.__qualname__ = "NotImplemented"  # not bound as a name: Python's is needed


def _not_differentiable(op, fn, input, other):
    """``fn()`` computed without history, recorded as an op PyTorch cannot differentiate."""
    with _no_grad():
        r = fn()
    return record(_NoDerivative(op), r, (input, other))


def _single_valued(x):
    return not isinstance(x, Tensor) or single_valued(x._data)


def _int_trunc_div(x, y):
    """Integer quotient rounded toward zero, as C's ``/``."""
    q, r = compute(np.divmod, x, y)
    return q + ((r != 0) & ((np.asarray(x) < 0) != (np.asarray(y) < 0)))


def _floor_div(a, b):
    """Floating floor division, step by step as PyTorch computes it (each step rounds in the operands' dtype)."""
    mod = np.fmod(a, b)
    div = np.true_divide(np.subtract(a, mod), b)
    one = div.dtype.type(1)
    div = np.where((mod != 0) & ((b < 0) != (mod < 0)), div - one, div)
    floor = np.floor(div)
    floor = np.where(div - floor > div.dtype.type(0.5), floor + one, floor)
    quotient = np.true_divide(a, b)
    return np.where(b == 0, quotient, np.where(div != 0, floor, np.copysign(np.zeros_like(div), quotient)))


def _check_divisor(quotient, y):
    """Integer division by zero raises, as in PyTorch (but only where there is something to compute)."""
    if np.size(quotient) and np.any(np.asarray(y) == 0):
        raise RuntimeError("ZeroDivisionError")


def true_divide(input, other, *, out=None):
    """``input / other`` always in floating point."""
    return div(input, other, out=out)


def floor_divide(input, other, *, out=None):
    """``input // other`` rounded toward negative infinity."""
    if wants_grad(input, other):  # PyTorch records even into out=
        return _not_differentiable("floor_divide", lambda: div(input, other, rounding_mode="floor", out=out), input,
                                   other)
    return div(input, other, rounding_mode="floor", out=out)


def remainder(input, other, *, out=None):
    """Python-style modulus: the result takes the sign of the divisor."""
    if wants_grad(input, other):
        if not isinstance(input, Tensor):
            _no_out("remainder", out)
            return _not_differentiable("remainder", lambda: remainder(input, other), input, other)
        return _modulus("remainder", remainder, input, other, out)
    input, other = _args("remainder", input, other)
    x, y, dtype = operands(input, other)
    if dtype is _bool or dtype._kind == 3:
        raise not_implemented("remainder_cpu", dtype)
    if dtype._kind == 1:
        r = compute(np.remainder, x, y)
        _check_divisor(r, y)
        return result(r, dtype, out, (input, other))
    # PyTorch adjusts C's fmod, so an exact multiple keeps the dividend's sign of zero (NumPy's takes the divisor's)
    r = np.asarray(compute(np.fmod, x, y))
    np.add(r, y, out=r, where=(r != 0) & ((np.asarray(y) < 0) != (r < 0)))
    return result(r, dtype, out, (input, other))


def fmod(input, other, *, out=None):
    """C-style modulus: the result takes the sign of the dividend."""
    if wants_grad(input, other):
        return _modulus("fmod", fmod, input, other, out)
    input, other = _args("fmod", input, other, number_first=False)
    x, y, dtype = operands(input, other)
    if dtype is _bool or dtype._kind == 3:
        raise not_implemented("fmod_cpu", dtype)
    r = compute(np.fmod, x, y)
    if dtype._kind == 1:
        _check_divisor(r, y)
    return result(r, dtype, out, (input, other))


def _modulus(name, op, input, other, out):
    """remainder/fmod recording history: gradient 1 to the dividend, minus the rounded quotient to the divisor."""
    _no_out(name, out)
    with _no_grad():
        r = op(input, other)
    if isinstance(other, Tensor):
        node = (RemainderBackward1 if name == "remainder" else FmodBackward1)()
        node.save(input if other._requires_grad else None, other if other._requires_grad else None)
        return record(node, r, (input, other))
    return record((RemainderBackward0 if name == "remainder" else FmodBackward0)(), r, (input,))


class RemainderBackward0(Node):
    def backward(self, grad):
        return grad,


class FmodBackward0(RemainderBackward0):
    pass


class RemainderBackward1(Node):
    rounding = "floor"

    def backward(self, grad):
        x, y = self.saved_tensors
        return grad, (-grad * div(x, y, rounding_mode=self.rounding) if self.needs(1) else None)


class FmodBackward1(RemainderBackward1):
    rounding = "trunc"


def pow(input, exponent, *, out=None):
    """``input ** exponent``; either may be a number."""
    if wants_grad(input, exponent):
        return _recorded_pow(input, exponent, out)
    number_base = not isinstance(input, Tensor)
    input, exponent = _args("pow", input, exponent)
    x, y, dtype = operands(input, exponent)
    if isinstance(exponent, Tensor):
        if dtype is _bool:
            raise not_implemented("pow", dtype)
        r = _int_pow(x, y) if dtype._kind == 1 else _pow(x, y, dtype)
    else:
        _check_exponent(exponent, dtype)
        if dtype._kind > 1 and dtype is not _dt.float16 and y in _POW_SPECIAL:
            if dtype is _dt.bfloat16:
                x = x.astype(dtype._np)  # PyTorch's bfloat16 kernel rounds each step of x * x * x
            r = _POW_SPECIAL[y](x)
        elif dtype is _bool:
            r = np.power(np.asarray(x, np.uint8), int(y)).astype(bool)
        else:
            r = _pow(x, y, dtype)
    if number_base:  # PyTorch allocates a number's power row-major, whatever the exponent's layout
        r = np.asarray(r)
        return result(r if r.flags.c_contiguous else r.copy(), dtype, out, () if out is None else (exponent,))
    return result(r, dtype, out, (input, exponent))


def _recorded_pow(input, exponent, out):
    """pow recording PowBackward0 (number exponent), PowBackward1 (two tensors) or PowBackward2 (number base)."""
    _no_out("pow", out)
    with _no_grad():
        r = pow(input, exponent)
    if not isinstance(input, Tensor):
        node = PowBackward2(input)
        node.save(exponent, r, outputs=(1,))
        return record(node, r, (exponent,))
    if not isinstance(exponent, Tensor):
        node = PowBackward0(exponent)
        node.save(input)
        return record(node, r, (input,))
    node = PowBackward1()
    node.save(input, exponent, r, outputs=(2,))
    return record(node, r, (input, exponent))


def _pow_base_grad(grad, x, e):
    """d(x ** e)/dx applied to ``grad``."""
    return grad * _conj(e * pow(x, e - 1))


class PowBackward0(Node):
    """``tensor ** number``: zero gradient for the exponent 0."""

    def __init__(self, exponent):
        super().__init__()
        self.exponent = exponent

    def backward(self, grad):
        (x,) = self.saved_tensors
        if self.exponent == 0:
            from ..creation import zeros_like
            return zeros_like(x),
        return _pow_base_grad(grad, x, self.exponent),


def _zero_where(cond, values):
    """``values`` with zeros where ``cond`` holds (differentiable)."""
    from .conditional import where
    return where(cond, 0.0, values)


class PowBackward1(Node):
    """``tensor ** tensor``: no base gradient where the exponent is 0, no exponent gradient at ``0 ** e >= 0``."""

    def backward(self, grad):
        x, e, r = self.saved_tensors
        dx = _zero_where(e == 0, _pow_base_grad(grad, x, e)) if self.needs(0) else None
        de = None
        if self.needs(1):
            if e._dtype._kind == 3:
                nonnegative = (imag(e) == 0) & (real(e) >= 0)
            else:
                nonnegative = e >= 0
            logs = x if x._dtype is r._dtype else x.to(r._dtype)
            de = grad * _zero_where((x == 0) & nonnegative, _conj(r * logs.log()))
        return dx, de


class PowBackward2(Node):
    """``number ** tensor``: ``result * log(base)``, zero at a base of 0 for exponents >= 0."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def backward(self, grad):
        import cmath
        import math
        e, r = self.saved_tensors
        base = self.base
        if type(base) is complex or r._dtype._kind == 3:
            log = cmath.log(base) if base != 0 else -math.inf
        else:
            log = math.log(base) if base > 0 else -math.inf if base == 0 else math.nan
        values = _conj(r * log)
        if base == 0:  # 0 ** e has zero slope for a real e >= 0
            nonnegative = (imag(e) == 0) & (real(e) >= 0) if e._dtype._kind == 3 else e >= 0
            values = _zero_where(nonnegative, values)
        return grad * values,


def _check_exponent(exponent, dtype):
    """A number exponent must fit the type PyTorch's kernel reads it as."""
    if dtype._kind < 2:
        if exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if exponent > np.iinfo(np.int64).max or (dtype._kind == 1 and exponent > np.iinfo(dtype._np).max):
            raise _overflow(dtype if exponent < 1 << 63 else _dt.int64)
    elif dtype in _REDUCED and type(exponent) is not complex and np.isfinite(exponent):
        if builtins.abs(exponent) > float(ml_dtypes.finfo(dtype._np).max):
            raise _overflow(dtype)


def _pow(x, y, dtype):
    """Floating power; complex as ``exp(y * log(x))``, the C library's cpow, which PyTorch uses."""
    if dtype._kind == 3:
        return np.exp(_cmul(np.asarray(y, dtype._np), np.log(np.asarray(x, dtype._np))))
    return compute(np.power, x, y)


def _int_pow(x, y):
    """Integer power; a negative exponent gives 1 for base 1, +-1 for base -1, and 0 otherwise."""
    if not (np.asarray(y) < 0).any():
        return compute(np.power, x, y)
    negative = y < 0
    r = np.asarray(compute(np.power, x, np.where(negative, 0, y)))
    sign = np.where(y % 2 == 0, 1, -1).astype(r.dtype)
    np.copyto(r, 0, where=negative)
    np.copyto(r, 1, where=negative & np.asarray(x == 1))
    np.copyto(r, sign, where=negative & np.asarray(x == -1))
    return r


def _reciprocal(x):
    return np.true_divide(x.dtype.type(1), x)


def _square(x):
    return _cmul(x, x) if x.dtype.kind == "c" else x * x


# Exponents PyTorch's kernels compute without pow (the results can differ from pow in the last bit)
_POW_SPECIAL = {
    0: np.ones_like,
    1: np.copy,
    2: _square,
    3: lambda x: _cmul(_square(x), x) if x.dtype.kind == "c" else x * x * x,
    -2: lambda x: _reciprocal(_square(x)),
    0.5: np.sqrt,
    -0.5: lambda x: _reciprocal(np.sqrt(x)),
    -1: _reciprocal,
}


# ---------------------------------------------------------------------------------------------
# Comparisons


def _compare(ufunc, name):
    orderable = name in ("lt", "le", "gt", "ge")

    def compare(input, other, *, out=None):
        input, other = _args(name, input, other, number_first=False)
        x, y, dtype = operands(input, other)
        if orderable and dtype._kind == 3:
            raise not_implemented(f"{name}_cpu", dtype)
        return result(compute(ufunc, x, y), _bool, out, (input, other))

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
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        bad, position = (input, 1) if not isinstance(input, Tensor) else (other, 2)
        name = "input" if position == 1 else "other"
        raise TypeError(f"equal(): argument '{name}' (position {position}) must be Tensor, not {type(bad).__name__}")
    if input._data.shape != other._data.shape:
        return False
    x, y, _ = operands(input, other)
    return bool(np.array_equal(x, y))


def _extremum(ufunc, name, node_class):
    def extremum(input, other, *, out=None):
        for arg, position, value in (("input", 1, input), ("other", 2, other)):
            if not isinstance(value, Tensor):
                raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not "
                                f"{type(value).__name__}")
        x, y, dtype = operands(input, other)
        if dtype._kind == 3:
            raise RuntimeError(f"{name} not implemented for complex tensors.")
        if wants_grad(input, other):
            _no_out(name, out)
            node = node_class()
            node.save(input, other)
            return record(node, result(compute(ufunc, x, y), dtype, None, (input, other)), (input, other))
        return result(compute(ufunc, x, y), dtype, out, (input, other))

    extremum.__name__ = name
    extremum.__doc__ = f"Elementwise {name}, propagating NaN."
    return extremum


class MaximumBackward0(Node):
    """The gradient goes to the larger operand; ties split it evenly."""
    loses = staticmethod(lt)

    def backward(self, grad):
        from .conditional import where
        x, y = self.saved_tensors
        shared = where(x == y, grad / 2, grad)
        dx = where(self.loses(x, y), 0.0, shared) if self.needs(0) else None
        return dx, (where(self.loses(y, x), 0.0, shared) if self.needs(1) else None)


class MinimumBackward0(MaximumBackward0):
    loses = staticmethod(gt)


maximum = _extremum(np.maximum, "maximum", MaximumBackward0)
minimum = _extremum(np.minimum, "minimum", MinimumBackward0)


# ---------------------------------------------------------------------------------------------
# Bitwise


def _bitwise(ufunc, name):
    def bitwise(input, other, *, out=None):
        input, other = _args(name, input, other)
        x, y, dtype = operands(input, other)
        if dtype._kind > 1:
            raise not_implemented(f"{name}_cpu", dtype)
        return result(compute(ufunc, x, y), dtype, out, (input, other))

    bitwise.__name__ = name
    bitwise.__doc__ = f"Elementwise ``{name}`` of integer or bool tensors."
    return bitwise


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def _shift(ufunc, name, kernel):
    def shift(input, other, *, out=None):
        input, other = _args(name, input, other)
        x, y, dtype = operands(input, other)
        if dtype._kind != 1:
            raise not_implemented(kernel, dtype)
        bits = 8 * dtype.itemsize
        # A count outside [0, bits) shifts everything out: 0, or -1 for a right shift of a negative number
        over = np.asarray((np.asarray(y) < 0) | (np.asarray(y) >= bits))
        r = np.asarray(compute(ufunc, x, np.where(over, 0, y).astype(dtype._np)))
        if over.any():
            fill = np.where(np.asarray(x) < 0, -1, 0) if kernel == "rshift_cpu" else 0
            np.copyto(r, fill, where=over, casting="unsafe")
        return result(r, dtype, out, (input, other))

    shift.__name__ = name
    shift.__doc__ = f"Elementwise ``{name.replace('bitwise_', '')}`` of integer tensors."
    return shift


bitwise_left_shift = _shift(np.left_shift, "bitwise_left_shift", "lshift_cpu")
bitwise_right_shift = _shift(np.right_shift, "bitwise_right_shift", "rshift_cpu")


def bitwise_not(input, *, out=None):
    """Elementwise NOT of an integer or bool tensor."""
    if input._dtype._kind > 1:
        raise not_implemented("bitwise_not_cpu", input._dtype)
    return result(np.invert(input._data), input._dtype, out, (input,))


def invert(input):
    """``~input``."""
    if input._dtype._kind > 1:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return bitwise_not(input)


# ---------------------------------------------------------------------------------------------
# Unary


def neg(input, *, out=None):
    """``-input``."""
    if input._dtype is _bool:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    if wants_grad(input):
        _no_out("neg", out)
        return record(NegBackward0(), result(np.negative(input._data), input._dtype, None, (input,)), (input,))
    return result(np.negative(input._data), input._dtype, out, (input,))


class NegBackward0(Node):
    def backward(self, grad):
        return -grad,


def abs(input, *, out=None):
    """``|input|``; complex input gives its real magnitude."""
    dtype = input._dtype
    if dtype is _bool:
        raise not_implemented("abs_cpu", dtype)
    if wants_grad(input):
        _no_out("abs", out)
        with _no_grad():
            r = abs(input)
        node = AbsBackward0()
        node.save(input)
        return record(node, r, (input,))
    if dtype._kind != 3:
        return result(np.abs(input._data), dtype, out, (input,))
    # the magnitude correctly rounded (a hypot in a wider type), laid out as ``empty_like(input)``
    real = dtype.to_real()
    wide = _FMA_TYPE[real]
    magnitude = np.hypot(input._data.real.astype(wide), input._data.imag.astype(wide))
    if out is not None:
        return result(magnitude, real, out)
    return like(input, magnitude.astype(real._np), real)


class AbsBackward0(Node):
    def backward(self, grad):
        from .unary import sgn
        (x,) = self.saved_tensors
        return grad * sgn(x),


def positive(input):
    """``+input``: the input itself."""
    if input._dtype is _bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# ---------------------------------------------------------------------------------------------
# Python operators: a short path for the common cases (same dtype, or a tensor with a Python number
# whose conversion NumPy's weak scalars get right), else the full op. Foreign operands give
# NotImplemented, so Python can ask the other side, as PyTorch's operators do.


# Operands NumPy computes with exactly as PyTorch does. Numbers: Python floats converted to float32/float64/
# complex (float16/bfloat16 tensors keep a float32 number in mul/div, and round it to their dtype by way of
# float32 elsewhere), Python ints to integer dtypes within their range (beyond it PyTorch wraps them around).
# Complex add, sub and mul are left out: PyTorch's complex arithmetic treats infinities differently.
_REAL = [d for d in _dt.ALL if d._kind < 3]
_NOT_BOOL = [d for d in _REAL if d is not _bool]
_REAL_FLOATS = (_dt.float32, _dt.float64)
_ALL_FLOATS = _REAL_FLOATS + _COMPLEX
_INT_RANGES = {d: range(int(np.iinfo(d._np).min), int(np.iinfo(d._np).max) + 1) for d in _INTS}
_ANY_INT = range(-(1 << 63), 1 << 64)
_REAL_INTS = {**_INT_RANGES, **{d: _ANY_INT for d in _REAL_FLOATS}}
_ALL_INTS = {**_REAL_INTS, **{d: _ANY_INT for d in _COMPLEX}}

def _operator(ufunc, op, same=(), floats=(), ints=(), out_dtype=None):
    """The ``__op__`` method for ``op``.

    ``ufunc`` is exactly ``op`` on two tensors of a dtype in ``same``, on a tensor of a dtype in ``floats`` and
    a Python float, and on a tensor of a dtype in ``ints`` and a Python int in the range ``ints`` maps it to.
    """
    same, floats, ints = frozenset(same), frozenset(floats), dict(ints)

    def method(self, other):
        dtype = self._dtype
        cls = type(other)
        if self._requires_grad or cls is Tensor and other._requires_grad:
            pass  # the full op records the graph
        elif cls is Tensor:
            if other._dtype is dtype and dtype in same:
                x, y = self._data, other._data
                if x.flags.c_contiguous and y.flags.c_contiguous:
                    try:
                        return _wrap(ufunc(x, y), out_dtype or dtype)
                    except ValueError:
                        raise broadcast_error(x.shape, y.shape) from None
        elif cls is float:
            if dtype in floats and self._data.flags.c_contiguous:
                return _wrap(ufunc(self._data, other), out_dtype or dtype)
        elif cls is int:
            if other in ints.get(dtype, ()) and self._data.flags.c_contiguous:
                return _wrap(ufunc(self._data, other), out_dtype or dtype)
        try:
            return op(self, other)
        except TypeError:
            return NotImplemented

    method.__name__ = f"__{op.__name__}__"
    return method


def _deferring(call, name):
    """An operator method ``call(self, other)`` that returns NotImplemented for operands it cannot take, so Python
    tries the other operand's method."""
    def method(self, other):
        try:
            return call(self, other)
        except TypeError:
            return NotImplemented

    method.__name__ = name
    return method


def _reflected(op):
    """The ``__rop__`` method: ``op(other, self)``."""
    return _deferring(lambda self, other: op(other, self), f"__r{op.__name__}__")


def _augmented(inplace_method):
    """The ``__iop__`` method: the in-place method."""
    return _deferring(inplace_method, inplace_method.__name__.replace("_", "__i", 1) + "_")


def _rtruediv(self, other):
    """``other / self``, computed as PyTorch's ``self.reciprocal() * other``."""
    try:
        if self._requires_grad and wants_grad(self):
            from .unary import reciprocal
            return mul(reciprocal(self), other)
        return mul(div(1, self) if self._dtype._kind < 2 else _reciprocal_tensor(self), other)
    except TypeError:
        return NotImplemented


def _reciprocal_tensor(t):
    return result(_reciprocal(t._data), t._dtype, None, (t,))


__add__ = _operator(np.add, add, _REAL, _REAL_FLOATS, _REAL_INTS)
__sub__ = _operator(np.subtract, sub, _NOT_BOOL, _REAL_FLOATS, _REAL_INTS)
__mul__ = _operator(np.multiply, mul, _REAL, _REAL_FLOATS, _REAL_INTS)
__truediv__ = _operator(np.true_divide, div, _FLOATS + _COMPLEX, _ALL_FLOATS,
                        {d: _ALL_INTS[d] for d in _ALL_FLOATS})
__eq__ = _operator(np.equal, eq, _dt.ALL, _ALL_FLOATS, _ALL_INTS, _bool)
__ne__ = _operator(np.not_equal, ne, _dt.ALL, _ALL_FLOATS, _ALL_INTS, _bool)
__lt__ = _operator(np.less, lt, _REAL, _REAL_FLOATS, _REAL_INTS, _bool)
__le__ = _operator(np.less_equal, le, _REAL, _REAL_FLOATS, _REAL_INTS, _bool)
__gt__ = _operator(np.greater, gt, _REAL, _REAL_FLOATS, _REAL_INTS, _bool)
__ge__ = _operator(np.greater_equal, ge, _REAL, _REAL_FLOATS, _REAL_INTS, _bool)


# ---------------------------------------------------------------------------------------------
# In-place forms: checked in PyTorch's order (operands, overlap, shape, then whether the result dtype can be
# stored into ``self``), with a short path writing NumPy's result straight into ``self``


def _inplace(op, ufunc=None, same=(), floats=(), ints=(), to_float=False, compare=False):
    """The ``self.op_(other)`` method; ``ufunc``, ``same``, ``floats`` and ``ints`` as for :func:`_operator`."""
    same, floats, ints = frozenset(same), frozenset(floats), dict(ints)

    def method(self, other, **kwargs):
        if (self._requires_grad or type(other) is Tensor and other._requires_grad) and wants_grad(self, other):
            return rebase(self, lambda old: op(old, other, **kwargs))
        if ufunc is not None and not kwargs:
            dtype, x, cls = self._dtype, self._data, type(other)
            if 0 not in x.strides:
                if cls is Tensor:
                    y = other._data
                    if other._dtype is dtype and dtype in same and _apart(x, y):
                        try:
                            ufunc(x, y, out=x)
                        except ValueError:
                            pass  # not broadcastable to self: the full path raises PyTorch's error
                        else:
                            self._bump_version()
                            return self
                elif cls is float and dtype in floats or cls is int and other in ints.get(dtype, ()):
                    ufunc(x, other, out=x)
                    self._bump_version()
                    return self
        if op is sub:
            _check_not_bool(self, other)
        value = operand(other, "other", 1, method.__name__)
        if isinstance(value, Tensor):
            check_no_partial_overlap(self, value)
            check_output_shape(self, value._data.shape)
        if not compare:  # a comparison's bool result fits any dtype
            dtype = _dt.result_type_of((self, value))
            if to_float and dtype._kind < 2 and kwargs.get("rounding_mode") is None:
                dtype = _dt.get_default_dtype()
            if dtype is not self._dtype:
                _dt.check_cast(dtype, self._dtype)
        r = op(self, other, **kwargs)
        return inplace(self, r._data, r._dtype)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place :func:`{op.__name__}`."
    return method


def _apart(x, y):
    """Whether ``y`` may be read while ``x`` is written (the same view, or no shared memory)."""
    return y is x or (x.base is None and y.base is None) or not np.may_share_memory(x, y)


def _inplace_unary(op):
    """The ``self.op_()`` method."""
    def method(self):
        if self._requires_grad and wants_grad(self):
            return rebase(self, op)
        r = op(self)
        return inplace(self, r._data, r._dtype)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place :func:`{op.__name__}`."
    return method


def _abs_(self):
    """In-place :func:`abs` (real tensors only)."""
    if self._dtype._kind == 3:
        raise RuntimeError("In-place abs is not supported for complex tensors.")
    if self._requires_grad and wants_grad(self):
        return rebase(self, abs)
    return inplace(self, abs(self)._data, self._dtype)


INPLACE = {
    "add_": _inplace(add, np.add, _REAL, _REAL_FLOATS, _REAL_INTS),
    "sub_": _inplace(sub, np.subtract, _NOT_BOOL, _REAL_FLOATS, _REAL_INTS),
    "mul_": _inplace(mul, np.multiply, _REAL, _REAL_FLOATS, _REAL_INTS),
    "div_": _inplace(div, np.true_divide, _FLOATS, _REAL_FLOATS, {d: _REAL_INTS[d] for d in _REAL_FLOATS},
                     to_float=True),
    "true_divide_": _inplace(true_divide, to_float=True),
}
INPLACE.update({op.__name__ + "_": _inplace(op) for op in (
    floor_divide, remainder, fmod, pow, bitwise_and, bitwise_or, bitwise_xor, bitwise_left_shift,
    bitwise_right_shift)})
INPLACE.update({op.__name__ + "_": _inplace(op, compare=True) for op in (eq, ne, lt, le, gt, ge)})


def _floor_divide_(self, other):
    """In-place :func:`floor_divide` (its history names the in-place op, as PyTorch's)."""
    _floor_divide_inplace(self, other)
    node = self._grad_fn
    node = getattr(node, "fn", node)  # an in-place op on a view: the op sits inside CopySlices
    if isinstance(node, _NoDerivative):
        node.op = "floor_divide_"
    return self


_floor_divide_inplace = INPLACE["floor_divide_"]
INPLACE["floor_divide_"] = _floor_divide_
INPLACE.update(neg_=_inplace_unary(neg), bitwise_not_=_inplace_unary(bitwise_not), abs_=_abs_)


def _plain(op):
    """An operator with no short path: ``op(self, other)``."""
    return _deferring(op, f"__{op.__name__}__")


# Every Python operator of Tensor, as PyTorch defines them (``1 + t`` is ``t.add(1)``, ``2 / t`` multiplies
# by the reciprocal)
OPERATORS = {
    "__add__": __add__, "__radd__": __add__, "__iadd__": _augmented(INPLACE["add_"]),
    "__sub__": __sub__, "__rsub__": _plain(rsub), "__isub__": _augmented(INPLACE["sub_"]),
    "__mul__": __mul__, "__rmul__": __mul__, "__imul__": _augmented(INPLACE["mul_"]),
    "__truediv__": __truediv__, "__rtruediv__": _rtruediv, "__itruediv__": _augmented(INPLACE["div_"]),
    "__floordiv__": _plain(floor_divide), "__rfloordiv__": _reflected(floor_divide),
    "__ifloordiv__": _augmented(INPLACE["floor_divide_"]),
    "__mod__": _plain(remainder), "__rmod__": _reflected(remainder), "__imod__": _augmented(INPLACE["remainder_"]),
    "__pow__": _plain(pow), "__rpow__": _reflected(pow), "__ipow__": _augmented(INPLACE["pow_"]),
    "__and__": _plain(bitwise_and), "__rand__": _plain(bitwise_and), "__iand__": _augmented(INPLACE["bitwise_and_"]),
    "__or__": _plain(bitwise_or), "__ror__": _plain(bitwise_or), "__ior__": _augmented(INPLACE["bitwise_or_"]),
    "__xor__": _plain(bitwise_xor), "__rxor__": _plain(bitwise_xor), "__ixor__": _augmented(INPLACE["bitwise_xor_"]),
    "__lshift__": _plain(bitwise_left_shift), "__rlshift__": _reflected(bitwise_left_shift),
    "__ilshift__": _augmented(INPLACE["bitwise_left_shift_"]),
    "__rshift__": _plain(bitwise_right_shift), "__rrshift__": _reflected(bitwise_right_shift),
    "__irshift__": _augmented(INPLACE["bitwise_right_shift_"]),
    "__eq__": __eq__, "__ne__": __ne__, "__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__,
    "__neg__": neg, "__pos__": positive, "__abs__": abs, "__invert__": invert,
}


# ---------------------------------------------------------------------------------------------
# Writing into a tensor


def copy_(self, src, non_blocking=False):
    """Copy ``src`` (broadcast, cast to this dtype) into ``self``."""
    from .indexing import setitem
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
    if src._dtype.is_complex and not self._dtype.is_complex:
        warn_complex_to_real()
    if wants_grad(self, src):
        return rebase(self, lambda old: _copied(old, src))
    setitem(self, Ellipsis, src)
    return self


def _copied(old, src):
    """What ``old.copy_(src)`` holds afterwards, as a new tensor recorded as CopyBackwards."""
    from .indexing import setitem
    from .shape import clone
    new = clone(old.detach())
    setitem(new, Ellipsis, src.detach())
    return record(CopyBackwards(), new, (old, src))


class CopyBackwards(Node):
    def name(self):
        return "torch::autograd::CopyBackwards"

    def backward(self, grad):
        from .common import like
        return (like(grad, np.zeros_like(grad._data), grad._dtype) if self.needs(0) else None), grad


class ZeroBackward0(Node):
    def backward(self, grad):
        from .common import like
        return like(grad, np.zeros_like(grad._data), grad._dtype),


class FillBackward2(ZeroBackward0):
    pass


class FillBackward3(Node):
    def backward(self, grad):
        from .common import like
        return like(grad, np.zeros_like(grad._data), grad._dtype), grad.sum() if self.needs(1) else None


def _filled(self, node, inputs, write):
    """A fill of ``self`` that records history: the written values come out of ``node``."""
    def compute(old):
        from .shape import clone
        new = clone(old.detach())
        write(new)
        return record(node, new, (old,) + inputs)
    return rebase(self, compute)


def fill_(self, value):
    """Set every element to ``value`` (a number or a 0-d tensor)."""
    if wants_grad(self, value):
        if isinstance(value, Tensor):
            return _filled(self, FillBackward3(), (value,), lambda new: fill_(new, value.detach()))
        return _filled(self, FillBackward2(), (), lambda new: fill_(new, value))
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        value = value._data
    from .common import check_writable
    check_writable(self)
    np.copyto(self._data, value, casting="unsafe")
    self._bump_version()
    return self


def zero_(self):
    """Set every element to zero."""
    if wants_grad(self):
        return _filled(self, ZeroBackward0(), (), lambda new: fill_(new, 0))
    return fill_(self, 0)


# ---------------------------------------------------------------------------------------------
# Complex parts


def conj(input):
    """The complex conjugate (the input itself for real tensors)."""
    if not input._dtype.is_complex:
        return input
    if wants_grad(input):
        return record(ConjBackward0(), _wrap(np.conj(input._data), input._dtype), (input,))
    return _wrap(np.conj(input._data), input._dtype)


class ConjBackward0(Node):
    def backward(self, grad):
        return conj(grad),


def _part(name, index):
    def part(input):
        from ..tensor import _view
        if not input._dtype.is_complex:
            if name == "imag":
                raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
            return input
        if input._requires_grad and grad_mode._state.enabled:  # PyTorch's: a select of view_as_real
            from .complex import view_as_real
            from .shape import select
            return select(view_as_real(input), -1, index)
        real = input._dtype.to_real()
        strides = [2 * s for s in input._strides()]
        return _view(input, input._data.shape, strides, 2 * input._offset + index, real)

    part.__name__ = name
    part.__doc__ = f"The {name} part of a complex tensor, as a view."
    return part


real = _part("real", 0)
imag = _part("imag", 1)
