"""The remaining reductions against PyTorch: nansum/nanmean, std/var(_mean), aminmax, all/any, logsumexp,
softmax/log_softmax and norm."""
import math
import warnings

import pytest

from oracle import DTYPE_NAMES, FLOAT_DTYPES, LAYOUTS, check, make, sample

SHAPES = [(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4)]
DIMS = [None, 0, -1, 1, (0, -1), [1, 0], ()]
NAN, INF = math.nan, math.inf


def values(T, shape, dtype, layout=LAYOUTS[0], seed=0, signed=False):
    """Sample values; floating ones positive, so that summation order changes results by an ulp at most (signed
    ones centred on zero, for variances: PyTorch's one-pass Welford loses digits to a large mean)."""
    low = 0 if dtype in FLOAT_DTYPES and not signed or "complex" in dtype else -5
    return layout(T, sample(shape, dtype, seed, low=low), dtype)


def dims_for(shape, dims=DIMS):
    ndim = max(len(shape), 1)
    return [d for d in dims if d is None or all(-ndim <= x < ndim for x in ([d] if isinstance(d, int) else d))]


def layouts_for(shape):
    """Every layout for the 3-d shape, the contiguous one for the rest (keeps the tables quick)."""
    return LAYOUTS if len(shape) == 3 else LAYOUTS[:1]


def with_nans(T, dtype):
    return make(T, [[1.5, NAN, 3.0, 0.25], [NAN, NAN, NAN, NAN], [2.0, -1.0, NAN, 4.0]], dtype)


# ---------------------------------------------------------------------------------------------
# dim-reductions: one table, each op over dtypes x shapes x layouts x dims x keepdim

REDUCTIONS = {
    "nansum": lambda T, x, d, k: x.nansum() if d is None else T.nansum(x, d, k),
    "nanmean": lambda T, x, d, k: T.nanmean(x) if d is None else x.nanmean(d, keepdim=k),
    "std": lambda T, x, d, k: T.std(x) if d is None else T.std(x, d, keepdim=k),
    "var": lambda T, x, d, k: x.var(d, keepdim=k, correction=0),
    "std_mean": lambda T, x, d, k: T.std_mean(x, d, keepdim=k),
    "var_mean": lambda T, x, d, k: T.var_mean(x, dim=d, unbiased=False, keepdim=k),
    "all": lambda T, x, d, k: x.all() if d is None else T.all(x, d, k),
    "any": lambda T, x, d, k: T.any(x, dim=d, keepdim=k),
    "logsumexp": lambda T, x, d, k: T.logsumexp(x, 0 if d is None else d, k),
    "aminmax": lambda T, x, d, k: T.aminmax(x, dim=d, keepdim=k),
    "norm": lambda T, x, d, k: T.norm(x, dim=d, keepdim=k),
}


MOMENTS = ("std", "var", "std_mean", "var_mean")


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_reductions(name, dtype):
    f = REDUCTIONS[name]
    for shape in SHAPES:
        for layout in layouts_for(shape):
            for i, d in enumerate(dims_for(shape, (None, -1) if name == "aminmax" else DIMS)):
                for keepdim in (False, True) if len(shape) == 3 else (i % 2 == 1,):
                    check(lambda T: f(T, values(T, shape, dtype, layout, signed=name in MOMENTS), d, keepdim),
                          ulps=8, match_message=True)


