"""Binary elementwise math (atan2, hypot, lerp, addcmul, xlogy, gcd, ...) and the kernels behind ``torch.special``."""
import math
import re

import numpy as np

from .. import dtypes as _dt
from ..autograd.grad_mode import no_grad
from ..autograd.graph import Node, no_out, record, wants_grad
from ..autograd.inplace import rebase
from ..tensor import Tensor
from .common import (_CPP_TYPES, _type_name, broadcast_error, cast_scalar, check_output_shape, inplace, invalid_arguments, not_implemented,
                     operand, operands, result, scalar_of)
from .unary import _c, _float_input

_bool = _dt.bool
_REDUCED = (_dt.float16, _dt.bfloat16)
_f32 = np.float32
_F32 = np.dtype(np.float32)
_f64 = _dt.float64
_c128 = _dt.complex128


def _scipy(name):
    """A ``scipy.special`` function, imported on first use (importing SciPy takes most of a second)."""
    def call(*args):
        import scipy.special
        return getattr(scipy.special, name)(*args)
    return call


# ---------------------------------------------------------------------------------------------
# Gradients: one formula per input, each written with Tensor ops so that create_graph differentiates it again


class _Formula(Node):
    """A backward whose ``formulas[i](node, grad, saved)`` gives input ``i``'s gradient; ``saves`` names the saved
    tensors (x input, y other, w weight, r result), plain parameters are attributes of the node."""
    __slots__ = ()
    formulas = ()
    saves = ""

    def backward(self, grad):
        saved = dict(zip(self.saves, self.saved_tensors))
        return tuple(f(self, grad, saved) if self.needs(i) else None for i, f in enumerate(self.formulas))


def _node(name, saves, *formulas):
    """The grad_fn class PyTorch names ``name``."""
    return type(name, (_Formula,), {"saves": saves, "formulas": formulas, "__slots__": ()})


def _record(cls, r, inputs, saved, **params):
    """``r`` as the output of a ``cls`` node over ``inputs``, keeping the tensors ``cls.saves`` names."""
    node = cls()
    node.__dict__.update(params)
    saved["r"] = r
    node.save(*(saved[k] for k in cls.saves), outputs=tuple(i for i, k in enumerate(cls.saves) if k == "r"))
    return record(node, r, inputs)


def _where0(cond, values):
    """``values`` with 0 where ``cond`` holds."""
    from .conditional import where
    return where(cond, 0.0, values)


def _zeros(t):
    from ..creation import zeros_like
    return zeros_like(t)


def _two(name, saves, dx, dy, dx_number=None, dy_number=None):
    """The recorder of a two-operand function: ``name``Backward0 for two tensors, 1 for a number ``input``
    (``dy_number`` formula), 2 for a number ``other`` (``dx_number``)."""
    both = _node(name + "Backward0", saves, dx, dy)
    first = dy_number and _node(name + "Backward1", saves.replace("x", ""), dy_number)
    second = dx_number and _node(f"{name}Backward{1 + bool(first)}", saves.replace("y", ""), dx_number)

    def grad(a, b, r):
        saved = {"x": a, "y": b}
        if not isinstance(a, Tensor):
            return _record(first, r, (b,), saved, number=a)
        if not isinstance(b, Tensor):
            return _record(second or both, r, (a,) if second else (a, b), saved, number=b)
        return _record(both, r, (a, b), saved)
    return grad


def _atan2_scale(s):
    """``1 / (x**2 + y**2)``, 0 at the origin (where both gradients are 0 in PyTorch)."""
    x, y = s["x"], s["y"]
    denom = x * x + y * y
    return _where0(denom == 0, denom.reciprocal())


_ATAN2 = _two("Atan2", "xy", lambda n, g, s: g * s["y"] * _atan2_scale(s),
              lambda n, g, s: g * -s["x"] * _atan2_scale(s))
_HYPOT = _two("Hypot", "xyr", lambda n, g, s: g * s["x"] / s["r"], lambda n, g, s: g * s["y"] / s["r"])
_LOGADDEXP = _two("Logaddexp", "xy", lambda n, g, s: g / _c((s["y"] - s["x"]).exp() + 1),
                  lambda n, g, s: g / _c((s["x"] - s["y"]).exp() + 1))


def _pow2(t):
    from .pointwise import pow
    return pow(2, t)


_LOGADDEXP2 = _two("Logaddexp2", "xy", lambda n, g, s: g / (_pow2(s["y"] - s["x"]) + 1),
                   lambda n, g, s: g / (_pow2(s["x"] - s["y"]) + 1))


def _log_grad(fn, edge):
    """d/dx of ``x * fn(y)``: ``fn(y)`` times the gradient, but 0 where ``x`` is 0 and ``y <= edge`` (PyTorch's
    gradient where the function is 0 by definition)."""
    def grad(n, g, s):
        x = s["x"]
        if "y" in s:
            y = s["y"]
            return _where0((x == 0) & (y <= edge), fn(g, y))
        r = fn(g, n.number)
        return _where0(x == 0, r) if n.number <= edge else r
    return grad


_XLOGY = _two("Xlogy", "xy", _log_grad(lambda g, y: xlogy(g, y), 0), lambda n, g, s: g * s["x"] / s["y"],
              _log_grad(lambda g, y: xlogy(g, y), 0), lambda n, g, s: g * n.number / s["y"])
_XLOG1PY = _two("SpecialXlog1Py", "xy", _log_grad(lambda g, y: xlog1py(g, y), -1),
                lambda n, g, s: g * s["x"] / (s["y"] + 1), _log_grad(lambda g, y: xlog1py(g, y), -1),
                lambda n, g, s: g * n.number / (s["y"] + 1))


