"""Gradients of the order statistics (median, nanmedian, mode, quantile, nanquantile) against PyTorch: values,
grad_fn names, ties and NaN, layouts, dims and keepdim, interpolation modes, out= and no_grad."""
import numpy as np
import pytest

from oracle import LAYOUTS, check, make, sample

TIES = np.array([[2.0, 1.0, 2.0, 3.0], [1.0, 1.0, 0.5, 1.0], [4.0, -1.0, 4.0, -1.0]])
NAN = np.array([[2.0, np.nan, 1.0, 3.0], [1.0, 0.5, 2.0, 1.0], [np.nan, np.nan, 0.0, 1.0]])


def grad_of(T, x, y, seed=3):
    """Backward of ``y`` with a fixed gradient of mixed signs; returns (y, x.grad, grad_fn name)."""
    weights = sample(tuple(y.shape), "float64", seed, -2, 2)
    y.backward(make(T, weights, "float64").to(y.dtype))
    return y, x.grad, type(y.grad_fn).__name__


def leaf(T, layout, values, dtype):
    return layout(T, values, dtype).detach().requires_grad_()


@pytest.mark.parametrize("name", ["median", "nanmedian"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("values", [sample((), "float64", 1), sample((5,), "float64", 1), sample((3, 4), "float64", 2),
                                    TIES, NAN, np.zeros((0, 3)), np.full((2, 2), np.nan)])
def test_median_all(name, dtype, values):
    for layout in LAYOUTS[:2]:
        def fn(T):
            x = leaf(T, layout, values.astype(dtype), dtype)
            return grad_of(T, x, getattr(T, name)(x))
        check(fn)


@pytest.mark.parametrize("name", ["median", "nanmedian", "mode"])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("values", [sample((3, 4), "float64", 4), TIES, NAN])
def test_along_dim(name, dim, keepdim, values):
    for layout in LAYOUTS:
        def fn(T):
            x = leaf(T, layout, values, "float32")
            pair = getattr(T, name)(x, dim, keepdim)
            return grad_of(T, x, pair.values) + (pair.indices,)
        check(fn)


@pytest.mark.parametrize("name", ["median", "nanmedian", "mode"])
def test_along_dim_small_shapes(name):
    for values, dim in ((sample((), "float64", 5), 0), (sample((5,), "float64", 5), 0), (sample((2, 3, 4), "float64", 6),
                                                                                        1)):
        def fn(T):
            x = leaf(T, LAYOUTS[0], values, "float64")
            return grad_of(T, x, getattr(T, name)(x, dim).values)
        check(fn)


def test_second_derivative_through_selection():
    values = sample((3, 4), "float64", 7)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = x.median(1).values * x.mode(1).values + x.nanmedian() * x.median()
        (g,) = T.autograd.grad((y * y).sum(), x, create_graph=True)
        (h,) = T.autograd.grad(g.sum(), x)
        return g, h
    check(fn)


@pytest.mark.parametrize("name", ["median", "nanmedian", "mode"])
def test_out_refused(name):
    def fn(T):
        x = T.ones(2, 3, requires_grad=True)
        return getattr(T, name)(x, 1, out=(T.empty(2), T.empty(2, dtype=T.int64)))
    check(fn, match_message=True)


def test_no_grad_records_nothing():
    def fn(T):
        x = T.ones(2, 3, requires_grad=True)
        with T.no_grad():
            ys = [x.median(), x.median(1)[0], x.nanmedian(0)[0], x.mode(1)[0], x.quantile(0.5), x.nanquantile(0.2, 1)]
        return [(y.requires_grad, y.grad_fn) for y in ys]
    check(fn)


MODES = ["linear", "lower", "higher", "midpoint", "nearest"]
QS = [0.3, 0.5, "t0", "t1"]


def q_arg(T, q, dtype):
    if q == "t0":
        return T.tensor(0.75, dtype=getattr(T, dtype))
    if q == "t1":
        return T.tensor([0.0, 0.25, 0.4, 0.25, 1.0], dtype=getattr(T, dtype))
    return q


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", MODES)
@pytest.mark.parametrize("q", QS)
def test_quantile(name, interpolation, q):
    for dim, keepdim, layout in ((None, False, LAYOUTS[0]), (1, False, LAYOUTS[1]), (0, True, LAYOUTS[2]),
                                 (None, True, LAYOUTS[1])):
        def fn(T):
            x = leaf(T, layout, TIES, "float64")
            y = getattr(T, name)(x, q_arg(T, q, "float64"), dim, keepdim, interpolation=interpolation)
            return grad_of(T, x, y)
        check(fn)


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", ["linear", "nearest"])
def test_quantile_nan_and_shapes(name, interpolation):
    cases = [(NAN[1:], 1), (np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, np.nan]]), 1), (NAN[1:], None),
             (sample((), "float64", 8), None), (sample((), "float64", 8), 0), (sample((5,), "float32", 8), 0),
             (sample((2, 3, 4), "float32", 9), -2)]
    for values, dim in cases:
        dtype = values.dtype.name

        def fn(T):
            x = leaf(T, LAYOUTS[0], values, dtype)
            y = getattr(T, name)(x, q_arg(T, "t1", dtype), dim, interpolation=interpolation)
            return grad_of(T, x, y)
        check(fn)


