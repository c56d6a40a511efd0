"""Elementwise math functions of one tensor: exponentials, logarithms, trigonometry, rounding, predicates."""
import math

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, no_out, record, wants_grad
from ..autograd.inplace import rebase
from ..tensor import Tensor
from .common import _check_input, inplace, not_implemented, result

_f32 = np.float32
_REDUCED = (_dt.float16, _dt.bfloat16)
_bool = _dt.bool


def _special(name):
    """A ``scipy.special`` function, imported on first use (importing SciPy takes most of a second)."""
    def call(x):
        import scipy.special
        return getattr(scipy.special, name)(x)
    return call


_psi, _gammaln, _sp_i0 = _special("psi"), _special("gammaln"), _special("i0")
_erf, _erfc, _erfinv = _special("erf"), _special("erfc"), _special("erfinv")


def _float_input(input, name, kernel, complex_ok, out=None):
    """The array PyTorch's kernel computes on and the result dtype, for a function with floating results.

    Integer and bool inputs give the default float dtype; float16/bfloat16 are computed in float32 and
    rounded once when the result is stored.
    """
    _check_input(input, name)
    dtype = input._dtype
    kind = dtype._kind
    if kind < 2:
        dtype = _dt.get_default_dtype()
        return input._data.astype(dtype._np), dtype
    if kind == 3 and not complex_ok:
        if out is not None:
            _dt.check_cast(dtype, out._dtype)  # PyTorch checks out='s dtype before looking for a kernel
        raise not_implemented(kernel, dtype)
    if dtype in _REDUCED:
        return input._data.astype(_f32), dtype
    return input._data, dtype


class _Elementwise(Node):
    """Backward of an elementwise function: ``derivative(grad, input, result)`` (only the saved ones are set)."""
    derivative = None
    saves = "x"  # which of input (x) and result (r) the derivative reads

    def backward(self, grad):
        saved = dict(zip(self.saves, self.saved_tensors))
        return type(self).derivative(grad, saved.get("x"), saved.get("r")),


def _node(name, derivative, saves="x"):
    """The grad_fn class PyTorch names ``name`` for an elementwise function."""
    return type(name, (_Elementwise,), {"derivative": staticmethod(derivative), "saves": saves, "__slots__": ()})


def _recorded(node_class, input, r):
    """``r`` as the output of ``node_class`` applied to ``input``."""
    node = node_class()
    saved = {"x": input, "r": r}
    node.save(*(saved[k] for k in node_class.saves), outputs=(node_class.saves.index("r"),) if "r" in
              node_class.saves else ())
    return record(node, r, (input,))