def _copysign_dx(n, g, s):
    """``result / input`` (the sign flip), 0 where the input is 0."""
    return g * _where0(s["x"] == 0, s["r"] / s["x"])


_COPYSIGN = _two("Copysign", "xyr", _copysign_dx, lambda n, g, s: _zeros(s["y"]), _copysign_dx)
_NEXTAFTER = _two("Nextafter", "xy", lambda n, g, s: g * (s["x"] != s["y"]), lambda n, g, s: _zeros(s["y"]))
_LDEXP = _two("Ldexp", "xy", lambda n, g, s: g * _pow2(s["y"]),
              lambda n, g, s: g * s["x"] * _pow2(s["y"]) * math.log(2))


def _nan_ignoring_grad(keep):
    """fmax/fmin: the gradient goes to ``input`` where ``keep(x, y)`` or ``other`` is NaN, else to ``other``."""
    def dx(n, g, s):
        return _where0(~(keep(s["x"], s["y"]) | s["y"].isnan()), g)

    def dy(n, g, s):
        return _where0(keep(s["x"], s["y"]) | s["y"].isnan(), g)
    return dx, dy


_FMAX = _two("Fmax", "xy", *_nan_ignoring_grad(lambda x, y: x >= y))
_FMIN = _two("Fmin", "xy", *_nan_ignoring_grad(lambda x, y: x <= y))


# ---------------------------------------------------------------------------------------------
# Arguments and results


def _must_be_tensor(x, op, arg, position):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}(): argument '{arg}' (position {position}) must be Tensor, not {_type_name(x)}")
    return x


def _no_overload(op, arg, a, b):
    """PyTorch's TypeError for two numbers given to an op that takes a number on either side."""
    got = ", ".join(_type_name(x) for x in (a, b))
    return TypeError(f"{op}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     f" * (Tensor input, Tensor {arg}, *, Tensor out = None)\n"
                     f" * (Number self, Tensor {arg}, *, Tensor out = None)\n"
                     f" * (Tensor input, Number {arg}, *, Tensor out = None)\n")


def _pair(op, input, other, scalars, arg):
    """The two operands as PyTorch's parser takes them: ``scalars`` is None (Tensors only), 'other' or 'either'."""
    if scalars == "either":
        if not isinstance(input, Tensor) and not isinstance(other, Tensor):
            raise _no_overload(op, arg, input, other)
        try:
            return operand(input, "self", 1, op), operand(other, arg, 2, op)
        except TypeError:
            raise _no_overload(op, arg, input, other) from None
    if scalars == "other":
        if not isinstance(input, Tensor):
            raise invalid_arguments(op, input, other)
        return input, operand(other, arg, 2, op)
    return _must_be_tensor(input, op, "input", 1), _must_be_tensor(other, op, arg, 2)


def _broadcast(*arrays):
    """Raise PyTorch's error for operands that do not broadcast together (checked before dtypes and kernels)."""
    shape = np.shape(arrays[0])
    for other in arrays[1:]:
        other = np.shape(other)
        if other != shape:
            try:
                shape = np.broadcast_shapes(shape, other)
            except ValueError:
                raise broadcast_error(shape, other) from None


def _check_out(out, dtype, first, *others):
    """Checks on ``out=`` before any kernel runs: an in-place target (``out`` is the input) keeps its shape, and the
    result dtype must cast to ``out``'s."""
    if out is None:
        return
    if out is first:
        check_output_shape(out, *(np.shape(x) for x in others))
    _dt.check_cast(dtype, out._dtype)


def _complex_half(dtype, a, b):
    """Whether PyTorch computes in ComplexHalf, which Ember lacks: a float16 tensor with a complex number (or 0-d
    tensor). No kernel has a loop for it."""
    return dtype is _dt.complex64 and any(
        isinstance(x, Tensor) and x._dtype is _dt.float16 and x._data.ndim for x in (a, b)) and any(
        type(x) is complex or isinstance(x, Tensor) and x._dtype._kind == 3 and not x._data.ndim for x in (a, b))


def _no_kernel(kernel, dtype, a, b):
    """The missing-kernel error, naming ComplexHalf where PyTorch computes in it."""
    if _complex_half(dtype, a, b):
        return NotImplementedError(f'"{kernel}" not implemented for \'ComplexHalf\'')
    return not_implemented(kernel, dtype)


def _finish(r, dtype, out, layout):
    """The op's result tensor; float16/bfloat16 values are rounded to their dtype before a copy into ``out=``."""
    r = np.asarray(r)
    if out is not None and dtype in _REDUCED:
        r = r.astype(dtype._np)
    return result(r, dtype, out, layout)


def _compute_type(dtype):
    """The NumPy type a kernel computes in: float32 for float16/bfloat16 (PyTorch's opmath type)."""
    return _F32 if dtype in _REDUCED else dtype._np


# Python names PyTorch gives the C++ type a scalar argument is converted to, in its overflow errors
_VALUE_TYPES = {_dt.uint8: "uint8_t", _dt.int8: "int8_t", _dt.int16: "int16_t", _dt.int32: "int", _dt.int64: "int64_t",
                _dt.float16: "float", _dt.bfloat16: "float", _dt.float32: "float", _dt.float64: "double"}