# PyTorch's mean from var_mean is order-dependent with infinities (Welford), so only NaNs are tried there
@pytest.mark.parametrize("name", ["nansum", "nanmean", "std", "var_mean", "all", "any", "logsumexp", "aminmax",
                                  "norm"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_nan_and_inf(name, dtype):
    f = REDUCTIONS[name]
    for d in (None, 0, 1, (0, 1)):
        check(lambda T: f(T, with_nans(T, dtype), d, False), ulps=8)
    if name != "var_mean":
        check(lambda T: f(T, make(T, [[INF, INF, 1.0], [-INF, -INF, 2.0], [INF, -INF, 0.0]], dtype), 1, True), ulps=8)


# ---------------------------------------------------------------------------------------------
# std and var: the three overloads, correction, empty and single-element inputs

X = [[0.5, 1.0, 4.0], [2.0, -3.0, 0.25]]


@pytest.mark.parametrize("fn", [
    lambda T: T.std(T.tensor(X), 0),
    lambda T: T.std(T.tensor(X), 0, True),
    lambda T: T.std(T.tensor(X), 0, False, True),
    lambda T: T.std(T.tensor(X), dim=1, unbiased=False),
    lambda T: T.std(T.tensor(X), correction=0),
    lambda T: T.var(T.tensor(X), correction=2),
    lambda T: T.var(T.tensor(X), 1, correction=3),
    lambda T: T.var(T.tensor(X), 1, correction=5),
    lambda T: T.var(T.tensor(X), correction=-1),
    lambda T: T.var(T.tensor(X), correction=0.5),
    lambda T: T.var(T.tensor(X), correction=True),
    lambda T: T.var(T.tensor(X), 1, correction=T.tensor(1)),
    lambda T: T.var(T.tensor(X), correction=None),
    lambda T: T.std(T.tensor(X), True),
    lambda T: T.std(T.tensor(X), False),
    lambda T: T.std(T.tensor(X), None, True, True),
    lambda T: T.tensor(X).std(unbiased=False),
    lambda T: T.tensor(X).var((0, 1), correction=1, keepdim=True),
    lambda T: T.tensor(X).std(0, True, True),
    lambda T: T.var_mean(T.tensor(X), False),
    lambda T: T.std_mean(T.tensor(X), 0, True, True),
    lambda T: T.std_mean(T.tensor([1 + 1j, 2, -1j])),
    lambda T: T.var_mean(T.tensor([[1 + 1j, 2], [3j, 1]], dtype=T.complex128), 1, keepdim=True),
    lambda T: T.std(T.tensor([1.0])),
    lambda T: T.var(T.tensor([])),
    lambda T: T.var(T.zeros(0, 3), 0),
    lambda T: T.var(T.zeros(0, 3), 1),
    lambda T: T.std_mean(T.zeros(0)),
    lambda T: T.std(T.tensor(5.0), 0),
    lambda T: T.std(T.tensor(5.0), correction=0),
    lambda T: T.var(T.tensor([INF, 1.0])),
    lambda T: T.std(T.tensor(X), 0, out=T.empty(3, dtype=T.float64)),
    lambda T: T.var(T.tensor(X), 0, keepdim=True, out=T.empty(0, dtype=T.float16)),
    lambda T: T.var(T.tensor([1 + 1j, 2]), 0, out=T.empty(0, dtype=T.complex64)),
    lambda T: T.var(T.tensor([1 + 1j, 2]), 0, out=T.empty(0, dtype=T.float64)),
])
def test_std_var(fn):
    check(fn, ulps=8, match_message=True)


def caught(fn):
    """What ``fn`` warns: the categories and the first words of each message (PyTorch's end with a C++ line)."""
    def run(T):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            fn(T)
        return [(w.category.__name__, str(w.message)[:40]) for w in seen]
    return run


@pytest.mark.parametrize("fn", [
    lambda T: T.std(T.tensor([1.0])), lambda T: T.var_mean(T.zeros(0, 3), 0), lambda T: T.tensor(X).std(0),
    lambda T: T.var(T.tensor(X), correction=6), lambda T: T.std(T.tensor([1.0, NAN, INF])),
])
def test_std_var_warnings(fn):
    """Too few degrees of freedom warn once, as PyTorch does; NumPy's own warnings stay inside."""
    check(caught(fn))


@pytest.mark.parametrize("fn", [
    lambda T: T.std(T.arange(6)),
    lambda T: T.var(T.tensor([True])),
    lambda T: T.var(T.tensor(X), 2),
    lambda T: T.var(T.tensor(X), (0, 0)),
    lambda T: T.std(T.tensor(X), 0, out=T.empty(3, dtype=T.int64)),
    lambda T: T.std(T.tensor(X), 0, out=T.empty(3, dtype=T.complex64)),
    lambda T: T.var(T.tensor(X), correction=1 + 1j),
])
def test_std_var_errors(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.std(T.tensor(X), dim=0, unbiased=True, correction=1),
    lambda T: T.std(T.tensor(X), dtype=T.float64),
    lambda T: T.var(T.tensor(X), 0, unbiased=None),
    lambda T: T.var(T.tensor(X), dim=0, unbiased=0),
    lambda T: T.std(T.tensor(X), True, keepdim=True),
    lambda T: T.var(T.tensor(X), 0, True, True, correction=1),
    lambda T: T.var(T.tensor(X), 0.5),
    lambda T: T.var(T.tensor(X), correction="a"),
    lambda T: T.std_mean(T.tensor(X), 0, out=None),
])
def test_std_var_argument_errors(fn):
    """PyTorch's parser lists every overload it tried; the class is what matters."""
    check(fn)


# ---------------------------------------------------------------------------------------------
# nansum, nanmean: dtype= and out=


@pytest.mark.parametrize("source", ["bool", "uint8", "int32", "int64", "float16", "bfloat16", "float32", "float64",
                                    "complex64"])
@pytest.mark.parametrize("op", ["nansum", "nanmean"])
def test_nan_reductions_dtype_and_out(source, op):
    for target in ("int32", "int64", "float16", "float32", "float64", "complex64"):
        check(lambda T: getattr(T, op)(values(T, (2, 3), source), 1, dtype=getattr(T, target)), ulps=8,
              match_message=True)
        check(lambda T: getattr(T, op)(values(T, (2, 3), source), out=T.empty(0, dtype=getattr(T, target))), ulps=8,
              match_message=True)
    check(lambda T: getattr(T, op)(values(T, (2, 3), source), dtype=T.float64, out=T.empty(0)), match_message=True)
    check(lambda T: getattr(T, op)(values(T, (2, 3), source), 0.5))


# ---------------------------------------------------------------------------------------------
# all, any, aminmax


@pytest.mark.parametrize("fn", [
    lambda T: T.all(T.tensor([[0, 3], [1, 0]], dtype=T.uint8)),
    lambda T: T.tensor([[0, 3], [1, 0]], dtype=T.uint8).any(1, True),
    lambda T: T.all(T.zeros(0, dtype=T.uint8)),
    lambda T: T.all(T.tensor([[1.0, 0.0]]).t(), ()),
    lambda T: T.any(T.tensor([[1.0, 0.0, 2.0]])[:, ::2], (), keepdim=True),
    lambda T: T.all(T.tensor(2.0), ()),
    lambda T: T.all(T.tensor([NAN])),
    lambda T: T.all(T.tensor([1 + 1j, 0])),
    lambda T: T.all(T.tensor(X), dim=None, keepdim=True),
    lambda T: T.any(T.tensor(X), 0, out=T.empty(0, dtype=T.uint8)),
    lambda T: T.all(T.tensor([[0, 3], [1, 0]], dtype=T.uint8), 0, out=T.empty(0, dtype=T.bool)),
    lambda T: T.all(T.tensor(X), 0, True, out=T.empty(5, dtype=T.bool)),
    lambda T: T.all(T.tensor(X), 0, out=T.empty(0, dtype=T.float32)),
    lambda T: T.any(T.tensor(X), out=T.empty(0, dtype=T.int64)),
    lambda T: T.any(T.tensor(X), (0, 0)),
    lambda T: T.all(T.tensor(X), 2),
    lambda T: T.all(T.tensor(3), 0),
])
def test_all_any(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.all(T.tensor(X), 0.5),
    lambda T: T.tensor(X).all(True),
    lambda T: T.all(T.tensor(X), dtype=T.bool),
])
def test_all_any_argument_errors(fn):
    check(fn)