def _floating(name, fn, complex_ok=True, kernel=None, complex_fn=None, reduced_fn=None):
    """``torch.name(input, *, out=None)`` for a function with floating (or complex) results."""
    kernel = kernel or f"{name}_vml_cpu"
    grad_node = _DERIVATIVES.get(name)

    def op(input, *, out=None):
        x, dtype = _float_input(input, name, kernel, complex_ok, out)
        with np.errstate(all="ignore"):
            if dtype._kind == 3 and complex_fn is not None:
                r = complex_fn(x)
            elif dtype in _REDUCED and reduced_fn is not None:
                r = reduced_fn(x)
            else:
                r = fn(x)
        r = np.asarray(r)
        if out is not None and dtype in _REDUCED:
            r = r.astype(dtype._np)  # rounded to the op's dtype before the copy into ``out``
        if input._requires_grad and wants_grad(input):
            no_out(name, out)
            return _recorded(grad_node, input, result(r, dtype, None, (input,)))
        return result(r, dtype, out, (input,))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` of ``input``; integer inputs give the default float dtype."
    return op


def _rsqrt(x):
    return np.reciprocal(np.sqrt(x))


def _sigmoid(x):
    return np.reciprocal(1 + np.exp(-x))


def _digamma(x):
    r = _psi(x)
    # PyTorch: -inf at +0, +inf at -0 (scipy agrees), nan at the negative integers
    return r


def _lgamma(x):
    r = np.asarray(_gammaln(x))
    r[np.isneginf(x)] = np.inf  # PyTorch's lgamma(-inf) is +inf
    return r


def _overflowing(x):
    """Where ``exp(|x|)`` overflows: PyTorch's float32/float64 sinh, cosh and i0 go through exp and are infinite
    there (its float16/bfloat16 kernels compute them in float32 with the plain functions)."""
    if x.dtype.kind != "f":
        return None
    return np.abs(x) > np.log(np.finfo(x.dtype).max)


def _sinh(x):
    r = np.asarray(np.sinh(x))
    big = _overflowing(x)
    if big is not None:
        np.copyto(r, np.copysign(np.inf, x), where=big)
    return r


def _cosh(x):
    r = np.asarray(np.cosh(x))
    big = _overflowing(x)
    if big is not None:
        np.copyto(r, np.inf, where=big)
    return r


def _i0(x):
    r = np.asarray(_sp_i0(x))
    big = _overflowing(x)
    if big is not None:
        np.copyto(r, np.inf, where=big)
    return r


def _sinc(x):
    return np.sinc(x)


def _c(t):
    """The conjugate a complex derivative takes (PyTorch's gradients are conjugate Wirtinger derivatives)."""
    return t.conj() if t._dtype._kind == 3 else t


_LN2, _LN10, _TWO_OVER_SQRT_PI = math.log(2.0), math.log(10.0), 2.0 / math.sqrt(math.pi)
_DERIVATIVES = {
    "exp": _node("ExpBackward0", lambda g, x, r: g * _c(r), "r"),
    "exp2": _node("Exp2Backward0", lambda g, x, r: g * _c(r) * _LN2, "r"),
    "expm1": _node("Expm1Backward0", lambda g, x, r: g * (_c(r) + 1), "r"),
    "log": _node("LogBackward0", lambda g, x, r: g / _c(x)),
    "log2": _node("Log2Backward0", lambda g, x, r: g / (_c(x) * _LN2)),
    "log10": _node("Log10Backward0", lambda g, x, r: g / (_c(x) * _LN10)),
    "log1p": _node("Log1PBackward0", lambda g, x, r: g / (_c(x) + 1)),
    "sqrt": _node("SqrtBackward0", lambda g, x, r: g / (2 * _c(r)), "r"),
    "rsqrt": _node("RsqrtBackward0", lambda g, x, r: -0.5 * g * _c(r * r * r), "r"),
    "sin": _node("SinBackward0", lambda g, x, r: g * _c(x.cos())),
    "cos": _node("CosBackward0", lambda g, x, r: g * -_c(x.sin())),
    "tan": _node("TanBackward0", lambda g, x, r: g * _c(r * r + 1), "r"),
    "asin": _node("AsinBackward0", lambda g, x, r: g * _c((1 - x * x).rsqrt())),
    "acos": _node("AcosBackward0", lambda g, x, r: g * -_c((1 - x * x).rsqrt())),
    "atan": _node("AtanBackward0", lambda g, x, r: g / _c(x * x + 1)),
    "sinh": _node("SinhBackward0", lambda g, x, r: g * _c(x.cosh())),
    "cosh": _node("CoshBackward0", lambda g, x, r: g * _c(x.sinh())),
    "tanh": _node("TanhBackward0", lambda g, x, r: g * _c(1 - r * r), "r"),
    "asinh": _node("AsinhBackward0", lambda g, x, r: g * _c((x * x + 1).rsqrt())),
    "acosh": _node("AcoshBackward0", lambda g, x, r: g * _c((x * x - 1).rsqrt())),
    "atanh": _node("AtanhBackward0", lambda g, x, r: g / _c(1 - x * x)),
    "sigmoid": _node("SigmoidBackward0", lambda g, x, r: g * _c((1 - r) * r), "r"),
    "erf": _node("ErfBackward0", lambda g, x, r: g * ((-x * x).exp() * _TWO_OVER_SQRT_PI)),
    "erfc": _node("ErfcBackward0", lambda g, x, r: g * ((-x * x).exp() * -_TWO_OVER_SQRT_PI)),
    "erfinv": _node("ErfinvBackward0", lambda g, x, r: g * ((r * r).exp() * (math.sqrt(math.pi) / 2)), "r"),
    "lgamma": _node("LgammaBackward0", lambda g, x, r: g * x.digamma()),
    "digamma": _node("DigammaBackward0", lambda g, x, r: g * _trigamma(x)),
    "i0": _node("I0Backward0", lambda g, x, r: g * _i1(x)),
    "sinc": _node("SincBackward0", lambda g, x, r: g * _c(_sinc_derivative(x, r)), "xr"),
}


def _trigamma(x):
    from .binary import polygamma
    return polygamma(1, x)


def _i1(x):
    from ..special import i1
    return i1(x)


def _sinc_derivative(x, r):
    """d/dx sin(pi x)/(pi x) = (cos(pi x) - sinc(x)) / x, and 0 at x = 0."""
    from .conditional import where
    pix = x * math.pi
    return where(x == 0, 0.0, (pix.cos() - r) / x)


exp = _floating("exp", np.exp)
exp2 = _floating("exp2", np.exp2, kernel="exp2")
expm1 = _floating("expm1", np.expm1)
log = _floating("log", np.log)
log2 = _floating("log2", np.log2)
log10 = _floating("log10", np.log10)
log1p = _floating("log1p", np.log1p)
sqrt = _floating("sqrt", np.sqrt)
rsqrt = _floating("rsqrt", _rsqrt)
sin = _floating("sin", np.sin)
cos = _floating("cos", np.cos)
tan = _floating("tan", np.tan)
asin = _floating("asin", np.arcsin)
acos = _floating("acos", np.arccos)
atan = _floating("atan", np.arctan)
sinh = _floating("sinh", _sinh, reduced_fn=np.sinh)
cosh = _floating("cosh", _cosh, reduced_fn=np.cosh)
tanh = _floating("tanh", np.tanh)
asinh = _floating("asinh", np.arcsinh)
acosh = _floating("acosh", np.arccosh)
atanh = _floating("atanh", np.arctanh)
sigmoid = _floating("sigmoid", _sigmoid)
erf = _floating("erf", _erf, False)
erfc = _floating("erfc", _erfc, False)
erfinv = _floating("erfinv", _erfinv, False)
lgamma = _floating("lgamma", _lgamma, False)
digamma = _floating("digamma", _digamma, False, kernel="digamma")
i0 = _floating("i0", _i0, False, reduced_fn=_sp_i0)
sinc = _floating("sinc", _sinc)
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh

# Functions registered as Tensor methods (name -> function) and as in-place methods (name_ -> method).
FUNCTIONS = {f.__name__: f for f in (exp, exp2, expm1, log, log2, log10, log1p, sqrt, rsqrt, sin, cos, tan, asin,
                                     acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, sigmoid, erf, erfc, erfinv,
                                     lgamma, digamma, i0, sinc)}
FUNCTIONS.update(arcsin=asin, arccos=acos, arctan=atan, arcsinh=asinh, arccosh=acosh, arctanh=atanh)


def _inplace_of(op):
    def method(self, *args, **kwargs):
        if self._requires_grad and wants_grad(self):
            return rebase(self, lambda old: op(old, *args, **kwargs))
        r = op(self, *args, **kwargs)
        return inplace(self, r._data, r._dtype)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place :func:`{op.__name__}`."
    return method


INPLACE = {name + "_": _inplace_of(f) for name, f in FUNCTIONS.items()}


# ---------------------------------------------------------------------------------------------
# Functions that keep integer dtypes, rounding, signs, predicates


def reciprocal(input, *, out=None):
    """``1 / input``; integer inputs give the default float dtype."""
    x, dtype = _float_input(input, "reciprocal", "reciprocal_cpu", True, out)
    with np.errstate(all="ignore"):
        r = np.true_divide(x.dtype.type(1), x)
    if wants_grad(input):
        no_out("reciprocal", out)
        return _recorded(ReciprocalBackward0, input, _store(r, dtype, None, input))
    return _store(r, dtype, out, input)


ReciprocalBackward0 = _node("ReciprocalBackward0", lambda g, x, r: -g * (r * r).conj(), "r")


def _zeros(grad):
    """The gradient of a piecewise-constant function."""
    from ..creation import zeros_like
    return zeros_like(grad)


def _with_history(name, node, input, r, out):
    """``r`` recorded as ``node``'s output when ``input`` requires grad (``out=`` refused then)."""
    if wants_grad(input):
        no_out(name, out)
        return _recorded(node, input, result(r, input._dtype, None, (input,)))
    return result(r, input._dtype, out, (input,))


def _store(r, dtype, out, input):
    r = np.asarray(r)
    if out is not None and dtype in _REDUCED:
        r = r.astype(dtype._np)
    return result(r, dtype, out, (input,))


def square(input, *, out=None):
    """``input * input`` as :func:`pow` with exponent 2 (bool gives int64)."""
    from .pointwise import pow
    _check_input(input, "square")
    if input._dtype is _bool:
        input = input.to(_dt.int64)
    if input._dtype._kind == 3:
        # PyTorch's complex square is the textbook product, each step rounded in the dtype
        x = input._data
        a, b = x.real, x.imag
        r = np.empty(x.shape, x.dtype)
        r.real = a * a - b * b
        r.imag = 2 * a * b
        if wants_grad(input):
            from .pointwise import PowBackward0
            no_out("square", out)
            node = PowBackward0(2)
            node.save(input)
            return record(node, result(r, input._dtype, None, (input,)), (input,))
        return result(r, input._dtype, out, (input,))
    return pow(input, 2, out=out)


def _angle_scale(name, factor):
    def op(input, *, out=None):
        _check_input(input, name)
        if input._dtype._kind == 3:
            raise RuntimeError(f"{name} is not supported for complex tensors.")
        x, dtype = _float_input(input, name, name, False, out)
        if wants_grad(input):
            no_out(name, out)
            return _recorded(node, input, _store(x * x.dtype.type(factor), dtype, None, input))
        return _store(x * x.dtype.type(factor), dtype, out, input)

    node = _node(_SCALE_NODES[name], lambda g, x, r: g * factor, "")

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``input`` converted by {name}; integer inputs give the default float dtype."
    return op


_SCALE_NODES = {"deg2rad": "Deg2RadBackward0", "rad2deg": "Rad2DegBackward0"}
deg2rad = _angle_scale("deg2rad", np.pi / 180)
rad2deg = _angle_scale("rad2deg", 180 / np.pi)


def logit(input, eps=None, *, out=None):
    """``log(p / (1 - p))``, with ``p`` clamped to ``[eps, 1 - eps]`` when ``eps`` is given."""
    x, dtype = _float_input(input, "logit", "logit_cpu", False, out)
    if eps is not None:
        x = np.clip(x, x.dtype.type(eps), x.dtype.type(1 - eps))
    with np.errstate(all="ignore"):
        r = np.log(x / (1 - x))
    if wants_grad(input):
        no_out("logit", out)
        node = LogitBackward0(eps)
        node.save(input)
        return record(node, _store(r, dtype, None, input), (input,))
    return _store(r, dtype, out, input)


class LogitBackward0(Node):
    """``grad / (x (1 - x))``; NaN outside [0, 1], or zero outside [eps, 1 - eps] when ``eps`` is given."""

    def __init__(self, eps):
        super().__init__()
        self.eps = eps

    def backward(self, grad):
        from .conditional import where
        (x,) = self.saved_tensors
        slope = grad / (x * (1 - x))
        if self.eps is None:
            return where((x < 0) | (x > 1), math.nan, slope),
        return where((x < self.eps) | (x > 1 - self.eps), 0.0, slope),


def _exact_out(out, dtype):
    """These kernels write ``out=`` only in their own result dtype."""
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Found dtype {out._dtype._legacy} but expected {dtype._legacy}")


def _rounding(name, fn):
    """ceil/floor/trunc: integer inputs come back unchanged (copied), bool and complex are refused."""
    def op(input, *, out=None):
        _check_input(input, name)
        dtype = input._dtype
        if dtype._kind == 3:
            raise NotImplementedError(f"{name} is not supported for complex inputs")
        _exact_out(out, dtype)
        if dtype is _bool:
            raise not_implemented(f"{name}_vml_cpu", dtype)
        if dtype._kind == 1:
            return result(input._data.copy(), dtype, out, (input,))
        return _with_history(name, node, input, np.asarray(fn(input._data)), out)

    node = _node(name.capitalize() + "Backward0", lambda g, x, r: _zeros(g), "")
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``; integer tensors are returned as copies."
    return op


ceil = _rounding("ceil", np.ceil)
floor = _rounding("floor", np.floor)
trunc = _rounding("trunc", np.trunc)
fix = trunc


def round(input, *, decimals=None, out=None):
    """Round half to even, to ``decimals`` decimal places (negative: to tens, hundreds...)."""
    _check_input(input, "round")
    dtype = input._dtype
    _exact_out(out, dtype)
    if not decimals:
        # with decimals= given (even 0) PyTorch's kernel has no integer pass-through
        if dtype is _bool or dtype._kind == 3 or dtype._kind == 1 and decimals is not None:
            raise not_implemented("round_vml_cpu", dtype)
        if dtype._kind == 1:
            return result(input._data.copy(), dtype, out, (input,))
        return _with_history("round", RoundBackward0, input, np.asarray(np.rint(input._data)), out)
    if dtype._kind != 2:
        raise not_implemented("round_cpu", dtype)
    x = input._data.astype(_f32) if dtype in _REDUCED else input._data
    with np.errstate(all="ignore"):
        if decimals > 0:
            scale = x.dtype.type(10.0 ** decimals)
            r = np.rint(x * scale) / scale
        else:
            scale = x.dtype.type(10.0 ** -decimals)
            r = np.rint(x / scale) * scale
    if wants_grad(input):
        no_out("round", out)
        return _recorded(RoundBackward1, input, _store(r, dtype, None, input))
    return _store(r, dtype, out, input)


RoundBackward0 = _node("RoundBackward0", lambda g, x, r: _zeros(g), "")
RoundBackward1 = _node("RoundBackward1", lambda g, x, r: _zeros(g), "")
FracBackward0 = _node("FracBackward0", lambda g, x, r: g, "")
SignBackward0 = _node("SignBackward0", lambda g, x, r: _zeros(g), "")
ReluBackward0 = _node("ReluBackward0", lambda g, x, r: _relu_grad(g, r), "r")


def _relu_grad(grad, r):
    """The gradient passes where relu's result is positive (zero at 0)."""
    from .conditional import where
    return where(r <= 0, 0.0, grad)


def _sgn_grad(grad, x, r):
    """Only the direction of a complex number moves ``x / |x|``: the radial part of ``grad`` is dropped."""
    if x._dtype._kind != 3:
        return _zeros(grad)
    from .conditional import where
    from .pointwise import abs, real
    magnitude = abs(x)
    return where(magnitude == 0, 0.0, (grad - r * real(r.conj() * grad)) / magnitude)


SgnBackward0 = _node("SgnBackward0", _sgn_grad, "xr")


def frac(input, *, out=None):
    """``input - trunc(input)`` for floating tensors."""
    _check_input(input, "frac")
    dtype = input._dtype
    _exact_out(out, dtype)
    if dtype._kind != 2:
        raise not_implemented("frac_cpu", dtype)
    x = input._data
    with np.errstate(all="ignore"):
        return _with_history("frac", FracBackward0, input, np.asarray(x - np.trunc(x)), out)


def sign(input, *, out=None):
    """-1, 0 or 1 by the sign of ``input`` (0 for NaN and -0.0); bool stays bool."""
    _check_input(input, "sign")
    dtype = input._dtype
    if dtype._kind == 3:
        raise NotImplementedError("Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
                                  "torch.sgn instead.")
    _exact_out(out, dtype)
    x = input._data
    if dtype is _bool:
        return result(x.copy(), dtype, out, (input,))
    r = (x > 0).astype(x.dtype)
    if dtype is not _dt.uint8:
        r -= (x < 0).astype(x.dtype)
    if dtype._kind == 2:
        return _with_history("sign", SignBackward0, input, r, out)
    return result(r, dtype, out, (input,))


def sgn(input, *, out=None):
    """:func:`sign` extended to complex numbers: ``input / |input|``, 0 at 0."""
    _check_input(input, "sgn")
    dtype = input._dtype
    if dtype._kind != 3:
        if dtype._kind == 2 and wants_grad(input):
            no_out("sgn", out)
            return _recorded(SgnBackward0, input, sign(input.detach()))
        return sign(input, out=out)
    _exact_out(out, dtype)
    x = input._data
    with np.errstate(all="ignore"):
        magnitude = np.abs(x)
        r = np.where(magnitude == 0, x.dtype.type(0), x / magnitude)
    return _with_history("sgn", SgnBackward0, input, r, out)


def signbit(input, *, out=None):
    """Whether the sign bit is set (true for -0.0)."""
    _check_input(input, "signbit")
    dtype = input._dtype
    if dtype._kind == 3:
        raise NotImplementedError("signbit is not implemented for complex tensors.")
    if out is not None and out._dtype is not _bool:
        raise RuntimeError("signbit does not support non-boolean outputs.")
    x = input._data
    r = np.signbit(x.astype(_f32) if dtype is _dt.bfloat16 else x) if dtype._kind == 2 else x < 0
    return result(np.asarray(r), _bool, out, (input,))


def _predicate(name, fn, complex_error=False):
    """A bool-valued test of each element; integer and bool elements are always finite."""
    def op(input, *, out=None):
        return _test(input, out)

    def test(input):
        return _test(input, None)

    def _test(input, out):
        _check_input(input, name)
        dtype = input._dtype
        if complex_error and dtype._kind == 3:
            raise RuntimeError(f"{name} does not support complex inputs.")
        if out is not None and out._dtype is not _bool:
            raise RuntimeError(f"{name} does not support non-boolean outputs.")
        x = input._data
        if dtype is _dt.bfloat16:
            x = x.astype(_f32)
        r = np.asarray(fn(x)) if dtype._kind >= 2 else np.full(x.shape, name == "isfinite")
        return result(r, _bool, out, (input,))

    if not complex_error:  # isnan, isinf and isfinite take no out=
        op = test
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` as a bool tensor."
    return op