def _scalar_value(value, dtype, op, arg):
    """A number argument (``value=``, ``weight``) converted to the type the kernel reads it as."""
    if isinstance(value, Tensor):
        value = value.item()
    number = scalar_of(value)
    if number is None:
        raise TypeError(f"{op}(): argument '{arg}' must be Number, not {_type_name(value)}")
    if dtype._kind == 3:
        return complex(number)
    if type(number) is complex:
        if number.imag != 0:
            raise RuntimeError(f"value cannot be converted to type {_VALUE_TYPES[dtype]} without overflow")
        number = number.real
    if dtype._kind == 1:
        low, high = _INT_RANGE[dtype]
        # PyTorch's checked conversion: an unsigned type also takes negative integers down to -max (they wrap)
        if not (low <= number <= high or type(number) is int and -high <= number < 0):
            raise RuntimeError(f"value cannot be converted to type {_VALUE_TYPES[dtype]} without overflow")
        return cast_scalar(int(number), dtype)
    if math.isfinite(number) and abs(number) > _FLOAT_MAX[dtype is _f64]:
        raise RuntimeError(f"value cannot be converted to type {_VALUE_TYPES[dtype]} without overflow")
    return _compute_type(dtype).type(number)


_INT_RANGE = {d: (int(np.iinfo(d._np).min), int(np.iinfo(d._np).max))
              for d in (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)}
_FLOAT_MAX = (float(np.finfo(np.float32).max), float(np.finfo(np.float64).max))


# ---------------------------------------------------------------------------------------------
# Two-operand functions with floating results


def _floating(name, fn, kernel, *, ints=True, complex_fn=None, reduced_fn=None, scalars=None, arg="other",
              native=False, grad=None, doc=""):
    """``torch.name(input, other, *, out=None)``: integer operands give the default float dtype (refused unless
    ``ints``), complex ones ``complex_fn`` (refused without it); float16/bfloat16 compute in float32 unless
    ``native``."""
    def op(input, other, *, out=None):
        a, b = _pair(name, input, other, scalars, arg)
        x, y, dtype = operands(a, b, to_float=ints)
        _broadcast(x, y)
        _check_out(out, dtype, a, y)
        kind = dtype._kind
        if kind < 2 or kind == 3 and (complex_fn is None or _complex_half(dtype, a, b)):
            raise _no_kernel(kernel, dtype, a, b)
        ctype = dtype._np if native else _compute_type(dtype)
        x, y = np.asarray(x, ctype), np.asarray(y, ctype)
        # no errstate: NumPy's floating-point warnings from Ember's frames are filtered (see ops.common)
        if kind == 3:
            r = complex_fn(x, y)
        elif dtype in _REDUCED and reduced_fn is not None:
            r = reduced_fn(x, y, dtype._np)
        else:
            r = fn(x, y)
        if wants_grad(a, b):
            no_out(_ALIASES.get(name, name), out)
            return grad(a, b, _finish(r, dtype, None, (a, b)))
        return _finish(r, dtype, out, (a, b))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc or f"Elementwise ``{name}(input, other)``; integer inputs give the default float dtype."
    return op


_ALIASES = {"arctan2": "atan2"}  # the op an alias is, as PyTorch's autograd errors name it


def _xlogy(x, y):
    """``x * log(y)``, 0 where ``x`` is 0 (unless ``y`` is NaN)."""
    r = np.multiply(x, np.log(y))
    return np.where((x == 0) & ~np.isnan(y), r.dtype.type(0), r)


def _xlog1py(x, y):
    """``x * log1p(y)``, 0 where ``x`` is 0 (unless ``y`` is NaN)."""
    r = np.multiply(x, np.log1p(y))
    return np.where((x == 0) & ~np.isnan(y), r.dtype.type(0), r)


def _rounded_log(log):
    """For float16/bfloat16: PyTorch's kernel rounds the logarithm to the dtype before multiplying."""
    def kernel(x, y, dtype):
        r = np.multiply(x, log(y).astype(dtype).astype(_f32))
        return np.where((x == 0) & ~np.isnan(y), _f32(0), r)
    return kernel


def _logaddexp2(x, y):
    """``max + log1p(2**-|x - y|) / log(2)``, the last step one fused multiply-add as in PyTorch's kernel."""
    big = np.maximum(x, y)
    term = np.log1p(np.exp2(-np.abs(x - y)))
    r = _fma(term, x.dtype.type(1 / math.log(2)), big)
    return np.where(np.isinf(x) & (x == y), x, r)


def _fma(a, b, c):
    """``a * b + c`` rounded once: in float64 for float32; for float64 from Dekker's exact product and sum."""
    if a.dtype == _f32:
        return (a.astype(np.float64) * np.asarray(b, np.float64) + c).astype(_f32)
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(np.asarray(b, a.dtype))
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    s = p + c
    v = s - p
    t = (p - (s - v)) + (c - v)
    r = s + (t + e)
    return np.where(np.isfinite(r), r, p + c)


def _split(a):
    """Veltkamp's split of float64 values into two halves of 26 bits each."""
    t = a * 134217729.0
    hi = t - (t - a)
    return hi, a - hi


def _logaddexp_complex(x, y):
    """``log(exp(x) + exp(y))`` of complex numbers, factoring out the one with the larger real part."""
    x, y = np.broadcast_arrays(x, y)
    first = x.real >= y.real
    big, small = np.where(first, x, y), np.where(first, y, x)
    return big + _log1p_complex(np.exp(small - big))


def _log1p_complex(z):
    """``log(1 + z)`` without NumPy's loss of the real part for small ``z``."""
    a, b = z.real, z.imag
    r = np.empty_like(z)
    r.real = 0.5 * np.log1p(a * (2 + a) + b * b)
    r.imag = np.arctan2(b, 1 + a)
    return r


atan2 = _floating("atan2", np.arctan2, "atan2_cpu", grad=_ATAN2,
                  doc="The angle of the point ``(other, input)``, elementwise.")
arctan2 = _floating("arctan2", np.arctan2, "atan2_cpu", grad=_ATAN2, doc="Alias of :func:`atan2`.")
hypot = _floating("hypot", np.hypot, "hypot_cpu", ints=False, grad=_HYPOT,
                  doc="``sqrt(input**2 + other**2)`` without overflow.")