@pytest.mark.parametrize("fn", [
    lambda T: T.aminmax(T.tensor(X)),
    lambda T: T.aminmax(T.tensor(X), keepdim=True),
    lambda T: T.tensor(X).aminmax(dim=-1),
    lambda T: T.aminmax(T.tensor(3.0), dim=0),
    lambda T: T.aminmax(T.tensor([True, False])),
    lambda T: T.aminmax(T.tensor(X), dim=0, out=(T.empty(0), T.empty(0))),
    lambda T: repr(T.aminmax(T.tensor(X), dim=0)),
    lambda T: T.aminmax(T.tensor(X)).max,
    lambda T: T.aminmax(T.zeros(0)),
    lambda T: T.aminmax(T.zeros(0, dtype=T.complex64)),
    lambda T: T.aminmax(T.zeros(0, 3), dim=0),
    lambda T: T.aminmax(T.zeros(0, 3), dim=1),
    lambda T: T.aminmax(T.tensor([1 + 1j])),
    lambda T: T.aminmax(T.tensor(X), dim=2),
])
def test_aminmax(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [lambda T: T.aminmax(T.tensor(X), 0), lambda T: T.aminmax(T.tensor(X), dim=(0, 1))])
def test_aminmax_argument_errors(fn):
    check(fn)


# ---------------------------------------------------------------------------------------------
# logsumexp