isnan = _predicate("isnan", np.isnan)
isinf = _predicate("isinf", np.isinf)
isfinite = _predicate("isfinite", np.isfinite)
isposinf = _predicate("isposinf", np.isposinf, True)
isneginf = _predicate("isneginf", np.isneginf, True)


def isreal(input):
    """Whether each element has a zero imaginary part (always true for real dtypes)."""
    _check_input(input, "isreal")
    x = input._data
    r = x.imag == 0 if input._dtype._kind == 3 else np.ones(x.shape, bool)
    return result(np.asarray(r), _bool, None, (input,))


def logical_not(input, *, out=None):
    """``input == 0`` as bool (or as ``out``'s dtype)."""
    _check_input(input, "logical_not")
    x = input._data
    if input._dtype is _dt.bfloat16:
        x = x.astype(_f32)
    r = np.asarray(np.logical_not(x))
    if out is not None:
        from .common import write_out
        return write_out(out, r, out._dtype)
    return result(r, _bool, None, (input,))


def relu(input):
    """``max(input, 0)``, keeping NaN and -0.0."""
    _check_input(input, "relu")
    dtype = input._dtype
    if dtype is _bool:
        raise RuntimeError("Boolean inputs not supported for relu")
    if dtype._kind == 3:
        raise NotImplementedError("clamp is not supported for complex types")
    x = input._data
    return _with_history("relu", ReluBackward0, input, np.where(x < 0, x.dtype.type(0), x), None)


FUNCTIONS.update({f.__name__: f for f in (reciprocal, square, deg2rad, rad2deg, logit, ceil, floor, trunc, round, frac,
                                          sign, sgn, signbit, isnan, isinf, isfinite, isposinf, isneginf, isreal,
                                          logical_not, relu)})
FUNCTIONS["fix"] = trunc
INPLACE.update({name + "_": _inplace_of(FUNCTIONS[name])
                for name in ("reciprocal", "square", "deg2rad", "rad2deg", "logit", "ceil", "floor", "trunc", "fix",
                             "round", "frac", "sign", "sgn", "logical_not", "relu")})
