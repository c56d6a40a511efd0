"""Gradients of the elementwise functions against PyTorch: first derivatives over dtypes and layouts, second
derivatives where the derivative is itself built from differentiable ops, and the grad_fn names."""
import pytest

from oracle import LAYOUTS, check, sample

POSITIVE = {"log", "log2", "log10", "sqrt", "rsqrt", "lgamma", "digamma", "acosh"}
INSIDE_ONE = {"asin", "acos", "atanh", "erfinv"}
REAL_ONLY = {"erf", "erfc", "erfinv", "lgamma", "digamma", "i0"}
NAMES = ["exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos",
         "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sigmoid", "erf", "erfc", "erfinv", "lgamma",
         "digamma", "i0", "sinc", "arcsin", "arctanh"]
SECOND = ["exp", "exp2", "expm1", "log", "log2", "log1p", "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan",
          "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sigmoid", "erf", "erfc", "erfinv"]


def data(name, shape, dtype, seed=0):
    low, high = (1.1, 3.0) if name in POSITIVE else (-0.9, 0.9) if name in INSIDE_ONE else (-2.0, 2.0)
    return sample(shape, dtype, seed, low, high)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_first_derivative(name, dtype):
    if dtype == "complex128" and name in REAL_ONLY:
        return
    values = data(name, (2, 3), dtype)
    for layout in LAYOUTS:
        def fn(T):
            x = layout(T, values, dtype).detach().requires_grad_()
            y = getattr(T, name)(x)
            y.backward(T.ones_like(y) * 0.5)
            return y, x.grad, type(y.grad_fn).__name__
        check(fn, ulps=64)


@pytest.mark.parametrize("name", SECOND)
def test_second_derivative(name):
    values = data(name, (4,), "float64", seed=1)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        (g,) = T.autograd.grad(getattr(T, name)(x), x, T.ones(4), create_graph=True)
        (h,) = T.autograd.grad(g, x, T.ones(4))
        return g, h
    check(fn, ulps=64)


def test_out_refused_when_recording():
    check(lambda T: T.exp(T.ones(2, requires_grad=True), out=T.empty(2)), match_message=True)
    check(lambda T: T.exp(T.ones(2, requires_grad=True), out=T.empty(2, requires_grad=True)), match_message=True)