@pytest.mark.parametrize("fn", [
    lambda T: T.logsumexp(T.tensor([1000.0, 1000.0]), 0),
    lambda T: T.logsumexp(T.tensor([-1000.0, -1000.5], dtype=T.float64), 0),
    lambda T: T.logsumexp(T.tensor([[1 + 1j, 2 - 1j]]), 1),
    lambda T: T.logsumexp(T.tensor([1 + 1j, INF]), 0),
    lambda T: T.logsumexp(T.arange(3.0), ()),
    lambda T: T.logsumexp(T.arange(6.0).view(2, 3), []),
    lambda T: T.logsumexp(T.arange(3.0), (), True),
    lambda T: T.logsumexp(T.tensor(3.0), ()),
    lambda T: T.logsumexp(T.zeros(0, 3), 0),
    # float32 exp differs by an ulp between libraries; a float64 sum of them shows it
    lambda T: T.logsumexp(T.tensor(X), 0, out=T.empty(0, dtype=T.float64)).float(),
    lambda T: T.logsumexp(T.tensor([1.0, 2.0], dtype=T.bfloat16), 0, out=T.empty(0)),
    lambda T: T.logsumexp(T.arange(3), 0, out=T.empty(0, dtype=T.int64)),
    lambda T: T.logsumexp(T.tensor(X), 2),
    lambda T: T.tensor(X).logsumexp(1),
])
def test_logsumexp(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.logsumexp(T.tensor(X)), lambda T: T.logsumexp(T.tensor(X), None),
    lambda T: T.logsumexp(T.tensor(X), 0.5), lambda T: T.logsumexp(T.tensor(X), 0, dtype=T.float64),
])
def test_logsumexp_argument_errors(fn):
    check(fn)


# ---------------------------------------------------------------------------------------------
# softmax, log_softmax

def through_exp(T, y):
    """A float32 log_softmax near zero is ``(x - max) - log(sum)``, two close numbers: an ulp of difference in the
    libraries' exp or log is many ulps of the result. Its exp compares the absolute error instead."""
    return y.exp() if y.dtype == T.float32 else y


SOFTMAX = {
    "softmax": lambda T, x, d: T.softmax(x, d),
    "log_softmax": lambda T, x, d: through_exp(T, x.log_softmax(d)),
    "softmax(dtype=float64)": lambda T, x, d: x.softmax(d, T.float64),
    "log_softmax(dtype=float32)": lambda T, x, d: through_exp(T, T.log_softmax(x, dim=d, dtype=T.float32)),
}


@pytest.mark.parametrize("name", SOFTMAX)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_softmax(name, dtype):
    f = SOFTMAX[name]
    for shape in SHAPES:
        for layout in layouts_for(shape):
            for d in (0, -1, 1) if len(shape) < 3 else (0, 1, 3):
                check(lambda T: f(T, values(T, shape, dtype, layout), d), ulps=8, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.softmax(T.tensor([INF, 1.0]), 0),
    lambda T: T.softmax(T.tensor([-INF, -INF]), 0),
    lambda T: T.log_softmax(T.tensor([-INF, 0.0]), 0),
    lambda T: T.log_softmax(T.tensor([-INF, -INF]), 0),
    lambda T: T.softmax(T.tensor([1000.0, 0.0, -1000.0]), 0),
    lambda T: T.log_softmax(T.tensor([1000.0, 0.0, -1000.0], dtype=T.float16), 0),
    lambda T: T.softmax(T.tensor([[1.0, 2.0], [3.0, 4.0]]), 0, out=T.empty(0)),
    lambda T: T.log_softmax(T.tensor(X), 1, out=T.empty(0)),
    lambda T: T.softmax(T.tensor([[1.0, 2.0], [3.0, 4.0]]), 0, out=T.empty(0, dtype=T.float64)),
    lambda T: T.softmax(T.tensor([1, 2]), 0, dtype=T.float32),
    lambda T: T.softmax(T.tensor([1.0, 2.0], dtype=T.bfloat16), 0, dtype=T.float16),
    lambda T: T.softmax(T.tensor(X), 1, dtype=T.int64),
    lambda T: T.softmax(T.tensor([1, 2]), 0, dtype=T.complex64),
    lambda T: T.softmax(T.tensor(2.0), 1),
])
def test_softmax_edges(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.softmax(T.tensor(X)), lambda T: T.softmax(T.tensor(X), (0,)), lambda T: T.softmax(T.tensor(X), None),
])
def test_softmax_argument_errors(fn):
    check(fn)