logaddexp = _floating("logaddexp", np.logaddexp, "logaddexp_cpu", ints=False, complex_fn=_logaddexp_complex,
                      grad=_LOGADDEXP,
                      doc="``log(exp(input) + exp(other))`` without overflow.")
logaddexp2 = _floating("logaddexp2", _logaddexp2, "logaddexp2_cpu", ints=False, grad=_LOGADDEXP2,
                       doc="``log2(2**input + 2**other)`` without overflow.")
xlogy = _floating("xlogy", _xlogy, "xlogy_cpu", reduced_fn=_rounded_log(np.log), scalars="either", grad=_XLOGY,
                  doc="``input * log(other)``, 0 where ``input`` is 0; either side may be a number.")
xlog1py = _floating("special_xlog1py", _xlog1py, "xlog1py_cpu", reduced_fn=_rounded_log(np.log1p), scalars="either",
                    grad=_XLOG1PY, doc="``input * log1p(other)``, 0 where ``input`` is 0; either side may be a number.")
copysign = _floating("copysign", np.copysign, "copysign_cpu", scalars="other", grad=_COPYSIGN,
                     doc="``|input|`` with the sign of ``other``; integer inputs give the default float dtype.")
nextafter = _floating("nextafter", np.nextafter, "nextafter_cpu", ints=False, native=True, grad=_NEXTAFTER,
                      doc="The next representable value after ``input`` towards ``other``.")


def ldexp(input, other, *, out=None):
    """``input * 2**other``; integer inputs give the default float dtype."""
    a, b = _pair("ldexp", input, other, None, "other")
    dtype = _ldexp_type(a, b)
    if out is not None:
        _ldexp_cast(dtype, out)
    _broadcast(a._data, b._data)
    _check_out(out, dtype, a, b._data)
    if a._dtype._kind == 2 and b._dtype._kind < 2:
        # a floating input with integer exponents: C's ldexp, exponents read as 32-bit ints
        if b._dtype is _bool:
            raise not_implemented("ldexp_cpu_exp", _bool)
        x = a._data.astype(_compute_type(dtype), copy=False)
        with np.errstate(all="ignore"):
            r = np.ldexp(x, b._data.astype(np.int32))
        return _ldexp_result(r, dtype, out, a, b)
    # otherwise PyTorch multiplies by ``pow(2.0, other)``, computed in other's floating dtype (the default for
    # integers)
    power_type = b._dtype if b._dtype._kind >= 2 else _dt.get_default_dtype()
    y = b._data.astype(_compute_type(power_type), copy=False)
    x = a._data.astype(_compute_type(dtype), copy=False)
    with np.errstate(all="ignore"):
        power = np.asarray(np.exp2(y)).astype(power_type._np).astype(_compute_type(dtype))
        r = np.multiply(x, power)
    return _ldexp_result(r, dtype, out, a, b)


def _ldexp_result(r, dtype, out, a, b):
    if wants_grad(a, b):
        no_out("ldexp", out)
        return _LDEXP(a, b, _finish(r, dtype, None, (a, b)))
    return _finish(r, dtype, out, (a, b))


def _ldexp_type(input, other):
    operands = (_must_be_tensor(input, "ldexp", "input", 1), _must_be_tensor(other, "ldexp", "other", 2))
    dtype = _dt.result_type_of(operands)
    return _dt.get_default_dtype() if dtype._kind < 2 else dtype


def _ldexp_cast(dtype, target):
    """ldexp's own check that the output is floating; other casts are checked later with the usual wording."""
    if not _dt.can_cast(dtype, target._dtype) and target._dtype._kind < 2:
        raise RuntimeError(f"ldexp can't be cast to the desired output type {target._dtype._legacy}")


# ---------------------------------------------------------------------------------------------
# Functions keeping their operands' dtype


def fmax(input, other, *, out=None):
    """Elementwise maximum, ignoring NaN (NaN only where both are NaN)."""
    return _nan_ignoring("fmax", np.fmax, input, other, out)


def fmin(input, other, *, out=None):
    """Elementwise minimum, ignoring NaN (NaN only where both are NaN)."""
    return _nan_ignoring("fmin", np.fmin, input, other, out)


def _nan_ignoring(name, ufunc, input, other, out):
    a, b = _pair(name, input, other, None, "other")
    x, y, dtype = operands(a, b)
    if dtype._kind == 3:
        raise RuntimeError(f"{name} not implemented for complex tensors.")
    _broadcast(x, y)
    _check_out(out, dtype, a, y)
    if wants_grad(a, b):
        no_out(name, out)
        return (_FMAX if name == "fmax" else _FMIN)(a, b, result(np.asarray(ufunc(x, y)), dtype, None, (a, b)))
    return result(np.asarray(ufunc(x, y)), dtype, out, (a, b))


def heaviside(input, values, *, out=None):
    """0 where ``input < 0``, 1 where ``input > 0``, ``values`` where ``input == 0`` (0 for NaN)."""
    a, b = _pair("heaviside", input, values, None, "values")
    if wants_grad(a, b):  # PyTorch has no derivative for heaviside: backward refuses (even into out=)
        from .pointwise import _NoDerivative
        with no_grad():
            r = heaviside(a, b, out=out)
        return record(_NoDerivative("heaviside"), r, (a, b))
    if a._dtype._kind == 3 or b._dtype._kind == 3 or out is not None and out._dtype._kind == 3:
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    if a._dtype is not b._dtype or out is not None and out._dtype is not a._dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    x, v = a._data, b._data
    _broadcast(x, v)
    _check_out(out, a._dtype, a, v)
    r = np.where(x == 0, v, x > 0).astype(x.dtype)
    return result(r, a._dtype, out, (a, b))


