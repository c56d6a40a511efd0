"""Elementwise math functions of one tensor: exponentials, logarithms, trigonometry, rounding, predicates."""
import numpy as np
import scipy.special as _sp

from .. import dtypes as _dt
from ..tensor import Tensor
from .common import _check_input, inplace, not_implemented, result

_f32 = np.float32
_REDUCED = (_dt.float16, _dt.bfloat16)
_bool = _dt.bool


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


def _floating(name, fn, complex_ok=True, kernel=None, complex_fn=None, reduced_fn=None):
    """``torch.name(input, *, out=None)`` for a function with floating (or complex) results."""
    kernel = kernel or f"{name}_vml_cpu"

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
        return result(r, dtype, out, (input,))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` of ``input``; integer inputs give the default float dtype."
    return op


def _rsqrt(x):
    return np.reciprocal(np.sqrt(x))


def _sigmoid(x):
    return np.reciprocal(1 + np.exp(-x))


def _digamma(x):
    r = _sp.psi(x)
    # PyTorch: -inf at +0, +inf at -0 (scipy agrees), nan at the negative integers
    return r


def _lgamma(x):
    r = _sp.gammaln(x)
    r[np.isneginf(x)] = np.inf  # PyTorch's lgamma(-inf) is +inf
    return r


def _overflowing(x):
    """Where ``exp(|x|)`` overflows: PyTorch's float32/float64 sinh, cosh and i0 go through exp and are infinite
    there (its float16/bfloat16 kernels compute them in float32 with the plain functions)."""
    if x.dtype.kind != "f":
        return None
    return np.abs(x) > np.log(np.finfo(x.dtype).max)


def _sinh(x):
    r = np.sinh(x)
    big = _overflowing(x)
    if big is not None:
        np.copyto(r, np.copysign(np.inf, x), where=big)
    return r


def _cosh(x):
    r = np.cosh(x)
    big = _overflowing(x)
    if big is not None:
        np.copyto(r, np.inf, where=big)
    return r


def _i0(x):
    r = _sp.i0(x)
    big = _overflowing(x)
    if big is not None:
        np.copyto(r, np.inf, where=big)
    return r


def _sinc(x):
    return np.sinc(x)


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
erf = _floating("erf", _sp.erf, False)
erfc = _floating("erfc", _sp.erfc, False)
erfinv = _floating("erfinv", _sp.erfinv, False)
lgamma = _floating("lgamma", _lgamma, False)
digamma = _floating("digamma", _digamma, False, kernel="digamma")
i0 = _floating("i0", _i0, False, reduced_fn=_sp.i0)
sinc = _floating("sinc", _sinc)
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh

# Functions registered as Tensor methods (name -> function) and as in-place methods (name_ -> method).
FUNCTIONS = {f.__name__: f for f in (exp, exp2, expm1, log, log2, log10, log1p, sqrt, rsqrt, sin, cos, tan, asin,
                                     acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, sigmoid, erf, erfc, erfinv,
                                     lgamma, digamma, i0, sinc)}
FUNCTIONS.update(arcsin=asin, arccos=acos, arctan=atan, arcsinh=asinh, arccosh=acosh, arctanh=atanh)


def _inplace_of(op):
    def method(self, *args, **kwargs):
        r = op(self, *args, **kwargs)
        return inplace(self, r._data, r._dtype)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place :func:`{op.__name__}`."
    return method


INPLACE = {name + "_": _inplace_of(f) for name, f in FUNCTIONS.items()}