def test_quantile_out():
    def fn(T):
        x = T.tensor([1.0, 3.0, 2.0], requires_grad=True)
        out = T.empty(())
        y = T.quantile(x, 0.4, out=out)
        return grad_of(T, x, y) + (out.grad_fn is y.grad_fn,)
    check(fn)


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", ["linear", "midpoint", "lower"])
def test_quantile_q_gradient(name, interpolation):
    """A q that requires grad gets one through the linear weights only (other modes leave the result constant)."""
    for values, q, dim in ((TIES, [0.1, 0.5, 0.9], 1), (NAN, [0.3, 0.8], 1), (NAN, 0.4, None), (TIES, 0.7, 0)):
        for input_grad in (False, True):
            def fn(T):
                x = T.tensor(values, requires_grad=input_grad)
                qt = T.tensor(q, dtype=T.float64, requires_grad=True)
                y = getattr(T, name)(x, qt, dim, interpolation=interpolation)
                if not y.requires_grad:
                    return y, y.grad_fn
                y.backward(make(T, sample(tuple(y.shape), "float64", 4, -2, 2), "float64"))
                return y, qt.grad, x.grad, type(y.grad_fn).__name__
            check(fn)


@pytest.mark.parametrize("interpolation", ["linear", "midpoint", "nearest"])
@pytest.mark.parametrize("q,dim", [(0.3, 1), ("t1", 0), ("t1", None), (0.6, None)])
@pytest.mark.parametrize("values", [TIES, sample((2, 3, 4), "float64", 12), sample((5,), "float64", 13),
                                    sample((), "float64", 14)])
def test_quantile_second_derivative(interpolation, q, dim, values):
    if dim is not None and dim >= np.ndim(values) > 0:
        dim = -1
    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = T.quantile(x, q_arg(T, q, "float64"), dim, interpolation=interpolation)
        (g,) = T.autograd.grad((y * y).sum(), x, create_graph=True)
        (h,) = T.autograd.grad((g * g).sum(), x)
        return g, h, type(g.grad_fn).__name__
    check(fn)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision(dtype):
    values = sample((3, 4), dtype, 1, -1.5, 1.5)
    picks = [lambda x: x.median(), lambda x: x.nanmedian(0).values, lambda x: x.mode(1).values,
             lambda x: x.quantile(0.25, 1)]  # quantile refuses these dtypes, as PyTorch does
    for pick in picks:
        def fn(T):
            x = make(T, values, dtype).requires_grad_()
            y = pick(x)
            y.backward(T.ones_like(y) * 0.75)
            return y, x.grad, type(y.grad_fn).__name__
        check(fn)