def _integer(name, ufunc, kernel):
    def op(input, other, *, out=None):
        a, b = _pair(name, input, other, None, "other")
        x, y, dtype = operands(a, b)
        _broadcast(x, y)
        _check_out(out, dtype, a, y)
        if dtype._kind != 1:
            raise _no_kernel(kernel, dtype, a, b)
        return result(np.asarray(ufunc(x, y)), dtype, out, (a, b))

    op.__name__ = op.__qualname__ = name
    return op


gcd = _integer("gcd", np.gcd, "gcd_cpu")
gcd.__doc__ = "Greatest common divisor of integer tensors (non-negative; 0 for two zeros)."
lcm = _integer("lcm", np.lcm, "lcm_cpu")
lcm.__doc__ = "Least common multiple of integer tensors (non-negative; 0 where either is 0)."


# ---------------------------------------------------------------------------------------------
# Interpolation and fused multiply-add/divide


def _lerp_error(input, end, weight):
    got = ", ".join(_type_name(x) if isinstance(x, Tensor) else type(x).__name__ for x in (input, end, weight))
    return TypeError(f"lerp() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     " * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
                     " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")


def _check_same(input, other, arg):
    if other._dtype is not input._dtype:
        raise RuntimeError(f"expected dtype {_CPP_TYPES[input._dtype]} for `{arg}` but got dtype "
                           f"{_CPP_TYPES[other._dtype]}")


def lerp(input, end, weight, *, out=None):
    """``input + weight * (end - input)``; ``weight`` a number or a tensor."""
    tensor_weight = isinstance(weight, Tensor)
    if not isinstance(input, Tensor) or not isinstance(end, Tensor) or not tensor_weight and scalar_of(weight) is None:
        raise _lerp_error(input, end, weight)
    _check_same(input, end, "end")
    others = [end._data]
    if tensor_weight:
        if weight._data.ndim:  # a 0-d weight may have any dtype and takes part in promotion
            _check_same(input, weight, "weight")
        others.append(weight._data)
    _broadcast(input._data, *others)
    if tensor_weight and weight._data.ndim and out is not None and out._dtype is not input._dtype:
        raise RuntimeError(f"Found dtype {out._dtype._legacy} but expected {input._dtype._legacy}")
    dtype = _dt.result_type_of((input, end, weight)) if tensor_weight else input._dtype
    _check_out(out, dtype, input, *others)
    if dtype._kind < 2:
        raise not_implemented("lerp_kernel_tensor" if tensor_weight else "lerp_kernel_scalar", dtype)
    ctype = _compute_type(dtype)
    if tensor_weight:
        w = weight._data.astype(dtype._np).astype(ctype)
    else:
        w = np.asarray(_scalar_value(weight, dtype, "lerp", "weight"), ctype)
    x, y = input._data.astype(ctype, copy=False), end._data.astype(ctype, copy=False)
    if wants_grad(input, end, weight):
        no_out("lerp", out)
        r = _finish(_lerp(x, y, w), dtype, None, (input, end, weight))
        saved = {"x": input, "y": end, "w": weight}
        if tensor_weight:
            return _record(LerpBackward1, r, (input, end, weight), saved)
        return _record(LerpBackward0, r, (input, end), saved, weight=scalar_of(weight))
    return _finish(_lerp(x, y, w), dtype, out, (input, end, weight))


def _conj_number(w):
    return w.conjugate() if type(w) is complex else w


LerpBackward0 = _node("LerpBackward0", "", lambda n, g, s: g * (1 - _conj_number(n.weight)),
                      lambda n, g, s: g * _conj_number(n.weight))
LerpBackward1 = _node("LerpBackward1", "xyw", lambda n, g, s: g * _c(1 - s["w"]), lambda n, g, s: g * _c(s["w"]),
                      lambda n, g, s: g * _c(s["y"] - s["x"]))


def _lerp(x, y, w):
    """PyTorch's two-sided formula: from ``x`` for small weights, from ``y`` otherwise, as one fused multiply-add."""
    small = np.abs(w) < 0.5
    coeff = np.where(small, w, w - w.dtype.type(1))
    base = np.where(small, x, y)
    diff = y - x
    if diff.dtype.kind == "f":
        return _fma(coeff, diff, base)
    return coeff * diff + base


def _fused(name, kernel, divide):
    def op(input, tensor1, tensor2, *, value=1, out=None):
        _must_be_tensor(input, name, "input", 1)
        _must_be_tensor(tensor1, name, "tensor1", 2)
        _must_be_tensor(tensor2, name, "tensor2", 3)
        if divide and tensor1._dtype._kind < 2 and tensor2._dtype._kind < 2:
            raise RuntimeError(_INTEGER_ADDCDIV)
        _broadcast(input._data, tensor1._data, tensor2._data)
        dtype = _dt.result_type_of((input, tensor1, tensor2))
        _check_out(out, dtype, input, tensor1._data, tensor2._data)
        if dtype is _bool:
            raise not_implemented(kernel, dtype)
        v = _scalar_value(value, dtype, name, "value")
        ctype = _compute_type(dtype)
        x, a, b = (t._data.astype(dtype._np, copy=False).astype(ctype, copy=False) for t in (input, tensor1, tensor2))
        scaled = np.multiply(ctype.type(v) if dtype._kind != 3 else v, a)
        r = x + (scaled / b if divide else scaled * b)
        if wants_grad(input, tensor1, tensor2):
            no_out(name, out)
            r = _finish(np.asarray(r, ctype), dtype, None, (input, tensor1, tensor2))
            value_ = value.item() if isinstance(value, Tensor) else value
            return _record(node, r, (input, tensor1, tensor2), {"a": tensor1, "b": tensor2}, value=value_)
        return _finish(np.asarray(r, ctype), dtype, out, (input, tensor1, tensor2))

    node = AddcdivBackward0 if divide else AddcmulBackward0

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``input + value * tensor1 {'/' if divide else '*'} tensor2``."
    return op


