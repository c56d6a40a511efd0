"""Gradients of the scans (cumsum, cumprod, cummax, cummin, logcumsumexp), diff and trace against PyTorch: values,
grad_fn names, zeros and ties, layouts, second derivatives, in-place forms and out= refusals."""
import numpy as np
import pytest

from oracle import LAYOUTS, check, make, sample

SCANS = ["cumsum", "cumprod", "logcumsumexp"]


def grad_of(T, x, y, seed=3):
    """Backward of ``y`` with a fixed gradient of mixed signs; returns (y, x.grad, grad_fn name)."""
    weights = sample(tuple(y.shape), "float64", seed, -2, 2)
    y.backward(make(T, weights, "float64").to(y.dtype))
    return y, x.grad, type(y.grad_fn).__name__


def leaf(T, layout, values, dtype):
    return layout(T, values, dtype).detach().requires_grad_()


@pytest.mark.parametrize("name", SCANS + ["cummax", "cummin"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape,dim", [((), 0), ((5,), 0), ((3, 4), 0), ((3, 4), 1), ((3, 4), -1), ((2, 0), 1),
                                       ((2, 3, 4), 1)])
def test_first_derivative(name, dtype, shape, dim):
    values = sample(shape, dtype, 1, -1.5, 1.5)
    for layout in LAYOUTS:
        def fn(T):
            x = leaf(T, layout, values, dtype)
            y = getattr(T, name)(x, dim)
            return grad_of(T, x, y[0] if name in ("cummax", "cummin") else y)
        check(fn, ulps=16)


def with_zeros_and_ties(dtype):
    """Rows with no zero, one zero, two zeros, a zero first, and repeated values."""
    return np.array([[1.5, -2.0, 0.5, 3.0, -1.0], [2.0, 0.0, 3.0, -0.5, 2.0], [0.0, 2.0, 0.0, 1.5, 4.0],
                     [-1.0, 3.0, 3.0, 0.0, 3.0], [2.0, 2.0, 2.0, 2.0, 0.0]], dtype=dtype)


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "cummax", "cummin"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("dim", [0, 1])
def test_zeros_and_ties(name, dtype, dim):
    values = with_zeros_and_ties(dtype)

    def fn(T):
        x = leaf(T, LAYOUTS[dim], values, dtype)
        y = getattr(T, name)(x, dim)
        return grad_of(T, x, y[0] if name in ("cummax", "cummin") else y)
    check(fn, ulps=16)


def test_running_extremes_with_nan():
    values = np.array([[1.0, np.nan, 2.0, 0.5], [3.0, 3.0, np.nan, 4.0]])
    for name in ("cummax", "cummin"):
        def fn(T):
            x = leaf(T, LAYOUTS[0], values, "float64")
            return grad_of(T, x, getattr(T, name)(x, 1).values)
        check(fn)


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "logcumsumexp"])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex(name, dtype):
    values = sample((3, 4), dtype, 2, -1.0, 1.0)
    if name == "cumprod":
        values[1, 2] = 0

    def fn(T):
        x = leaf(T, LAYOUTS[1], values, dtype)
        y = getattr(T, name)(x, 1)
        weights = sample((3, 4), dtype, 5, -1.0, 1.0)
        y.backward(make(T, weights, dtype))
        return y, x.grad, type(y.grad_fn).__name__
    check(fn, ulps=64)


@pytest.mark.parametrize("name", SCANS + ["trace", "cummax"])
@pytest.mark.parametrize("zeros", [False, True])
def test_second_derivative(name, zeros):
    values = sample((3, 4), "float64", 4, -1.5, 1.5)
    if zeros:
        values[1, 1] = values[2, 0] = values[2, 3] = 0

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = x.trace() if name == "trace" else getattr(T, name)(x, 1)
        y = y[0] if name == "cummax" else y
        f = (y * y * x).sum()  # so that the gradient depends on x
        (g,) = T.autograd.grad(f, x, create_graph=True)
        (h,) = T.autograd.grad((g * g).sum(), x)
        return g, h, type(g.grad_fn).__name__
    check(fn, ulps=64)


def test_second_derivative_through_grad():
    """The incoming gradient itself requires grad: the formulas are recorded in it too."""
    values = sample((4,), "float64", 6, 0.5, 1.5)
    for name in ("cumsum", "cumprod", "logcumsumexp", "cummin"):
        def fn(T):
            x = T.tensor(values, requires_grad=True)
            v = T.tensor([0.5, -1.0, 2.0, 1.5], dtype=T.float64, requires_grad=True)
            y = getattr(T, name)(x, 0)
            y = y[0] if name == "cummin" else y
            (g,) = T.autograd.grad(y, x, v, create_graph=True)
            (h,) = T.autograd.grad(g.sum(), v)
            return g, h, type(g.grad_fn).__name__
        check(fn, ulps=16)