# ---------------------------------------------------------------------------------------------
# norm

ORDERS = [None, "fro", "nuc", 2, 1, INF, -INF, 0, 0.5, 3, -1, -2]


@pytest.mark.parametrize("p", ORDERS, ids=str)
@pytest.mark.parametrize("dtype", ["int64", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"])
def test_norm_orders(p, dtype):
    for shape in ((), (0,), (5,), (2, 3), (3, 0), (2, 3, 4)):
        for d in dims_for(shape, [None, -1, (1, 0), (2, 0), (0, 1, 2)]):
            check(lambda T: T.norm(values(T, shape, dtype, LAYOUTS[1]), p, d), ulps=8, match_message=True)
            check(lambda T: values(T, shape, dtype).norm(p, d, keepdim=True), ulps=8, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.norm(T.tensor(X), "abc"),
    lambda T: T.norm(T.tensor(X), "abc", dim=1),
    lambda T: T.norm(T.tensor(X), "nuc", dim=1),
    lambda T: T.norm(T.tensor(X), "nuc", dim=(0, 0)),
    lambda T: T.norm(T.tensor(X), "nuc", dtype=T.float64),
    lambda T: T.norm(T.tensor(X), "nuc", dtype=T.int64),
    lambda T: T.norm(T.tensor(X), "nuc", dtype=T.complex64),
    lambda T: T.norm(T.tensor([[1 + 1j, 2], [0, -3j]]), "nuc", dtype=T.complex128),
    lambda T: T.norm(T.tensor(X), "nuc", out=T.empty(0)),
    lambda T: T.norm(T.tensor(X), "fro", (0, 0)),
    lambda T: T.norm(T.tensor(X), dtype=T.float64),
    lambda T: T.norm(T.tensor(X), 1, dtype=T.float64, out=T.empty(0, dtype=T.float64)),
    lambda T: T.norm(T.tensor(X), 1, dtype=T.float64, out=T.empty(0)),
    lambda T: T.norm(T.tensor(X), 2, 1, out=T.empty(0, dtype=T.float64)),
    lambda T: T.norm(T.tensor(X), 2, out=T.empty(0, dtype=T.int64)),
    lambda T: T.norm(T.tensor(X), out=T.empty(0)),
    lambda T: T.norm(T.tensor(X), dtype=T.int64),
    lambda T: T.norm(T.tensor(X), dtype=T.complex64),
    lambda T: T.norm(T.tensor([[1 + 1j, 2], [0, -3j]]), dtype=T.complex128),
    lambda T: T.norm(T.tensor([[1 + 1j, 2], [0, -3j]]), 1, dtype=T.float64),
    lambda T: T.norm(T.tensor([1.0, 2.0], dtype=T.float16), dtype=T.float32),
    lambda T: T.norm(T.tensor(X), p=1 + 1j),
    lambda T: T.norm(T.tensor(X), p=True),
    lambda T: T.norm(T.tensor(X), p=T.tensor(2.0)),
    lambda T: T.norm(T.tensor([1e30, 1e30])),
    lambda T: T.norm(T.tensor([NAN, INF]), INF),
    lambda T: T.norm(T.tensor([NAN, INF]), 0),
    lambda T: T.tensor(X).norm(p="fro"),
    lambda T: T.tensor(X).norm(2, 1, True, T.float64),
])
def test_norm_edges(fn):
    check(fn, ulps=8, match_message=True)


def test_numpy_spellings():
    x = [[0.5, NAN, 4.0], [2.0, -3.0, 0.25]]
    check(lambda T: [T.std(T.tensor(X), axis=0), T.tensor(X).var(axis=1, keepdims=True), T.all(T.tensor(X), axis=0),
                     T.tensor(X).any(axis=1, keepdims=True), T.nansum(T.tensor(x), axis=0),
                     T.nanmean(T.tensor(x), axis=1), T.logsumexp(T.tensor(X), axis=0), T.softmax(T.tensor(X), axis=0),
                     T.std_mean(T.tensor(X), axis=0), T.aminmax(T.tensor(X), axis=0)])


def test_integers_take_the_default_dtype():
    def fn(T):
        T.set_default_dtype(T.float64)
        try:
            return T.logsumexp(T.arange(6).view(2, 3), 1)
        finally:
            T.set_default_dtype(T.float32)

    check(fn)


def test_norm_argument_errors():
    check(lambda T: T.norm(T.tensor(X), 2, dim=0.5))