_INTEGER_ADDCDIV = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true "
    "division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * "
    "torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) "
    "for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / "
    "tensor2), for all dtypes.")

AddcmulBackward0 = _node("AddcmulBackward0", "ab", lambda n, g, s: g, lambda n, g, s: g * _c(s["b"] * n.value),
                         lambda n, g, s: g * _c(s["a"] * n.value))
AddcdivBackward0 = _node("AddcdivBackward0", "ab", lambda n, g, s: g, lambda n, g, s: g * _c(n.value / s["b"]),
                         lambda n, g, s: -g * _c(n.value * s["a"] / (s["b"] * s["b"])))
addcmul = _fused("addcmul", "addcmul_cpu_out", False)
addcdiv = _fused("addcdiv", "addcdiv_cpu_out", True)


# ---------------------------------------------------------------------------------------------
# float_power: pow in double precision


def float_power(input, exponent, *, out=None):
    """``input ** exponent`` computed in float64 (complex128 when either is complex)."""
    from .pointwise import pow
    a, b = _pair("float_power", input, exponent, "either", "exponent")
    dtype = _float_power_type(a, b)
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"the output given to float_power has dtype {out._dtype._legacy} but the operation's "
                           f"result requires dtype {dtype._legacy}")
    _broadcast(*(x._data for x in (a, b) if isinstance(x, Tensor)))
    if wants_grad(a, b):
        return _recorded_float_power(a, b, dtype, out)
    r = pow(_as(a, dtype), _as(b, dtype))
    return result(r._data, dtype, out, (a, b))


def _recorded_float_power(a, b, dtype, out):
    """PyTorch's pow node over the operands converted to ``dtype``; the engine casts the gradients back to the
    operands' own dtypes."""
    from .pointwise import PowBackward0, PowBackward1, PowBackward2, pow
    no_out("pow", out)
    x, y = _as(a, dtype), _as(b, dtype)
    with no_grad():
        r = pow(x, y)
    if not isinstance(a, Tensor):
        node = PowBackward2(x)
        node.save(y, r, outputs=(1,))
        return record(node, r, (b,))
    if not isinstance(b, Tensor):
        node = PowBackward0(y)
        node.save(x)
        return record(node, r, (a,))
    node = PowBackward1()
    node.save(x, y, r, outputs=(2,))
    return record(node, r, (a, b))


def _float_power_type(a, b):
    complex_ = any(x._dtype._kind == 3 if isinstance(x, Tensor) else type(x) is complex for x in (a, b))
    return _c128 if complex_ else _f64


def _as(x, dtype):
    if isinstance(x, Tensor):
        return x if x._dtype is dtype else x.to(dtype)
    return complex(x) if dtype is _c128 else float(x)


def float_power_(self, exponent):
    """In-place :func:`float_power`: ``self`` must already be float64 (complex128 for complex results)."""
    a, b = _pair("float_power_", self, exponent, "other", "exponent")
    dtype = _float_power_type(a, b)
    if self._dtype is not dtype:
        raise RuntimeError(f"the base given to float_power_ has dtype {self._dtype._legacy} but the operation's "
                           f"result requires dtype {dtype._legacy}")
    return _recorded_inplace(self, float_power, b)


# ---------------------------------------------------------------------------------------------
# Gamma-function family


def _int_param(x, op, arg, position):
    if type(x) is bool or not isinstance(x, (int, np.integer)):
        raise TypeError(f"{op}(): argument '{arg}' (position {position}) must be int, not {_type_name(x)}")
    return int(x)


def polygamma(n, input, *, out=None):
    """The ``n``-th derivative of the digamma function at ``input``."""
    return _polygamma_op(n, input, out, PolygammaBackward0)


def _polygamma_op(n, input, out, node_class):
    """:func:`polygamma`, recorded as a ``node_class`` (the in-place form's node has its own name)."""
    from .unary import digamma
    n = _int_param(n, "polygamma", "n", 1)
    _must_be_tensor(input, "polygamma", "input", 2)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    if wants_grad(input):
        no_out("polygamma", out)
        with no_grad():
            r = polygamma(n, input.detach())
        return _record(node_class, r, (input,), {"x": input}, n=n)
    if n == 0:
        return digamma(input, out=out)
    x, dtype = _float_input(input, "polygamma", "trigamma" if n == 1 else "polygamma", False, out)
    with np.errstate(all="ignore"):
        r = _trigamma(x) if n == 1 else _polygamma(n, x)
    return _finish(np.asarray(r, x.dtype), dtype, out, (input,))


PolygammaBackward0 = _node("PolygammaBackward0", "x", lambda n, g, s: g * polygamma(n.n + 1, s["x"]))
PolygammaBackward1 = _node("PolygammaBackward1", "x", PolygammaBackward0.formulas[0])  # the in-place form's


def _trigamma(x):
    """The derivative of digamma as PyTorch computes it: reflection below 1/2 and six recurrence steps in the
    input's precision, then an asymptotic series in double (accurate to about 1e-10, which float64 shows)."""
    t = x.dtype.type
    reflect = x < 0.5
    r = np.where(reflect, -(t(np.pi) * t(np.pi)) / np.square(np.sin(t(np.pi) * x)), t(0))
    x = np.where(reflect, 1 - x, x)
    for _ in range(6):
        r += 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    series = (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx.astype(np.float64) * (1 / 30 - ixx * (1 / 42)))) / x
    r = (r + series).astype(x.dtype)
    return np.where(reflect, -r, r)