def test_cumsum_dtype_argument():
    values = sample((2, 3), "float32", 7)

    def fn(T):
        x = leaf(T, LAYOUTS[0], values, "float32")
        return grad_of(T, x, x.cumsum(1, dtype=T.float64))
    check(fn)
    check(lambda T: T.ones(2, requires_grad=True).cumsum(0, dtype=T.int64), match_message=True)


def test_trace_second_derivative_through_grad():
    def fn(T):
        x = T.tensor([[1.0, 2.0, 0.5], [0.3, 1.0, 2.0]], dtype=T.float64, requires_grad=True)
        v = T.tensor(2.0, dtype=T.float64, requires_grad=True)
        (g,) = T.autograd.grad(x.trace(), x, v, create_graph=True)
        (h,) = T.autograd.grad((g * g).sum(), v)
        return g, h, type(g.grad_fn).__name__
    check(fn)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_inplace(name):
    values = sample((3, 4), "float64", 8, -2, 2)
    values[0, 2] = 0

    def fn(T):
        x = leaf(T, LAYOUTS[0], values, "float64")
        y = x * 2
        getattr(y, name + "_")(1)
        z = (x + 1)[1:]  # on a view: the base records CopySlices
        getattr(z, name + "_")(0)
        return grad_of(T, x, y * 1) + (type(z.grad_fn).__name__,)
    check(fn, ulps=16)
    check(lambda T: getattr(T.ones(2, requires_grad=True), name + "_")(0), match_message=True)


@pytest.mark.parametrize("name", SCANS + ["cummax"])
def test_out_refused(name):
    def fn(T):
        x = T.ones(2, 3, requires_grad=True)
        out = (T.empty(2, 3), T.empty(2, 3, dtype=T.int64)) if name == "cummax" else T.empty(2, 3)
        return getattr(T, name)(x, 1, out=out)
    check(fn, match_message=True)


def test_no_grad_records_nothing():
    def fn(T):
        x = T.ones(2, 3, requires_grad=True)
        with T.no_grad():
            ys = [x.cumsum(1), x.cumprod(0), x.cummax(1)[0], x.logcumsumexp(1), x.trace(), T.diff(x)]
        return [(y.requires_grad, y.grad_fn) for y in ys]
    check(fn)


@pytest.mark.parametrize("kwargs", [{}, {"n": 2}, {"dim": 0}, {"n": 0}, {"n": 5}, {"prepend": "p", "append": "a"},
                                    {"n": 2, "prepend": "p"}, {"n": 0, "append": "a"}])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff(kwargs, layout):
    values = sample((3, 4), "float32", 9)
    edge = sample((3, 2), "float32", 10)

    def fn(T):
        x = leaf(T, layout, values, "float32")
        extra = make(T, edge, "float32").requires_grad_()
        args = {k: extra if v in ("p", "a") else v for k, v in kwargs.items()}
        y = T.diff(x, **args)
        return grad_of(T, x, y) + (y.stride(), extra.grad)
    check(fn)


def test_diff_out_refused():
    check(lambda T: T.diff(T.ones(2, 3, requires_grad=True), out=T.empty(2, 2)), match_message=True)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 2), (1, 1), (0, 3)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_trace(shape, dtype):
    values = sample(shape, dtype, 11)
    for layout in LAYOUTS[:2]:
        def fn(T):
            x = leaf(T, layout, values, dtype)
            y = x.trace()
            y.backward(make(T, -1.5, dtype))
            return y, x.grad, type(y.grad_fn).__name__
        check(fn)


@pytest.mark.parametrize("name", SCANS + ["cummax", "trace"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision(name, dtype):
    values = sample((3, 4), dtype, 1, -1.5, 1.5)

    def fn(T):
        x = leaf(T, LAYOUTS[1], values, dtype)
        y = x.trace() if name == "trace" else getattr(T, name)(x, 1)
        y = y[0] if name == "cummax" else y
        y.backward(make(T, sample(tuple(y.shape), dtype, 2, -1.5, 1.5), dtype))
        return y, x.grad, type(y.grad_fn).__name__
    check(fn, ulps=8)