def _polygamma(n, x):
    """``(-1)**(n+1) n! zeta(n+1, x)``; PyTorch's Hurwitz zeta is NaN at infinity."""
    r = _scipy("polygamma")(n, x)
    return np.where(np.isposinf(x), np.nan, r)


def mvlgamma(input, p, *, out=None):
    """The multivariate log-gamma function of dimension ``p``."""
    _must_be_tensor(input, "mvlgamma", "input", 1)
    p = _int_param(p, "mvlgamma", "p", 2)
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    if input._dtype is _bool:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if input._dtype._kind == 3:
        raise not_implemented("arange_cpu", input._dtype)
    dtype = input._dtype if input._dtype._kind == 2 else _dt.get_default_dtype()
    if out is not None:
        _mvlgamma_check_out(input, out, dtype)
    # PyTorch sums lgamma(input - j/2) for j < p, every step rounded in the result dtype
    x = input._data.astype(dtype._np, copy=False)
    offsets = np.arange(-p * 0.5 + 0.5, 0.5, 0.5).astype(dtype._np)
    args = (x[..., None] + offsets).astype(_compute_type(dtype))
    with np.errstate(all="ignore"):
        terms = _scipy("gammaln")(args).astype(dtype._np)
        total = terms.astype(_compute_type(dtype)).sum(-1).astype(dtype._np)
        r = total.astype(_compute_type(dtype)) + _compute_type(dtype).type(p * (p - 1) / 4 * math.log(math.pi))
    if wants_grad(input):
        no_out("mvlgamma", out)
        return _record(MvlgammaBackward0, _finish(np.asarray(r, order="C"), dtype, None, ()), (input,), {"x": input},
                       p=p)
    return _finish(np.asarray(r, order="C"), dtype, out, ())  # contiguous, as PyTorch's composite gives


def _mvlgamma_grad(n, g, s):
    """The sum of digamma(x - j/2) for j < p."""
    from ..ranges import arange
    x = s["x"]
    offsets = arange(-n.p / 2 + 0.5, 0.5, 0.5, dtype=x.dtype)
    return g * (x.unsqueeze(-1) + offsets).digamma().sum(-1)


MvlgammaBackward0 = _node("MvlgammaBackward0", "x", _mvlgamma_grad)


def _mvlgamma_check_out(input, target, dtype):
    if input._dtype is _bool:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if not _dt.can_cast(dtype, target._dtype):
        raise RuntimeError(f"mvlgamma: result type {input._dtype._legacy} can't be cast to the desired output type "
                           f"{dtype._legacy}")


def mvlgamma_(self, p):
    """In-place :func:`mvlgamma`."""
    _must_be_tensor(self, "mvlgamma_", "input", 1)
    dtype = self._dtype if self._dtype._kind >= 2 else _dt.get_default_dtype()
    _mvlgamma_check_out(self, self, dtype)
    return _recorded_inplace(self, mvlgamma, p)


# ---------------------------------------------------------------------------------------------
# One-operand kernels of torch.special


def round(input, *, decimals=0, out=None):
    """:func:`torch.round` with ``decimals`` always given, so integer inputs are refused as in PyTorch."""
    from .unary import round as round_
    return round_(input, decimals=decimals, out=out)


def _special_unary(name, fn, kernel, reduced=True, grad=None):
    """``torch.special.name(input, *, out=None)``; float16/bfloat16 computed in float32 unless refused."""
    def op(input, *, out=None):
        x, dtype = _float_input(input, f"special_{name}", kernel, False, out)
        if dtype in _REDUCED and not reduced:
            if out is not None:
                _dt.check_cast(dtype, out._dtype)
            raise not_implemented(kernel, dtype)
        with np.errstate(all="ignore"):
            r = np.asarray(fn(x), x.dtype)
        if wants_grad(input):
            no_out(f"special_{name}", out)
            return _record(grad, _finish(r, dtype, None, (input,)), (input,), {"x": input})
        return _finish(r, dtype, out, (input,))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` of ``input``; integer inputs give the default float dtype."
    return op


def _entr(x):
    """``-x * log(x)``: 0 at 0, -inf for negative ``x``."""
    r = np.negative(x) * np.log(x)
    r = np.where(x == 0, x.dtype.type(0), r)
    return np.where(x < 0, x.dtype.type(-np.inf), r)


_SQRT_2PI = math.sqrt(2 * math.pi)


def _not_tiny(x, kernel):
    """Where ``|x|`` exceeds the dtype's epsilon, and ``x`` with epsilon elsewhere: i1 and i1e have slope 1/2
    at 0, which their general formulas give as 0/0. PyTorch has these backward kernels for float32/64 only."""
    from .conditional import where
    if x._dtype in _REDUCED:
        raise not_implemented(kernel, x._dtype)
    eps = float(np.finfo(x._data.dtype).eps)
    big = x.abs() > eps
    return big, where(big, x, eps)


def _i1_grad(n, g, s):
    from .unary import i0
    big, x = _not_tiny(s["x"], "i1_backward")
    # unary.i0 fails on 0-d tensors (SciPy hands back a NumPy scalar there): go through one dimension
    i0x = i0(x.reshape(1)).reshape(()) if x.dim() == 0 else i0(x)
    return g * _half_where(big, i0x - s["r"] * x.reciprocal())


def _i1e_grad(n, g, s):
    big, x = _not_tiny(s["x"], "i1e_backward")
    return g * _half_where(big, i0e(x) - s["r"] * (x.sgn() + x.reciprocal()))


def _half_where(big, values):
    from .conditional import where
    return where(big, values, 0.5)


_ENTR = _node("SpecialEntrBackward0", "x", lambda n, g, s: g * -(s["x"].log() + 1))
_NDTRI = _node("SpecialNdtriBackward0", "r", lambda n, g, s: g * _SQRT_2PI * (s["r"] * s["r"] / 2).exp())
_LOG_NDTR = _node("SpecialLogNdtrBackward0", "xr",
                  lambda n, g, s: g / _SQRT_2PI * (-(s["r"] + s["x"] * s["x"] / 2)).exp())
_I0E = _node("SpecialI0EBackward0", "xr", lambda n, g, s: g * (i1e(s["x"]) - s["x"].sgn() * s["r"]))
entr = _special_unary("entr", _entr, "entr_cpu", grad=_ENTR)
ndtri = _special_unary("ndtri", _scipy("ndtri"), "ndtri_cpu", reduced=False, grad=_NDTRI)
log_ndtr = _special_unary("log_ndtr", _scipy("log_ndtr"), "log_ndtr_cpu", reduced=False, grad=_LOG_NDTR)
i0e = _special_unary("i0e", _scipy("i0e"), "i0e_cpu", grad=_I0E)
i1 = _special_unary("i1", _scipy("i1"), "i1_cpu", grad=_node("SpecialI1Backward0", "xr", _i1_grad))
i1e = _special_unary("i1e", _scipy("i1e"), "i1e_cpu", grad=_node("SpecialI1EBackward0", "xr", _i1e_grad))


def ndtr(input, *, out=None):
    """The standard normal CDF, ``(1 + erf(input / sqrt(2))) / 2``, each step rounded as PyTorch's composite is."""
    from .pointwise import add, mul
    from .unary import erf
    _must_be_tensor(input, "special_ndtr", "input", 1)
    if input._dtype._kind == 3:
        raise not_implemented("erf_vml_cpu", input._dtype)
    inner = add(erf(mul(input, 0.7071067811865476)), 1)
    with no_grad():
        r = mul(inner, 0.5)
    if inner._requires_grad:
        r = _record(MulBackward1, r, (inner,), {}, other=0.5)
        if out is not None:  # PyTorch's composite copies into out=, recording the copy
            result(r._data, r._dtype, out, (input,))
            return out.copy_(r)
        return r
    return result(r._data, r._dtype, out, (input,))


MulBackward1 = _node("MulBackward1", "", lambda n, g, s: g * n.other)


# ---------------------------------------------------------------------------------------------
# Tensor methods


_POSITION = re.compile(r"\(position (\d+)\)")
_CALLEE = re.compile(r"^\w+\(\)")


def _method(op, name=None, shift=1):
    """``op`` as a Tensor method ``name``: its argument errors name the method and count positions after ``self``,
    as PyTorch's do."""
    def method(self, *args, **kwargs):
        try:
            return op(self, *args, **kwargs)
        except TypeError as e:
            message = _POSITION.sub(lambda m: f"(position {int(m.group(1)) - shift})", str(e))
            if name is not None:
                message = _CALLEE.sub(name + "()", message, count=1)
            raise TypeError(message) from None

    method.__name__ = name or op.__name__
    method.__doc__ = op.__doc__
    return method


def _inplace_of(op):
    """``self.op_(...)``: ``op`` written into ``self``, whose shape must be the broadcast shape."""
    def into_self(self, *args, **kwargs):
        if wants_grad(self, *args, *kwargs.values()):
            _inplace_shape(self, args)
            return rebase(self, lambda old: op(old, *args, **kwargs))
        return op(self, *args, out=self, **kwargs)  # each op checks an ``out`` that is its input as in-place

    into_self.__name__ = op.__name__
    method = _method(into_self, op.__name__ + "_")
    method.__doc__ = f"In-place :func:`{op.__name__}`."
    return method


def _inplace_shape(self, args):
    """PyTorch's error for tensor operands that would broadcast ``self`` to a larger shape."""
    shapes = [a._data.shape for a in args if isinstance(a, Tensor)]
    if shapes:
        check_output_shape(self, *shapes)


def _recorded_inplace(self, op, *args):
    """``op(self, *args)`` written into ``self``, with history when it must record."""
    if wants_grad(self, *args):
        return rebase(self, lambda old: op(old, *args))
    r = op(self, *args)
    return inplace(self, r._data, r._dtype)


def _polygamma_method(self, n):
    """``polygamma(n, self)``."""
    return polygamma(n, self)


def _polygamma_(self, n):
    """In-place :func:`polygamma`."""
    return _recorded_inplace(self, lambda t: _polygamma_op(n, t, None, PolygammaBackward1))


_polygamma_method.__name__, _polygamma_.__name__ = "polygamma", "polygamma_"

# Tensor methods (name -> function taking self first) and in-place methods
_FUNCTIONS = (atan2, arctan2, hypot, lerp, addcmul, addcdiv, logaddexp, logaddexp2, xlogy, copysign, float_power,
              nextafter, ldexp, gcd, lcm, heaviside, fmax, fmin, mvlgamma)
METHODS = {f.__name__: _method(f) for f in _FUNCTIONS}
METHODS.update(polygamma=_polygamma_method)
INPLACE = {name + "_": _inplace_of(globals()[name])
           for name in ("atan2", "arctan2", "hypot", "lerp", "addcmul", "addcdiv", "xlogy", "copysign", "nextafter",
                        "ldexp", "gcd", "lcm", "heaviside")}
INPLACE.update(float_power_=_method(float_power_), polygamma_=_method(_polygamma_, "polygamma_", 0),
               mvlgamma_=_method(mvlgamma_, "mvlgamma_"))
